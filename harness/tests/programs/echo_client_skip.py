"""An echo-client that skips a protocol step: it never sends the line."""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
with socket.create_connection((host, port), timeout=10) as s:
    pass
