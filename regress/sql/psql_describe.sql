-- psql's describe commands on a known schema (\d, \dt, \di, \dn, \dt pattern)
CREATE SCHEMA shop;
CREATE TABLE shop.customers (id int PRIMARY KEY, name text NOT NULL, email varchar(80) UNIQUE);
CREATE TABLE items (id int PRIMARY KEY, label text, price numeric(10,2));
CREATE INDEX items_label ON items (label);
\d
\dt
\dt shop.*
\dt *.cust*
\di
\di shop.*
\dn
-- a table in full: columns, defaults, indexes (constraints, expressions, predicates), comments
CREATE TABLE shop.orders (id int PRIMARY KEY, customer int NOT NULL, amount numeric(10,2) DEFAULT 0,
                          note varchar(20) DEFAULT 'none', placed timestamptz);
CREATE INDEX orders_big ON shop.orders (amount) WHERE amount > 100;
CREATE INDEX orders_note ON shop.orders (lower(note), customer DESC);
COMMENT ON TABLE shop.orders IS 'orders';
COMMENT ON COLUMN shop.orders.note IS 'free text';
\d shop.orders
\d+ shop.orders
CREATE TABLE shop.typed (id bigint PRIMARY KEY, t timestamptz DEFAULT now(), d date DEFAULT current_date,
                         ts timestamptz DEFAULT CURRENT_TIMESTAMP(3), who name DEFAULT current_user,
                         j jsonb DEFAULT '{}', u uuid, arr int[] DEFAULT '{1,2}');
CREATE VIEW shop.typed_v AS SELECT id, t FROM shop.typed WHERE id > 5;
\d+ shop.typed
\d+ shop.typed_v
DROP VIEW shop.typed_v;
DROP TABLE shop.typed;
\d shop.customers
\d items
\du postgres
\dn+ public
\dp pg_catalog.pg_class
\dT+ pg_catalog.int4
\df+ pg_catalog.pg_get_indexdef
DROP TABLE shop.orders;
-- views, sequences, indexes, types and functions (catalog_psql covers the functions used)
CREATE VIEW shop.cust_names AS SELECT c.name, c.email FROM shop.customers c WHERE c.id > 10;
CREATE SEQUENCE shop.order_no START 1000;
CREATE INDEX cust_lower ON shop.customers (lower(name));
COMMENT ON VIEW shop.cust_names IS 'names only';
COMMENT ON SEQUENCE shop.order_no IS 'order numbers';
\dv shop.*
\ds shop.*
\d shop.cust_names
\d shop.order_no
\d shop.cust_lower
\d shop.customers_pkey
\di shop.*
\dT pg_catalog.int4
\dT pg_catalog.varchar
\df pg_catalog.pg_get_indexdef
\df pg_catalog.format_type
\df pg_catalog.pg_partition_ancestors
\df pg_catalog.make_date
\dn shop
\db
\dc
DROP VIEW shop.cust_names;
DROP SEQUENCE shop.order_no;
DROP TABLE items;
DROP SCHEMA shop CASCADE;
