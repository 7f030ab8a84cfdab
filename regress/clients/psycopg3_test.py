"""
psycopg3_test.py
    The real psycopg 3 (Debian python3-psycopg, pure Python over libpq) against a server.
    psycopg 3 binds parameters on the server through the extended protocol: Parse with
    typed (int2, sent in binary) and untyped (OID 0) parameters, Bind, Describe(portal),
    Execute; results in text and, for a binary cursor, in binary. Cases: parameters,
    binary results, prepared statements (the prepare threshold and prepare=True),
    executemany in pipeline mode, transactions with nested savepoints, a server-side
    cursor (DECLARE through the extended protocol, Describe of the SQL cursor as a portal,
    FETCH FORWARD), COPY in and out row by row in text and binary, errors by SQLSTATE, isolation levels and
    read-only, autocommit, and cancelling a running query. Every case asserts the values
    it reads back.

Usage: /usr/bin/python3 psycopg3_test.py "host=... port=... user=... dbname=..."
Prints "test NAME ... ok/FAILED" per case and exits 1 if any failed.
"""
import datetime
import sys
import threading
import time
import traceback
import uuid
from decimal import Decimal

import psycopg
from psycopg import errors, pq
from psycopg.types import TypeInfo
from psycopg.types.composite import CompositeInfo
from psycopg.types.json import Jsonb

DSN = sys.argv[1]
RESULTS = []


def case(fn):
    try:
        fn()
        RESULTS.append((fn.__name__, None))
    except Exception:  # noqa: BLE001 - the failure is the case's verdict
        RESULTS.append((fn.__name__, traceback.format_exc(limit=3)))
    return fn


conn = psycopg.connect(DSN)


@case
def connect_and_settings():
    assert conn.info.server_version >= 150000, conn.info.server_version
    assert conn.info.encoding == "utf-8", conn.info.encoding
    assert conn.info.parameter_status("DateStyle").startswith("ISO")
    row = conn.execute("SELECT current_user, %s::text", ["x"]).fetchone()
    assert row == (conn.info.user, "x"), row
    conn.rollback()


@case
def create_and_parameters():
    conn.execute("CREATE TABLE pg3 (id int PRIMARY KEY, name text, price numeric(10,2), "
                 "ok bool, small int2, big int8, f float8, raw bytea)")
    conn.execute("INSERT INTO pg3 VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                 (1, "it's", Decimal("12.50"), True, 7, 2 ** 40, 0.5, b"\x00\x01\xff"))
    conn.execute("INSERT INTO pg3 (id, name) VALUES (%(id)s, %(name)s)", {"id": 2, "name": None})
    conn.commit()
    row = conn.execute("SELECT id, name, price, ok, small, big, f, raw FROM pg3 WHERE id = %s",
                       (1,)).fetchone()
    assert row == (1, "it's", Decimal("12.50"), True, 7, 2 ** 40, 0.5, b"\x00\x01\xff"), row
    row = conn.execute("SELECT name IS NULL, price FROM pg3 WHERE id = %(id)s", {"id": 2}).fetchone()
    assert row == (True, None), row
    # A str parameter goes untyped (OID 0): the server infers its type from the context.
    row = conn.execute("SELECT id FROM pg3 WHERE name = %s", ["it's"]).fetchone()
    assert row == (1,), row
    conn.rollback()


@case
def returning_and_serial():
    conn.execute("CREATE TABLE pg3ret (id serial PRIMARY KEY, name text)")
    ids = [conn.execute("INSERT INTO pg3ret (name) VALUES (%s) RETURNING id", (n,)).fetchone()[0]
           for n in ("x", "y", "z")]
    assert ids == [1, 2, 3], ids
    cur = conn.cursor(binary=True)
    cur.execute("UPDATE pg3ret SET name = upper(name) WHERE id >= %s RETURNING id, name", (2,))
    assert sorted(cur.fetchall()) == [(2, "Y"), (3, "Z")]
    assert cur.rowcount == 2, cur.rowcount
    conn.execute("DROP TABLE pg3ret")
    conn.commit()


@case
def binary_results():
    cur = conn.cursor(binary=True)
    cur.execute("SELECT id, name, price, ok, small, big, f, raw FROM pg3 WHERE id = %s", (1,))
    assert cur.pgresult.fformat(0) == pq.Format.BINARY
    row = cur.fetchone()
    assert row == (1, "it's", Decimal("12.50"), True, 7, 2 ** 40, 0.5, b"\x00\x01\xff"), row
    cur.execute("SELECT %b::int8 + 1, %b::numeric * 2, %t::text", (41, Decimal("-1.25"), "t"))
    assert cur.fetchone() == (42, Decimal("-2.50"), "t")
    conn.rollback()


@case
def types_text_and_binary():
    values = [datetime.date(2024, 1, 2), uuid.UUID(int=5), datetime.timedelta(days=1, seconds=5),
              [1, 2, 3], ["a", None, "c"], Jsonb({"k": [1, "x"]}),
              datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)]
    expect = values[:5] + [{"k": [1, "x"]}, values[6]]
    for binary in (False, True):
        cur = conn.cursor(binary=binary)
        cur.execute("SELECT %s, %s, %s, %s, %s::text[], %s, %s", values)
        row = cur.fetchone()
        assert list(row) == expect, (binary, row)
        cur.execute("SELECT %s::date + 1, %s::int4[] || 4", (datetime.date(2024, 2, 28), [1]))
        assert cur.fetchone() == (datetime.date(2024, 2, 29), [1, 4])
    conn.rollback()


