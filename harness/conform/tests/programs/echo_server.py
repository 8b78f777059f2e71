"""An echo-server in Python (plain sockets, one thread per client).

The first argument picks how it behaves, so one program covers the correct
server and the deliberately broken ones the conformance tests need:

  good     echo each line back as it came (the default)
  bare-lf  answer every line with a bare LF ending, even CRLF ones
  shout    answer every line upper-cased, with a bare LF ending: wrong in
           more than its ending
  silent   read lines and never answer
  slow     echo correctly, but hold the very first answer back 3.5 s (as a
           server that delays an answer on purpose does, like Dovecot after a
           failed login): longer than a fixed few-second read limit, well
           within the case's time limit
  crash    die halfway through the first reply to a line starting `two:`;
           other lines are kept and never answered, so what the harness sees
           does not depend on thread scheduling
"""
import os
import socket
import sys
import threading
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "good"
FIRST_ANSWER = threading.Lock()


def answer(conn, line):
    # Only the first answer is late (the lock is taken once, never freed),
    # so the whole run stays well inside the time limit.
    if MODE == "slow" and FIRST_ANSWER.acquire(blocking=False):
        time.sleep(3.5)
    if MODE in ("good", "slow"):
        conn.sendall(line + b"\n")
    elif MODE == "bare-lf":
        conn.sendall(line.rstrip(b"\r") + b"\n")
    elif MODE == "shout":
        conn.sendall(line.rstrip(b"\r").upper() + b"\n")


def crash_if_two(conn, buf):
    if buf.startswith(b"two:") and b"\n" in buf:
        conn.sendall(b"two: he")
        sys.stderr.write("echo_server: crashing on purpose mid-reply\n")
        sys.stderr.flush()
        os._exit(3)


def serve(conn):
    with conn:
        conn.settimeout(30)
        buf = b""
        while True:
            data = conn.recv(4096)
            if not data:
                return
            buf += data
            if MODE == "crash":
                crash_if_two(conn, buf)
                continue
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                answer(conn, line)


def quietly(conn):
    # A client that resets the connection must not print a traceback.
    try:
        serve(conn)
    except OSError:
        pass


if MODE not in ("good", "bare-lf", "shout", "silent", "slow", "crash"):
    sys.exit(f"echo_server: unknown mode {MODE!r}")
listener = socket.create_server(("127.0.0.1", int(os.environ["WORKBOOK_PORT"])))
while True:
    conn, _ = listener.accept()
    threading.Thread(target=quietly, args=(conn,), daemon=True).start()
