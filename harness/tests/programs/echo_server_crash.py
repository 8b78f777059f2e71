"""An echo-server that dies halfway through its first reply to client two.

Other lines are read and kept, never answered, so what the harness sees does
not depend on thread scheduling.
"""
import os
import socket
import sys
import threading

def serve(conn):
    conn.settimeout(30)
    buf = b""
    while True:
        data = conn.recv(4096)
        if not data:
            return
        buf += data
        if buf.startswith(b"two:") and b"\n" in buf:
            conn.sendall(b"two: he")
            sys.stderr.write("echo_server_crash: crashing on purpose mid-reply\n")
            sys.stderr.flush()
            os._exit(3)

def quietly(serve, conn):
    # A client that resets the connection must not print a traceback.
    try:
        serve(conn)
    except OSError:
        pass

listener = socket.create_server(("127.0.0.1", int(os.environ["WORKBOOK_PORT"])))
while True:
    conn, _ = listener.accept()
    threading.Thread(target=quietly, args=(serve, conn), daemon=True).start()
