-- COPY FROM STDIN and TO STDOUT in text and CSV formats, through psql
CREATE TABLE cp (id int PRIMARY KEY, name text, price numeric, note varchar(10), flag bool DEFAULT true);
COPY cp FROM stdin;
1	apple	1.50	red	t
2	pear	\N	green	f
3	tab\there	2	back\\slash	t
4	new\nline	3.25	\N	\N
\.
SELECT * FROM cp ORDER BY id;
COPY cp (id, name) FROM stdin;
5	only name
\.
SELECT * FROM cp WHERE id = 5;
COPY cp TO stdout;
COPY cp (name, id) TO stdout WITH (DELIMITER '|', NULL 'nil');
COPY cp TO stdout WITH (FORMAT csv, HEADER);
COPY (SELECT id, name FROM cp WHERE id > 2 ORDER BY id DESC) TO stdout WITH (FORMAT csv, FORCE_QUOTE *);
COPY cp FROM stdin WITH (FORMAT csv, HEADER true);
id,name,price,note,flag
6,"quoted, with comma",7,"x",true
7,"say ""hi""",,,false
8,,1e2,"",t
\.
SELECT id, name, price, note IS NULL AS note_null, note, flag FROM cp WHERE id >= 6 ORDER BY id;
COPY cp FROM stdin WITH DELIMITER AS ',' NULL AS 'NULL';
9,nine,NULL,NULL,f
\.
SELECT * FROM cp WHERE id = 9;
-- bad input: the whole COPY is undone, with PostgreSQL's CONTEXT line
COPY cp FROM stdin;
10	ten	1	a	t
11	eleven	not_a_number	b	t
\.
COPY cp FROM stdin;
12	twelve
\.
COPY cp FROM stdin;
13	thirteen	1	c	t	extra
\.
COPY cp FROM stdin;
1	duplicate	1	d	t
\.
COPY cp (id, note) FROM stdin;
14	this is far too long for ten
\.
SELECT count(*) FROM cp WHERE id >= 10;
-- errors in the statement itself
COPY nosuch FROM stdin;
COPY cp (nosuch) FROM stdin;
COPY cp (id, id) FROM stdin;
COPY cp TO stdout WITH (FORMAT xml);
COPY cp TO stdout WITH (QUOTE '"');
COPY cp TO stdout WITH (DELIMITER '||');
COPY cp TO stdout WITH (FORMAT csv, FORMAT text);
COPY cp TO stdout (FORMAT csv, QUOTE ',');
-- COPY and indexes
CREATE INDEX cp_name ON cp (name);
COPY cp (id, name) FROM stdin;
20	indexed
\.
SET enable_seqscan = off;
SELECT id FROM cp WHERE name = 'indexed';
RESET enable_seqscan;
DROP TABLE cp;
