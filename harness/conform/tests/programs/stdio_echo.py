"""An inetd-echo service in Python, written as the seed's echo.lua is: it
reads each line keeping its CR (as Lua's io.read() does: only the LF is
removed) and writes it back followed by CRLF, so a CRLF line comes back as
`text\r\r\n`. It stops at an empty line or a lone CR, as echo.lua does.
"""
import sys
import time

out = sys.stdout.buffer
out.write(f"Python echo server opening / {time.strftime('%H:%M:%S')}\r\n".encode())
out.flush()
for raw in sys.stdin.buffer:
    line = raw[:-1] if raw.endswith(b"\n") else raw
    if line in (b"", b"\r"):
        break
    out.write(line + b"\r\n")
    out.flush()
out.write(f"Python echo server closing / {time.strftime('%H:%M:%S')}\r\n".encode())
out.flush()
