"""An http-server in Python (plain sockets, one thread per connection),
serving the directory given as the second argument on WORKBOOK_PORT.

The first argument picks how it behaves; every mode but `good` breaks one
rule of RFC 9112 on purpose, so a test can show the case names it:

  good          HTTP/1.1, persistent, pipelining, closes after
                Connection: close, 403 for `..`, 400 for a bad request line
  silent-close  closes after every response without saying Connection: close
  keep-open     ignores Connection: close and keeps the connection open
  drop-second   answers only the first request of what one read brought,
                so the second of two pipelined requests is never answered
  hang-up       closes without a byte when asked for /missing.html
  exit-on-head  the whole server exits when it gets a HEAD request
"""
import email.utils
import os
import socket
import sys
import threading

MODE = sys.argv[1]
ROOT = os.path.realpath(sys.argv[2])
TYPES = {".html": "text/html", ".css": "text/css", ".png": "image/png", ".txt": "text/plain"}


def response(status, reason, body=b"", media="text/plain", close=False):
    head = f"HTTP/1.1 {status} {reason}\r\nDate: {email.utils.formatdate(usegmt=True)}\r\n"
    head += f"Content-Type: {media}\r\nContent-Length: {len(body)}\r\n"
    if close:
        head += "Connection: close\r\n"
    return head.encode() + b"\r\n", body


def answer(method, target):
    """The head and body for one request."""
    path = os.path.realpath(os.path.join(ROOT, target.lstrip("/")))
    if path != ROOT and not path.startswith(ROOT + os.sep):
        return response(403, "Forbidden")
    if os.path.isdir(path):
        path = os.path.join(path, "index.html")
    if not os.path.isfile(path):
        return response(404, "Not Found")
    with open(path, "rb") as f:
        body = f.read()
    return response(200, "OK", body, TYPES.get(os.path.splitext(path)[1], "application/octet-stream"))


def serve(conn):
    buf = b""
    while True:
        data = conn.recv(65536)
        if not data:
            return
        buf += data
        while b"\r\n\r\n" in buf:
            raw, buf = buf.split(b"\r\n\r\n", 1)
            lines = raw.decode("latin-1").split("\r\n")
            words = lines[0].split(" ")
            asks_close = any(l.lower() == "connection: close" for l in lines[1:])
            if len(words) != 3 or not words[2].startswith("HTTP/"):
                head, body = response(400, "Bad Request", close=True)
                conn.sendall(head + body)
                return
            method, target, _ = words
            if MODE == "hang-up" and target == "/missing.html":
                return
            if MODE == "exit-on-head" and method == "HEAD":
                os._exit(4)
            head, body = answer(method, target)
            if asks_close and MODE != "keep-open":
                head = head[:-2] + b"Connection: close\r\n\r\n"
            conn.sendall(head + (b"" if method == "HEAD" else body))
            if MODE == "silent-close" or (asks_close and MODE != "keep-open"):
                return
            if MODE == "drop-second":
                buf = b""


def quietly(conn):
    # A client that resets the connection must not print a traceback.
    with conn:
        try:
            conn.settimeout(30)
            serve(conn)
        except OSError:
            pass


if MODE not in ("good", "silent-close", "keep-open", "drop-second", "hang-up", "exit-on-head"):
    sys.exit(f"http_server: unknown mode {MODE!r}")
listener = socket.create_server(("127.0.0.1", int(os.environ["WORKBOOK_PORT"])))
while True:
    conn, _ = listener.accept()
    threading.Thread(target=quietly, args=(conn,), daemon=True).start()
