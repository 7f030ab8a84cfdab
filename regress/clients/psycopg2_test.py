"""
psycopg2_test.py
    The real psycopg2 (Debian python3-psycopg2, over libpq) against a server: connect over
    TCP, parameterized queries (psycopg2 interpolates them on the client and uses the
    simple protocol), executemany and execute_batch (several statements in one Query),
    transactions committed and rolled back, isolation levels, a named server-side cursor
    (DECLARE / FETCH / CLOSE), COPY in and out (copy_from, copy_to, copy_expert with CSV),
    errors with their SQLSTATE, and the connection still usable after each. Every check
    asserts the values it reads back.

Usage: /usr/bin/python3 psycopg2_test.py "host=... port=... user=... dbname=..."
Prints "test NAME ... ok/FAILED" per case and exits 1 if any failed.
"""
import io
import sys
import traceback
from decimal import Decimal

import psycopg2
import psycopg2.extensions
import psycopg2.extras

DSN = sys.argv[1]
RESULTS = []


def case(fn):
    try:
        fn()
        RESULTS.append((fn.__name__, None))
    except Exception:  # noqa: BLE001 - the failure is the case's verdict
        RESULTS.append((fn.__name__, traceback.format_exc(limit=3)))
    return fn


conn = psycopg2.connect(DSN)


@case
def connect_and_settings():
    cur = conn.cursor()
    cur.execute("SHOW server_version")
    assert cur.fetchone()[0].startswith("15"), "server_version"
    assert conn.server_version >= 150000
    assert conn.encoding == "UTF8"
    cur.execute("SELECT current_user")
    assert cur.fetchone()[0] == conn.info.user
    conn.rollback()


@case
def create_and_parameters():
    cur = conn.cursor()
    cur.execute("CREATE TABLE pg2 (id int PRIMARY KEY, name text, price numeric(10,2), "
                "ok bool, ts timestamptz, raw bytea)")
    cur.execute("INSERT INTO pg2 VALUES (%s, %s, %s, %s, %s, %s)",
                (1, "it's", Decimal("12.50"), True, "2024-01-02 03:04:05+00", b"\x00\x01\xff"))
    cur.execute("INSERT INTO pg2 (id, name) VALUES (%(id)s, %(name)s)", {"id": 2, "name": None})
    conn.commit()
    cur.execute("SELECT id, name, price, ok, raw FROM pg2 WHERE id = %s", (1,))
    row = cur.fetchone()
    assert row[0] == 1 and row[1] == "it's" and row[2] == Decimal("12.50") and row[3] is True
    assert bytes(row[4]) == b"\x00\x01\xff", row[4]
    cur.execute("SELECT name IS NULL, price FROM pg2 WHERE id = %(id)s", {"id": 2})
    assert cur.fetchone() == (True, None)
    cur.execute("SELECT ts FROM pg2 WHERE id = 1")
    ts = cur.fetchone()[0]
    assert (ts.year, ts.hour, ts.utcoffset().total_seconds()) == (2024, 3, 0), ts
    conn.rollback()


@case
def executemany_and_batch():
    cur = conn.cursor()
    cur.executemany("INSERT INTO pg2 (id, name) VALUES (%s, %s)", [(i, "n%d" % i) for i in range(10, 20)])
    psycopg2.extras.execute_batch(cur, "UPDATE pg2 SET price = %s WHERE id = %s",
                                  [(Decimal(i), i) for i in range(10, 20)], page_size=4)
    conn.commit()
    cur.execute("SELECT count(*), sum(price) FROM pg2 WHERE id >= 10")
    assert cur.fetchone() == (10, Decimal("145")), "rows and sum"
    conn.rollback()


@case
def rollback_undoes():
    cur = conn.cursor()
    cur.execute("DELETE FROM pg2 WHERE id >= 10")
    assert cur.rowcount == 10
    conn.rollback()
    cur.execute("SELECT count(*) FROM pg2 WHERE id >= 10")
    assert cur.fetchone()[0] == 10
    conn.rollback()


