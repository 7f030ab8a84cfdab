"""
extended_test.py
    The extended query protocol, message by message: Parse (named, unnamed, parameter
    types given or inferred), Bind (text and binary parameters and results), Describe of
    statements and portals, Execute with row limits (PortalSuspended), Close, Flush, Sync,
    errors that skip to Sync, and transactions spanning several Syncs.

    It prints a transcript of every message the server sends back, decoded, leaving out
    what legitimately differs between servers (process ids, keys, table OIDs, the source
    file/line/routine fields of errors). extended_test.sh diffs the transcript against
    expected/extended.out, which is this script's output against PostgreSQL 15.

Usage: python3 extended_test.py HOST PORT USER
"""
import socket
import struct
import sys

HOST, PORT, USER = sys.argv[1], int(sys.argv[2]), sys.argv[3]
PROTO_3_0 = 196608


def msg(kind, body=b""):
    return kind + struct.pack("!i", len(body) + 4) + body


def cstr(s):
    return s.encode() + b"\0"


def i16(v):
    return struct.pack("!h", v)


def i32(v):
    return struct.pack("!i", v)


def parse(name, query, types=()):
    return msg(b"P", cstr(name) + cstr(query) + i16(len(types)) + b"".join(i32(t) for t in types))


def bind(portal, stmt, params=(), param_formats=(), result_formats=()):
    body = cstr(portal) + cstr(stmt) + i16(len(param_formats))
    body += b"".join(i16(f) for f in param_formats)
    body += i16(len(params))
    for p in params:
        if p is None:
            body += i32(-1)
        else:
            raw = p if isinstance(p, bytes) else p.encode()
            body += i32(len(raw)) + raw
    body += i16(len(result_formats)) + b"".join(i16(f) for f in result_formats)
    return msg(b"B", body)


def array_bin(elem_oid, items, lbound=1):
    """A one-dimensional array in array_send's format; items are encoded bytes or None."""
    body = i32(1) + i32(1 if None in items else 0) + i32(elem_oid) + i32(len(items)) + i32(lbound)
    for it in items:
        body += i32(-1) if it is None else i32(len(it)) + it
    return body


def describe(kind, name):
    return msg(b"D", kind + cstr(name))


def execute(portal, max_rows=0):
    return msg(b"E", cstr(portal) + i32(max_rows))


def close(kind, name):
    return msg(b"C", kind + cstr(name))


SYNC = msg(b"S")
FLUSH = msg(b"H")


def query(sql):
    return msg(b"Q", cstr(sql))


class Conn:
    def __init__(self):
        self.s = socket.create_connection((HOST, PORT), timeout=20)
        body = i32(PROTO_3_0) + cstr("user") + cstr(USER) + cstr("database") + cstr("postgres")
        body += cstr("client_encoding") + cstr("UTF8") + b"\0"
        self.s.sendall(struct.pack("!i", len(body) + 4) + body)
        while True:
            kind, _ = self.read()
            if kind == b"E":
                raise RuntimeError("start-up refused")
            if kind == b"Z":
                break

    def recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed by server")
            buf += chunk
        return buf

    def read(self):
        kind = self.recv_exact(1)
        (length,) = struct.unpack("!i", self.recv_exact(4))
        return kind, self.recv_exact(length - 4)


def fields(body):
    out = {}
    pos = 0
    while pos < len(body) and body[pos] != 0:
        code = chr(body[pos])
        end = body.index(b"\0", pos + 1)
        out[code] = body[pos + 1 : end].decode()
        pos = end + 1
    return out


def show_value(raw, fmt, type_oid):
    if raw is None:
        return "NULL"
    if fmt == 0:
        return repr(raw.decode())
    if type_oid in (21, 23, 20, 26):
        return "bin:%d" % int.from_bytes(raw, "big", signed=type_oid != 26)
    if type_oid == 16:
        return "bin:%s" % ("t" if raw[0] else "f")
    if type_oid in (700, 701):
        return "bin:%r" % struct.unpack("!f" if type_oid == 700 else "!d", raw)[0]
    if type_oid in (25, 1043, 1042, 19, 17):
        return "bin:%r" % raw
    return "bin:" + raw.hex()


