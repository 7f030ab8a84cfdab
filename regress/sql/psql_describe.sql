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
DROP TABLE items;
DROP SCHEMA shop CASCADE;
