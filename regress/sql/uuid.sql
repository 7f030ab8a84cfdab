-- uuid: input spellings, output, errors, ordering, keys, gen_random_uuid
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'::uuid,
       'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid, 'A0EEBC999C0B4EF8BB6D6BB9BD380A11'::uuid;
SELECT 'a0eebc99-9c0b4ef8-bb6d6bb9-bd380a1'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11x'::uuid;
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc999c0b4ef8bb6d6bb9bd380a1g'::uuid;
SELECT '-a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid;
SELECT ''::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'A0EEBC999C0B4EF8BB6D6BB9BD380A11'::uuid,
       '00000000-0000-0000-0000-000000000001'::uuid < 'ffffffff-0000-0000-0000-000000000000'::uuid,
       '10000000-0000-0000-0000-000000000000'::uuid > '0fffffff-ffff-ffff-ffff-ffffffffffff'::uuid,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::text, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::text::uuid;
SELECT length(gen_random_uuid()::text), substr(gen_random_uuid()::text, 15, 1) AS version,
       strpos('89ab', substr(gen_random_uuid()::text, 20, 1)) > 0 AS variant,
       gen_random_uuid() <> gen_random_uuid() AS differ;
CREATE TABLE uuid_t (id uuid PRIMARY KEY, n int);
INSERT INTO uuid_t VALUES ('ffffffff-ffff-ffff-ffff-ffffffffffff', 1), ('00000000-0000-0000-0000-000000000000', 2),
  ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 3), ('7fffffff-ffff-ffff-ffff-ffffffffffff', 4);
INSERT INTO uuid_t VALUES ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 5);
INSERT INTO uuid_t SELECT gen_random_uuid(), 10;
SELECT * FROM uuid_t WHERE n < 10 ORDER BY id;
SELECT n FROM uuid_t WHERE id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
SELECT count(*) FROM uuid_t WHERE id > '80000000-0000-0000-0000-000000000000' AND n < 10;
SELECT a.n, b.n FROM uuid_t a JOIN uuid_t b ON a.id = b.id WHERE a.n < 10 ORDER BY 1;
DROP TABLE uuid_t;