@case
def errors_keep_the_connection():
    cur = conn.cursor()
    try:
        cur.execute("INSERT INTO pg2 (id) VALUES (1)")
        raise AssertionError("duplicate accepted")
    except psycopg2.errors.UniqueViolation as e:
        assert e.pgcode == "23505"
    conn.rollback()
    try:
        cur.execute("SELECT 1/0")
        raise AssertionError("division accepted")
    except psycopg2.errors.DivisionByZero as e:
        assert e.pgcode == "22012"
    conn.rollback()
    try:
        cur.execute("SELECT * FROM no_such_table")
        raise AssertionError("missing table accepted")
    except psycopg2.errors.UndefinedTable:
        pass
    conn.rollback()
    cur.execute("SELECT 42")
    assert cur.fetchone()[0] == 42
    conn.rollback()


@case
def isolation_levels():
    conn.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_SERIALIZABLE)
    cur = conn.cursor()
    cur.execute("SHOW transaction_isolation")
    assert cur.fetchone()[0] == "serializable"
    conn.rollback()
    conn.set_session(isolation_level="DEFAULT", readonly=True)
    cur.execute("SHOW transaction_read_only")
    assert cur.fetchone()[0] == "on"
    conn.rollback()
    conn.set_session(isolation_level="DEFAULT", readonly="DEFAULT")
    conn.autocommit = True
    cur.execute("SELECT count(*) FROM pg2")
    assert cur.fetchone()[0] == 12
    conn.autocommit = False


@case
def named_cursor():
    cur = conn.cursor(name="pg2_cur")
    cur.itersize = 3
    cur.execute("SELECT id FROM pg2 WHERE id >= %s ORDER BY id", (10,))
    ids = [r[0] for r in cur]
    assert ids == list(range(10, 20)), ids
    cur.close()
    conn.commit()


@case
def copy_in_and_out():
    cur = conn.cursor()
    cur.execute("CREATE TABLE pg2kv (k text PRIMARY KEY, v text)")
    cur.copy_from(io.StringIO("a\t1\nb\t\\N\nc\ttab\\there\n"), "pg2kv", columns=("k", "v"))
    cur.copy_expert("COPY pg2kv (k, v) FROM STDIN WITH (FORMAT csv)", io.StringIO('d,"x,y"\ne,\n'))
    conn.commit()
    out = io.StringIO()
    cur.copy_to(out, "pg2kv")
    assert out.getvalue() == "a\t1\nb\t\\N\nc\ttab\\there\nd\tx,y\ne\t\\N\n", repr(out.getvalue())
    out = io.StringIO()
    cur.copy_expert("COPY (SELECT k, v FROM pg2kv ORDER BY k DESC) TO STDOUT WITH (FORMAT csv, HEADER)", out)
    assert out.getvalue() == 'k,v\ne,\nd,"x,y"\nc,tab\there\nb,\na,1\n', repr(out.getvalue())
    try:
        cur.copy_from(io.StringIO("f\tok\ng\n"), "pg2kv", columns=("k", "v"))
        raise AssertionError("short row accepted")
    except psycopg2.errors.BadCopyFileFormat as e:
        assert "line 2" in str(e)
    conn.rollback()
    cur.execute("SELECT count(*) FROM pg2kv")
    assert cur.fetchone()[0] == 5, "the failed COPY kept nothing"
    conn.rollback()


@case
def cleanup():
    cur = conn.cursor()
    cur.execute("DROP TABLE pg2, pg2kv")
    conn.commit()
    conn.close()


failed = 0
for name, err in RESULTS:
    if err is None:
        print("test psycopg2_%s ... ok" % name)
    else:
        failed += 1
        print("test psycopg2_%s ... FAILED\n%s" % (name, err))
sys.exit(1 if failed else 0)
