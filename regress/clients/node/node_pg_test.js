// node_pg_test.js
//     The real node-postgres (`pg` from npm) against a server: parameterized queries (the
//     extended protocol: Parse/Bind/Describe/Execute/Sync with text parameters), queries
//     without parameters (simple protocol), named prepared statements reused, rows in
//     rowMode 'array', a transaction rolled back and one committed, errors by SQLSTATE, and
//     the connection still usable after each. Every check asserts the values it reads back.
//
// Usage: node node_pg_test.js HOST PORT USER PASSWORD SSL(0|1)
// Prints "test NAME ... ok/FAILED" per case and exits 1 if any failed.
'use strict';
const assert = require('assert');
const { Client } = require('pg');

const [host, port, user, password, ssl] = process.argv.slice(2);
const results = [];

async function run(name, fn, client) {
    try {
        await fn(client);
        results.push([name, null]);
    } catch (e) {
        results.push([name, e.stack || String(e)]);
    }
}

async function main() {
    const client = new Client({
        host, port: Number(port), user, password, database: 'postgres',
        ssl: ssl === '1' ? { rejectUnauthorized: false } : false,
    });
    await client.connect();

    await run('create_and_insert', async (c) => {
        await c.query('CREATE TABLE npg (id int PRIMARY KEY, name text, qty int, price numeric)');
        for (let i = 1; i <= 5; i++)
            await c.query('INSERT INTO npg VALUES ($1, $2, $3, $4)', [i, 'n' + i, i * 10, (i * 1.5).toFixed(2)]);
        const r = await c.query('SELECT count(*) AS n, sum(qty) AS q FROM npg');
        assert.strictEqual(r.rows[0].n, '5');
        assert.strictEqual(r.rows[0].q, '150');
    }, client);

    await run('parameter_types', async (c) => {
        const r = await c.query('SELECT $1::int + 1 AS a, $2::text AS b, $3::bool AS c, $4::numeric AS d',
            [41, "it's", true, '12.50']);
        assert.deepStrictEqual(r.rows[0], { a: 42, b: "it's", c: true, d: '12.50' });
        const n = await c.query('SELECT name FROM npg WHERE id = $1 AND qty > $2', [3, 5]);
        assert.strictEqual(n.rows[0].name, 'n3');
        const none = await c.query('SELECT name FROM npg WHERE id = $1', [99]);
        assert.strictEqual(none.rowCount, 0);
        const nul = await c.query('SELECT $1::text IS NULL AS isnull', [null]);
        assert.strictEqual(nul.rows[0].isnull, true);
    }, client);

    await run('named_statement_reused', async (c) => {
        const q = { name: 'by-id', text: 'SELECT id, name FROM npg WHERE id = $1', rowMode: 'array' };
        const seen = [];
        for (const id of [1, 2, 5])
            seen.push((await c.query({ ...q, values: [id] })).rows[0]);
        assert.deepStrictEqual(seen, [[1, 'n1'], [2, 'n2'], [5, 'n5']]);
    }, client);

    await run('transactions', async (c) => {
        await c.query('BEGIN');
        await c.query('UPDATE npg SET qty = 0 WHERE id = $1', [1]);
        await c.query('ROLLBACK');
        assert.strictEqual((await c.query('SELECT qty FROM npg WHERE id = 1')).rows[0].qty, 10);
        await c.query('BEGIN');
        await c.query('DELETE FROM npg WHERE id = $1', [5]);
        await c.query('COMMIT');
        assert.strictEqual((await c.query('SELECT count(*)::int AS n FROM npg')).rows[0].n, 4);
    }, client);

    await run('errors_by_sqlstate', async (c) => {
        await assert.rejects(c.query('INSERT INTO npg (id) VALUES ($1)', [1]), (e) => e.code === '23505');
        await assert.rejects(c.query('SELECT 1 / $1::int', [0]), (e) => e.code === '22012');
        await assert.rejects(c.query('SELECT * FROM no_such_table'), (e) => e.code === '42P01');
        await assert.rejects(c.query('SELECT $1::int', ['abc']), (e) => e.code === '22P02');
        assert.strictEqual((await c.query('SELECT 7 AS x')).rows[0].x, 7);
    }, client);

    await run('cleanup', async (c) => {
        await c.query('DROP TABLE npg');
    }, client);
    await client.end();

    let failed = 0;
    for (const [name, err] of results) {
        if (err === null) console.log(`test node_pg_${name} ... ok`);
        else { failed++; console.log(`test node_pg_${name} ... FAILED\n${err}`); }
    }
    process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log('test node_pg_connect ... FAILED\n' + e.stack); process.exit(1); });
