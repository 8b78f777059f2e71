"""An echo-client that ends its line with a bare LF (a SHOULD broken)."""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
with socket.create_connection((host, port), timeout=10) as s:
    s.sendall(b"hello, workbook\n")
    echo = b""
    while not echo.endswith(b"\n") and len(echo) < 4096:
        chunk = s.recv(4096)
        if not chunk:
            break
        echo += chunk
    print(echo.decode().rstrip("\r\n"))
