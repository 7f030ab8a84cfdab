"""
garbage_test.py
    A client that sends garbage, stops mid-message or claims absurd lengths ends only its
    own backend: a session opened before the abuse still answers queries afterwards, and
    new sessions can still connect.

Usage: python3 garbage_test.py HOST PORT      (HOST is 127.0.0.1 or ::1; TCP only)
Prints "test NAME ... ok/FAILED" per case (garbage_test.sh counts them); exit 1 if any failed.
"""
import os
import socket
import struct
import sys
import time

HOST, PORT = sys.argv[1], int(sys.argv[2])
PROTO_3_0 = 196608
TIMEOUT_S = 10


def connect():
    s = socket.create_connection((HOST, PORT), timeout=TIMEOUT_S)
    s.settimeout(TIMEOUT_S)
    return s


def startup_packet(user="postgres", db="postgres"):
    body = struct.pack("!i", PROTO_3_0)
    for k, v in (("user", user), ("database", db)):
        body += k.encode() + b"\0" + v.encode() + b"\0"
    body += b"\0"
    return struct.pack("!i", len(body) + 4) + body


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("closed by server")
        buf += chunk
    return buf


def read_message(s):
    kind = recv_exact(s, 1)
    (length,) = struct.unpack("!i", recv_exact(s, 4))
    return kind, recv_exact(s, length - 4)


def read_until_ready(s):
    """Messages up to ReadyForQuery; raises on an ErrorResponse during start-up."""
    msgs = []
    while True:
        kind, body = read_message(s)
        msgs.append((kind, body))
        if kind == b"Z":
            return msgs


def session():
    s = connect()
    s.sendall(startup_packet())
    for kind, body in read_until_ready(s):
        if kind == b"E":
            raise RuntimeError("start-up refused: %r" % body)
    return s


def query_value(s, sql):
    body = sql.encode() + b"\0"
    s.sendall(b"Q" + struct.pack("!i", len(body) + 4) + body)
    value = None
    for kind, body in read_until_ready(s):
        if kind == b"E":
            raise RuntimeError("query failed: %r" % body)
        if kind == b"D":
            # first column only: Int16 column count, then Int32 length and the bytes
            (vlen,) = struct.unpack("!i", body[2:6])
            value = body[6 : 6 + vlen].decode()
    return value


def abuse_then_close(payload, after_startup=False, wait_reply=True):
    """Send payload on a fresh connection; read whatever comes back until the server
    closes or a short timeout passes; then close our end."""
    s = session() if after_startup else connect()
    try:
        s.sendall(payload)
        if wait_reply:
            s.settimeout(2)
            while s.recv(4096):
                pass
    except (ConnectionError, socket.timeout, OSError):
        pass
    finally:
        s.close()


def drain(s):
    """Read whatever the server sent so far, without blocking; False once it closed."""
    s.setblocking(False)
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return False
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)


def fuzz_message(rng):
    """One framed message of a random frontend type with a random, truncated, mutated or
    valid body (so every type is tried in every state: idle, in a batch after an error,
    inside COPY FROM STDIN, in a transaction)."""
    kind = rng.choice(b"PBDECSHQdcf") if rng.random() < 0.95 else rng.choice(b"FX\x00p")
    valid = {
        ord("P"): b"s\0SELECT $1::int + 1\0" + struct.pack("!hi", 1, 23),
        ord("B"): b"\0s\0" + struct.pack("!hhi", 0, 1, 2) + b"41" + struct.pack("!h", 0),
        ord("D"): b"Ss\0",
        ord("E"): b"\0" + struct.pack("!i", rng.randrange(0, 3)),
        ord("C"): b"Ss\0",
        ord("Q"): rng.choice([b"select 1\0", b"copy fz from stdin\0", b"begin\0",
                              b"select 1/0\0", b"commit\0", b"declare c cursor for select 1\0"]),
        ord("d"): b"1\tx\n",
        ord("f"): b"client gave up\0",
    }.get(kind, b"")
    r = rng.random()
    if r < 0.3:
        body = valid
    elif r < 0.5:
        body = valid[: rng.randrange(0, len(valid) + 1)] if valid else b""
    elif r < 0.75:
        body = bytearray(valid or os.urandom(8))
        for _ in range(rng.randrange(1, 4)):
            body[rng.randrange(len(body))] = rng.randrange(256)
        body = bytes(body)
    else:
        body = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 64)))
    length = len(body) + 4
    if rng.random() < 0.03:
        length = rng.choice([0, 3, -1, 0x7FFFFFFF, len(body) + 1000])
    return bytes([kind]) + struct.pack("!i", length) + body