@case
def type_info():
    t = TypeInfo.fetch(conn, "jsonb")
    assert (t.name, t.oid, t.array_oid) == ("jsonb", 3802, 3807), t
    t = TypeInfo.fetch(conn, "int4")
    assert (t.oid, t.array_oid) == (23, 1007), t
    conn.execute("CREATE TABLE pg3comp (a int, b text, c date)")
    conn.commit()
    ci = CompositeInfo.fetch(conn, "pg3comp")
    assert ci is not None and ci.field_names == ["a", "b", "c"], ci
    assert ci.field_types == [23, 25, 1082], ci.field_types
    conn.execute("DROP TABLE pg3comp")
    conn.commit()


@case
def prepared_statements():
    # The sixth execution crosses prepare_threshold (5): psycopg prepares "_pg3_n" and
    # binds to it from then on.
    for i in range(8):
        row = conn.execute("SELECT %s::int + id FROM pg3 WHERE id = 1", (i,)).fetchone()
        assert row == (i + 1,), row
    row = conn.execute("SELECT name FROM pg3 WHERE id = %s", (1,), prepare=True).fetchone()
    assert row == ("it's",), row
    row = conn.execute("SELECT name FROM pg3 WHERE id = %s", (1,), prepare=True).fetchone()
    assert row == ("it's",), row
    conn.rollback()  # psycopg answers a rollback with DEALLOCATE ALL
    row = conn.execute("SELECT name FROM pg3 WHERE id = %s", (1,), prepare=True).fetchone()
    assert row == ("it's",), row
    conn.rollback()


@case
def executemany_pipeline():
    cur = conn.cursor()
    cur.executemany("INSERT INTO pg3 (id, name) VALUES (%s, %s)",
                    [(i, "n%d" % i) for i in range(10, 20)])
    cur.executemany("UPDATE pg3 SET price = %s WHERE id = %s",
                    [(Decimal(i), i) for i in range(10, 20)])
    conn.commit()
    row = conn.execute("SELECT count(*), sum(price) FROM pg3 WHERE id >= 10").fetchone()
    assert row == (10, Decimal("145")), row
    # An error inside the pipeline fails the whole batch and nothing of it is kept.
    try:
        cur.executemany("INSERT INTO pg3 (id) VALUES (%s)", [(30,), (31,), (1,)])
        raise AssertionError("duplicate accepted")
    except errors.UniqueViolation:
        pass
    conn.rollback()
    assert conn.execute("SELECT count(*) FROM pg3 WHERE id >= 30").fetchone() == (0,)
    conn.rollback()


@case
def transactions_and_savepoints():
    with conn.transaction():
        conn.execute("INSERT INTO pg3 (id, name) VALUES (40, 'outer')")
        try:
            with conn.transaction():
                conn.execute("INSERT INTO pg3 (id, name) VALUES (41, 'inner')")
                raise RuntimeError("roll the savepoint back")
        except RuntimeError:
            pass
        with conn.transaction():
            conn.execute("INSERT INTO pg3 (id, name) VALUES (42, 'kept')")
    rows = conn.execute("SELECT id, name FROM pg3 WHERE id >= 40 ORDER BY id").fetchall()
    assert rows == [(40, "outer"), (42, "kept")], rows
    conn.execute("DELETE FROM pg3 WHERE id >= 40")
    conn.rollback()
    assert conn.execute("SELECT count(*) FROM pg3 WHERE id >= 40").fetchone() == (2,)
    conn.execute("DELETE FROM pg3 WHERE id >= 40")
    conn.commit()


@case
def server_side_cursor():
    with conn.cursor(name="pg3_cur") as cur:
        cur.itersize = 1
        cur.execute("SELECT id, name FROM pg3 WHERE id >= %s ORDER BY id", (15,))
        assert [d.name for d in cur.description] == ["id", "name"]
        rows = list(cur)
    assert rows == [(i, "n%d" % i) for i in range(15, 20)], rows
    with conn.cursor(name="pg3_cur2") as cur:
        cur.execute("SELECT id FROM pg3 WHERE id >= 10 ORDER BY id")
        assert cur.fetchmany(3) == [(10,), (11,), (12,)]
        cur.scroll(2)
        assert cur.fetchone() == (15,)
    conn.commit()


