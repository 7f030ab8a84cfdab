-- INSERT ... ON CONFLICT on the primary key: DO NOTHING, DO UPDATE with EXCLUDED
CREATE TABLE upc (id int PRIMARY KEY, v text, n int DEFAULT 0);
INSERT INTO upc VALUES (1, 'a'), (2, 'b');
INSERT INTO upc VALUES (1, 'x') ON CONFLICT DO NOTHING;
INSERT INTO upc VALUES (1, 'x'), (3, 'c') ON CONFLICT (id) DO NOTHING RETURNING *;
INSERT INTO upc VALUES (1, 'y') ON CONFLICT (id)
    DO UPDATE SET v = excluded.v || '!', n = upc.n + 1 RETURNING *;
INSERT INTO upc AS t VALUES (2, 'z') ON CONFLICT ON CONSTRAINT upc_pkey
    DO UPDATE SET v = t.v || excluded.v WHERE t.n > 5 RETURNING *;
INSERT INTO upc AS t VALUES (2, 'z') ON CONFLICT (id)
    DO UPDATE SET v = t.v || excluded.v WHERE t.n = 0 AND excluded.v = 'z' RETURNING id, v;
INSERT INTO upc (id) VALUES (3) ON CONFLICT (id) DO UPDATE SET n = DEFAULT, v = excluded.v;
INSERT INTO upc SELECT g, 'g' || g FROM generate_series(1, 5) g
    ON CONFLICT (id) DO UPDATE SET n = upc.n + 10;
SELECT * FROM upc ORDER BY id;
-- a composite primary key, in any column order
CREATE TABLE upc2 (a int, b text, c int, PRIMARY KEY (a, b));
INSERT INTO upc2 VALUES (1, 'x', 1);
INSERT INTO upc2 VALUES (1, 'x', 5) ON CONFLICT (b, a) DO UPDATE SET c = upc2.c + excluded.c;
INSERT INTO upc2 VALUES (1, 'y', 5) ON CONFLICT (a, b) DO UPDATE SET c = 0;
SELECT * FROM upc2 ORDER BY a, b;
-- errors
INSERT INTO upc VALUES (4, 'd'), (4, 'e') ON CONFLICT (id) DO UPDATE SET v = excluded.v;
INSERT INTO upc VALUES (5, 'q') ON CONFLICT (v) DO NOTHING;
INSERT INTO upc VALUES (5, 'q') ON CONFLICT DO UPDATE SET v = 'x';
INSERT INTO upc VALUES (5, 'q') ON CONFLICT (id) DO UPDATE SET nope = 1;
INSERT INTO upc VALUES (5, 'q') ON CONFLICT (id) DO UPDATE SET v = excluded.nope;
INSERT INTO upc VALUES (5, 'q') ON CONFLICT ON CONSTRAINT no_such DO NOTHING;
INSERT INTO upc VALUES (1, 'q') ON CONFLICT (id) DO UPDATE SET id = NULL;
INSERT INTO upc VALUES (1, 'q') ON CONFLICT (id) DO UPDATE SET v = v;
SELECT * FROM upc ORDER BY id;
DROP TABLE upc, upc2;