def fuzz_connection(seed, messages, counts):
    import random

    rng = random.Random(seed)
    create = b"create table if not exists fz (a int, b text)\0"
    sent = sessions = 0
    s = None
    while sent < messages:
        try:
            if s is None:
                s = session()
                sessions += 1
                s.sendall(b"Q" + struct.pack("!i", 4 + len(create)) + create)
            s.sendall(fuzz_message(rng))
            sent += 1
            if not drain(s):
                s.close()  # the server ended this session (FATAL): open another
                s = None
        except (ConnectionError, socket.timeout, OSError, RuntimeError):
            if s is not None:
                s.close()
            s = None
    if s is not None:
        s.close()
    counts.append((sent, sessions))


def extended_fuzz():
    """Eight connections at once, 300 random messages each, seeds fixed (reproducible)."""
    import threading

    counts = []
    threads = [threading.Thread(target=fuzz_connection, args=(seed, 300, counts))
               for seed in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    sent = sum(c[0] for c in counts)
    assert sent == 8 * 300, "fuzz clients stopped early: %d messages sent" % sent


CASES = [
    ("random_bytes", lambda: abuse_then_close(os.urandom(4096))),
    ("zero_length_startup", lambda: abuse_then_close(struct.pack("!i", 0))),
    ("negative_length_startup", lambda: abuse_then_close(struct.pack("!ii", -5, PROTO_3_0))),
    ("huge_length_startup", lambda: abuse_then_close(struct.pack("!ii", 0x7FFFFFFF, PROTO_3_0))),
    ("truncated_startup", lambda: abuse_then_close(startup_packet()[:11], wait_reply=False)),
    ("bad_protocol_version", lambda: abuse_then_close(struct.pack("!ii", 8, 0x00090009))),
    ("startup_without_terminator",
     lambda: abuse_then_close(struct.pack("!ii", 14, PROTO_3_0) + b"user\0x")),
    ("ssl_request_then_garbage",
     lambda: abuse_then_close(struct.pack("!ii", 8, 80877103) + os.urandom(512))),
    ("unknown_message_type",
     lambda: abuse_then_close(b"\x01" + struct.pack("!i", 4), after_startup=True)),
    ("huge_query_length",
     lambda: abuse_then_close(b"Q" + struct.pack("!i", 0x7FFFFFF0) + b"select", after_startup=True)),
    ("negative_message_length",
     lambda: abuse_then_close(b"Q" + struct.pack("!i", -1), after_startup=True)),
    ("disconnect_mid_query",
     lambda: abuse_then_close(b"Q" + struct.pack("!i", 100) + b"select 1", after_startup=True,
                              wait_reply=False)),
    ("query_without_terminator",
     lambda: abuse_then_close(b"Q" + struct.pack("!i", 12) + b"select 1", after_startup=True)),
    ("garbage_after_startup", lambda: abuse_then_close(os.urandom(2048), after_startup=True)),
    ("extended_protocol_fuzz", extended_fuzz),
]


def main():
    passed = failed = 0
    try:
        keeper = session()  # opened before the abuse; must survive all of it
        assert query_value(keeper, "select 1") == "1"
    except Exception as e:  # noqa: BLE001 - any failure here is the test's verdict
        print("test %-24s ... FAILED (%s)" % ("first_session", e))
        return 1
    for name, case in CASES:
        try:
            case()
            time.sleep(0.05)
            assert query_value(keeper, "select 40 + 2") == "42", "old session answers"
            fresh = session()
            assert query_value(fresh, "select 'alive'") == "alive", "new session answers"
            fresh.close()
            print("test %-24s ... ok" % name)
            passed += 1
        except Exception as e:  # noqa: BLE001
            print("test %-24s ... FAILED (%s)" % (name, e))
            failed += 1
    keeper.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
