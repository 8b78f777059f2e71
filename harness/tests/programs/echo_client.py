"""A correct echo-client in Python (plain sockets): send one CRLF line, print the echo."""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
with socket.create_connection((host, port), timeout=10) as s:
    s.sendall(b"hello, workbook\r\n")
    echo = b""
    while not echo.endswith(b"\n") and len(echo) < 4096:
        chunk = s.recv(4096)
        if not chunk:
            break
        echo += chunk
    print(echo.decode().rstrip("\r\n"))