@case
def copy_in_and_out():
    conn.execute("CREATE TABLE pg3kv (k text PRIMARY KEY, v int)")
    with conn.cursor() as cur:
        with cur.copy("COPY pg3kv (k, v) FROM STDIN") as copy:
            copy.write_row(("a", 1))
            copy.write_row(("b\tc", None))
            copy.write_row(("d", -3))
        with cur.copy("COPY pg3kv FROM STDIN (FORMAT csv)") as copy:
            copy.write(b'"e,f",5\n')
        conn.commit()
        with cur.copy("COPY (SELECT k, v FROM pg3kv ORDER BY k) TO STDOUT") as copy:
            rows = list(copy.rows())
        assert rows == [("a", "1"), ("b\tc", None), ("d", "-3"), ("e,f", "5")], rows
        try:
            with cur.copy("COPY pg3kv FROM STDIN") as copy:
                copy.write(b"x\t1\ny\tnot-a-number\n")
            raise AssertionError("bad row accepted")
        except errors.InvalidTextRepresentation as e:
            assert "line 2" in str(e.diag.context), e.diag.context
        conn.rollback()
        assert cur.execute("SELECT count(*) FROM pg3kv").fetchone() == (4,)
    conn.rollback()


@case
def copy_binary():
    conn.execute("CREATE TABLE pg3bin (id int8 PRIMARY KEY, name text, price numeric, ok bool)")
    rows = [(1, "one", Decimal("1.50"), True), (2, None, Decimal("-7"), None),
            (3, "x" * 3000, None, False)]
    with conn.cursor() as cur:
        with cur.copy("COPY pg3bin (id, name, price, ok) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "text", "numeric", "bool"])
            for r in rows:
                copy.write_row(r)
        with cur.copy("COPY pg3bin TO STDOUT (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "text", "numeric", "bool"])
            got = list(copy.rows())
        assert got == rows, got
    conn.execute("DROP TABLE pg3bin")
    conn.commit()


@case
def errors_keep_the_connection():
    try:
        conn.execute("INSERT INTO pg3 (id) VALUES (%s)", (1,))
        raise AssertionError("duplicate accepted")
    except errors.UniqueViolation as e:
        assert e.sqlstate == "23505"
        assert e.diag.table_name in (None, "pg3")
    conn.rollback()
    try:
        conn.execute("SELECT 1 / %s", (0,))
        raise AssertionError("division accepted")
    except errors.DivisionByZero:
        pass
    conn.rollback()
    try:
        conn.execute("SELECT %s::int", ("twelve",))
        raise AssertionError("bad integer accepted")
    except errors.InvalidTextRepresentation:
        pass
    conn.rollback()
    try:
        conn.execute("SELECT * FROM no_such_table WHERE x = %s", (1,))
        raise AssertionError("missing table accepted")
    except errors.UndefinedTable:
        pass
    conn.rollback()
    assert conn.execute("SELECT %s::int * 2", (21,)).fetchone() == (42,)
    conn.rollback()


@case
def isolation_and_autocommit():
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    row = conn.execute("SHOW transaction_isolation").fetchone()
    assert row == ("repeatable read",), row
    assert conn.execute("SHOW transaction_read_only").fetchone() == ("on",)
    try:
        conn.execute("DELETE FROM pg3")
        raise AssertionError("write in a read-only transaction")
    except errors.ReadOnlySqlTransaction:
        pass
    conn.rollback()
    conn.isolation_level = None
    conn.read_only = None
    conn.autocommit = True
    conn.execute("INSERT INTO pg3 (id, name) VALUES (50, 'auto')")
    assert conn.info.transaction_status == pq.TransactionStatus.IDLE
    other = psycopg.connect(DSN)
    assert other.execute("SELECT name FROM pg3 WHERE id = 50").fetchone() == ("auto",)
    other.close()
    conn.execute("DELETE FROM pg3 WHERE id = 50")
    conn.autocommit = False


@case
def cancel_running_query():
    def cancel_soon():
        time.sleep(0.5)
        conn.cancel()

    t = threading.Thread(target=cancel_soon)
    t.start()
    start = time.time()
    try:
        conn.execute("SELECT pg_sleep(10)")
        raise AssertionError("pg_sleep was not cancelled")
    except errors.QueryCanceled as e:
        assert e.sqlstate == "57014"
    t.join()
    assert time.time() - start < 8, "cancel took too long"
    conn.rollback()
    assert conn.execute("SELECT 1").fetchone() == (1,)
    conn.rollback()


@case
def cleanup():
    conn.execute("DROP TABLE pg3, pg3kv")
    conn.commit()
    conn.close()


failed = 0
for name, err in RESULTS:
    if err is None:
        print("test psycopg3_%s ... ok" % name)
    else:
        failed += 1
        print("test psycopg3_%s ... FAILED\n%s" % (name, err))
sys.exit(1 if failed else 0)
