"""An echo-server that reads lines and never answers."""
import os
import socket
import threading

def serve(conn):
    with conn:
        while conn.recv(4096):
            pass

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
