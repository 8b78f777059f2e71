"""A correct echo-server in Python (plain sockets, one thread per client)."""
import os
import socket
import threading

def serve(conn):
    with conn:
        conn.settimeout(30)
        buf = b""
        while True:
            data = conn.recv(4096)
            if not data:
                return
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                conn.sendall(line + b"\n")

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
