# 000's one-reply HTTP server as the seed writes it: reads the request
# line only, answers 200 "Hello, World!" with no length, closes.
import os, socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(os.environ["WORKBOOK_PORT"]))); s.listen(5)
while True:
    c, _ = s.accept()
    f = c.makefile("rb")
    line = f.readline()
    if line:
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nHello, World!")
    f.close(); c.close()
