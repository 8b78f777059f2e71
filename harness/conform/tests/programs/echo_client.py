"""An echo-client in Python (plain sockets): send one line, print the echo.

Arguments: HOST PORT [MODE], where MODE picks the behaviour:

  good   end the line with CRLF (the default)
  lf     end the line with a bare LF (a SHOULD broken)
  skip   connect and close without sending the line (a step skipped)
  typo   send the line right, but print a banner and then the echo with a
         letter missing
"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
mode = sys.argv[3] if len(sys.argv) > 3 else "good"
endings = {"good": b"\r\n", "lf": b"\n", "skip": None, "typo": b"\r\n"}
if mode not in endings:
    sys.exit(f"echo_client: unknown mode {mode!r}")
with socket.create_connection((host, port), timeout=10) as s:
    if endings[mode] is None:
        sys.exit(0)
    s.sendall(b"hello, workbook" + endings[mode])
    echo = b""
    while not echo.endswith(b"\n") and len(echo) < 4096:
        chunk = s.recv(4096)
        if not chunk:
            break
        echo += chunk
    echo = echo.decode().rstrip("\r\n")
    if mode == "typo":
        print(f"connected to {host}:{port}")
        echo = echo.replace("workbook", "workbok")
    print(echo)