class Transcript:
    def __init__(self, conn):
        self.c = conn
        self.types = []
        self.formats = []

    def decode(self, kind, body):
        k = kind.decode()
        if k == "T":
            (n,) = struct.unpack("!h", body[:2])
            pos = 2
            cols = []
            self.types, self.formats = [], []
            for _ in range(n):
                end = body.index(b"\0", pos)
                name = body[pos:end].decode()
                pos = end + 1
                tbl, att, typ, tlen, tmod, fmt = struct.unpack("!ihihih", body[pos : pos + 18])
                pos += 18
                self.types.append(typ)
                self.formats.append(fmt)
                cols.append(
                    "%s(%s%s type=%d len=%d mod=%d fmt=%d)"
                    % (name, "tbl," if tbl else "", "att=%d" % att, typ, tlen, tmod, fmt)
                )
            return "RowDescription " + " ".join(cols)
        if k == "D":
            (n,) = struct.unpack("!h", body[:2])
            pos = 2
            vals = []
            for i in range(n):
                (ln,) = struct.unpack("!i", body[pos : pos + 4])
                pos += 4
                raw = None if ln < 0 else body[pos : pos + ln]
                pos += max(ln, 0)
                fmt = self.formats[i] if i < len(self.formats) else 0
                typ = self.types[i] if i < len(self.types) else 25
                vals.append(show_value(raw, fmt, typ))
            return "DataRow " + " | ".join(vals)
        if k == "t":
            (n,) = struct.unpack("!h", body[:2])
            oids = struct.unpack("!%di" % n, body[2 : 2 + 4 * n])
            return "ParameterDescription " + " ".join(str(o) for o in oids)
        if k in ("E", "N"):
            f = fields(body)
            name = "ErrorResponse" if k == "E" else "NoticeResponse"
            pos = " pos=" + f["P"] if "P" in f else ""
            return "%s %s %s %s%s" % (name, f.get("S"), f.get("C"), f.get("M"), pos)
        if k == "C":
            return "CommandComplete " + body[:-1].decode()
        if k == "Z":
            return "ReadyForQuery " + body.decode()
        names = {
            "1": "ParseComplete",
            "2": "BindComplete",
            "3": "CloseComplete",
            "n": "NoData",
            "s": "PortalSuspended",
            "I": "EmptyQueryResponse",
        }
        if k in names:
            return names[k]
        if k == "S":
            # After start-up only SET sends these, with values both servers agree on.
            name, value = body[:-1].split(b"\0")
            return "ParameterStatus %s=%s" % (name.decode(), value.decode())
        return "message %s (%d bytes)" % (k, len(body))

    def run(self, title, *messages, until=b"Z", count=1):
        """Send messages, print what comes back up to the count-th message of kind until."""
        print("-- " + title)
        self.types, self.formats = [], []
        self.c.s.sendall(b"".join(messages))
        seen = 0
        while True:
            kind, body = self.c.read()
            line = self.decode(kind, body)
            if line is not None:
                print("   " + line)
            if kind == until:
                seen += 1
                if seen == count:
                    return


def main():
    t = Transcript(Conn())
    t.run("setup", query("CREATE TABLE ext_t (k int PRIMARY KEY, v text, n numeric, f float8, b bool)"))
    t.run(
        "setup rows",
        query("INSERT INTO ext_t SELECT g, 'v' || g, g * 1.25, g / 4.0, g % 2 = 0 FROM generate_series(1, 7) g"),
    )
    t.run("unnamed statement, inferred parameter type", parse("", "SELECT $1::int + 1 AS x"),
          bind("", "", ["41"]), describe(b"P", ""), execute(""), SYNC)
    t.run("parameter type from context", parse("", "SELECT v FROM ext_t WHERE k = $1"),
          describe(b"S", ""), bind("", "", ["3"]), execute(""), SYNC)
    t.run("named statement, portal with row limits",
          parse("s1", "SELECT k, v FROM ext_t WHERE k > $1 ORDER BY k", [23]),
          describe(b"S", "s1"), bind("p1", "s1", ["2"]), describe(b"P", "p1"),
          execute("p1", 2), execute("p1", 2), execute("p1", 10), execute("p1", 1), SYNC)
    t.run("reuse a named statement", bind("", "s1", ["5"]), execute(""), SYNC)
    t.run("binary results", parse("", "SELECT k, v, n, f, b, k::int8 AS big, k::int2 AS small FROM ext_t WHERE k = $1"),
          bind("", "", ["4"], (), [1]), describe(b"P", ""), execute(""), SYNC)
    t.run("binary parameters, mixed result formats",
          parse("", "SELECT $1::int4 + 1 AS a, $2::text AS b, $3::int8 AS c, $4::float8 AS d"),
          bind("", "", [i32(99), b"hello", struct.pack("!q", 1 << 40), struct.pack("!d", 2.5)],
               (1,), (0, 1, 0, 1)), describe(b"P", ""), execute(""), SYNC)
    t.run("numeric in binary", parse("", "SELECT n, -n AS m, 0::numeric AS z, 123456789.000123::numeric AS big FROM ext_t WHERE k = 5"),
          bind("", "", [], (), [1]), describe(b"P", ""), execute(""), SYNC)
    t.run("date/time types in binary",
          parse("", "SELECT date '2020-01-02' AS d, date '1999-12-31' AS d2, date 'infinity' AS dinf, "
                    "time '12:34:56.5' AS t, interval '1 year 2 mons 3 days 04:05:06.5' AS i, "
                    "-interval '1 day 1 usec' AS ineg, timestamp '2020-01-01 10:00' AS ts, "
                    "timetz '10:00:00.5-05:30' AS tz"),
          bind("", "", [], (), [1]), describe(b"P", ""), execute(""), SYNC)
    t.run("uuid, json and jsonb in binary",
          parse("", "SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, '{\"b\": [1, 2],  \"a\": 1}'::json AS j, "
                    "'{\"b\": [1, 2],  \"a\": 1}'::jsonb AS jb"),
          bind("", "", [], (), [1]), describe(b"P", ""), execute(""), SYNC)
    t.run("records in text and binary (record_send: count, then type, length, bytes per field)",
          parse("", "SELECT information_schema._pg_expandarray(ARRAY['a', NULL]) AS r, "
                    "(information_schema._pg_expandarray(ARRAY['a', NULL])).x AS x"),
          bind("", "", [], (), [1, 0]), describe(b"P", ""), execute(""), SYNC)
    t.run("binary parameters of the new types",
          parse("", "SELECT $1::date + 1 AS d, $2::time AS t, $3::interval * 2 AS i, $4::uuid AS u, "
                    "$5::jsonb -> 'a' AS jb, $6::json AS j"),
          bind("", "", [i32(7305), struct.pack("!q", 3723000001), struct.pack("!qii", 3600000000, 2, 14),
                        bytes.fromhex("a0eebc999c0b4ef8bb6d6bb9bd380a11"), b"\x01" + b'{"a": [true, null]}',
                        b'{"x" : 1}'], (1,), (0,)), describe(b"P", ""), execute(""), SYNC)
    t.run("malformed binary date", parse("", "SELECT $1::date AS d"), bind("", "", [b"\x00\x01"], (1,)),
          execute(""), SYNC)
    t.run("unsupported jsonb version", parse("", "SELECT $1::jsonb AS j"), bind("", "", [b"\x02{}"], (1,)),
          execute(""), SYNC)
    t.run("NULL parameter", parse("", "SELECT $1::text IS NULL AS isnull"), bind("", "", [None]), execute(""), SYNC)
    t.run("INSERT with parameters", parse("ins", "INSERT INTO ext_t VALUES ($1, $2, $3, $4, $5)"),
          describe(b"S", "ins"), bind("", "ins", ["10", "ten", "10.5", "2.5", "true"]), execute(""),
          bind("", "ins", ["11", None, None, None, None]), execute(""), SYNC)
    t.run("check", query("SELECT k, v, n, f, b FROM ext_t WHERE k >= 10 ORDER BY k"))
    t.run("UPDATE and DELETE with parameters", parse("", "UPDATE ext_t SET v = $2 WHERE k = $1"),
          bind("", "", ["11", "eleven"]), execute(""), parse("", "DELETE FROM ext_t WHERE k = $1"),
          bind("", "", ["10"]), execute(""), SYNC)
    t.run("check", query("SELECT k, v FROM ext_t WHERE k >= 10 ORDER BY k"))
    t.run("error skips to Sync", parse("", "SELECT 1/(k - $1) FROM ext_t WHERE k = 3"),
          bind("", "", ["3"]), execute(""),
          parse("", "SELECT 1"), bind("", ""), execute(""), SYNC)
    t.run("syntax error at Parse", parse("", "SELEC 1"), bind("", ""), execute(""), SYNC)
    t.run("unknown table at Parse", parse("", "SELECT * FROM nosuch"), SYNC)
    t.run("parameter never typed", parse("", "SELECT $2::int"), SYNC)
    t.run("duplicate statement name", parse("s1", "SELECT 1"), SYNC)
    t.run("unknown statement", bind("", "nosuch"), SYNC)
    t.run("unknown portal", execute("nosuch"), SYNC)
    t.run("wrong parameter count", bind("", "s1", ["1", "2"]), SYNC)
    t.run("bad parameter value", bind("", "s1", ["abc"]), SYNC)
    t.run("unknown parameter format code", parse("", "SELECT $1::int"), bind("", "", ["1"], (2,)), SYNC)
    t.run("unknown result format code", parse("", "SELECT 1"), bind("", "", [], (), (7,)), execute(""), SYNC)
    t.run("two statements in one Parse", parse("", "SELECT 1; SELECT 2"), SYNC)
    t.run("empty query", parse("", ""), bind("", ""), describe(b"P", ""), execute(""), SYNC)
    t.run("Flush answers without Sync", parse("f1", "SELECT 2 AS two"), FLUSH, until=b"1")
    t.run("then the rest", bind("", "f1"), execute(""), SYNC)
    t.run("close statement and portal", bind("p2", "f1"), close(b"P", "p2"), close(b"S", "f1"),
          close(b"S", "never-existed"), bind("", "f1"), SYNC)
    t.run("transaction across Syncs", parse("", "BEGIN"), bind("", ""), execute(""), SYNC)
    t.run("in the block", parse("", "INSERT INTO ext_t VALUES ($1, 'tx')"), bind("", "", ["20"]),
          execute(""), SYNC)
    t.run("a portal survives Sync inside a block",
          parse("s3", "SELECT k FROM ext_t ORDER BY k"), bind("p3", "s3"), execute("p3", 3), SYNC)
    t.run("continue it", execute("p3", 3), SYNC)
    t.run("error in the block", parse("", "SELECT 1/(k - k) FROM ext_t WHERE k = 1"), bind("", ""),
          execute(""), SYNC)
    t.run("refused while failed", parse("", "SELECT 1"), SYNC)
    t.run("rollback", query("ROLLBACK"))
    t.run("rolled back", query("SELECT count(*) FROM ext_t WHERE k = 20"))
    t.run("statement describe of a utility", parse("u", "SET extra_float_digits = 0"), describe(b"S", "u"),
          bind("", "u"), execute(""), SYNC)
    t.run("rounded floats", query("SELECT 0.1::float8 + 0.2::float8 AS x, 1.0::float4 / 3 AS y"))
    t.run("show it", parse("", "SHOW extra_float_digits"), bind("", ""), describe(b"P", ""), execute(""), SYNC)
    t.run("out of range", query("SET extra_float_digits = 4"))
    t.run("back to shortest", query("RESET extra_float_digits; SELECT 0.1::float8 + 0.2::float8 AS x"))
    t.run("SQL cursor seen as a portal", query("BEGIN"))
    t.run("declare with a parameter", parse("", "DECLARE \"cur\" CURSOR FOR SELECT k, v FROM ext_t WHERE k > $1 ORDER BY k"),
          bind("", "", ["4"]), execute(""), SYNC)
    t.run("describe and fetch it", describe(b"P", "cur"), SYNC)
    t.run("fetch through SQL", query('FETCH FORWARD 2 FROM "cur"'))
    t.run("fetch the rest", parse("", 'FETCH FORWARD 10 FROM "cur"'), bind("", ""), execute(""), SYNC)
    t.run("close it", query('CLOSE "cur"; COMMIT'))
    t.run("reported settings", query("SET DateStyle = 'ISO, DMY'"))
    t.run("again, unchanged", query("SET datestyle TO iso, dmy"))
    t.run("application_name", query("SET application_name = 'ext test'; SET extra_float_digits = 2"))
    t.run("in a failed transaction", query("BEGIN; SET TimeZone = 'UTC'; SELECT 1/(k - k) FROM ext_t WHERE k = 1"), query("ROLLBACK"), count=2)
    t.run("reset", query("RESET ALL"))
    t.run("arrays in binary",
          parse("", "SELECT ARRAY[k, NULL, k * 2] AS a, ARRAY['x', v] AS t, '{{1,2},{3,4}}'::int8[] AS m, "
                    "'[0:1]={a,b}'::name[] AS nm, ARRAY[]::oid[] AS e, ARRAY[f] AS fl FROM ext_t WHERE k = 2"),
          bind("", "", [], (), [1]), describe(b"P", ""), execute(""), SYNC)
    t.run("array parameters in binary",
          parse("", "SELECT $1::int4[] AS a, $2::text[] AS b, array_length($1, 1) AS n, 3 = ANY($1) AS has3"),
          bind("", "", [array_bin(23, [i32(1), None, i32(3)]), array_bin(25, [b"ab", b"c d"], 0)],
               (1,), (0, 1, 0, 0)), describe(b"P", ""), execute(""), SYNC)
    t.run("array parameter in text, inferred type",
          parse("", "SELECT k FROM ext_t WHERE k = ANY($1) ORDER BY k"),
          describe(b"S", ""), bind("", "", ["{2,4,99}"]), execute(""), SYNC)
    t.run("binary array of the wrong element type",
          parse("", "SELECT $1::int4[] AS a"), bind("", "", [array_bin(25, [b"x"])], (1,)), SYNC)
    t.run("malformed text array parameter",
          parse("", "SELECT $1::int4[] AS a"), bind("", "", ["{1,2"]), SYNC)
    t.run("cleanup", query("DROP TABLE ext_t"))
    t.c.s.sendall(msg(b"X"))


main()
