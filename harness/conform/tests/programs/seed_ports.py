"""The seed programs of 000 and 002, ported to Python 3 with plain sockets
as an implementer would port them, each in a faithful mode and in broken
modes (each mistake is one a port could make). Run by
harness/conform/tests/seed_cases.rs through `workbook conform`:

    seed_ports.py PROGRAM [MODE]

The address comes from WORKBOOK_HOST / WORKBOOK_PORT, as the cases pass it.
"""
import os
import select
import socket
import subprocess
import sys

HOST = os.environ.get("WORKBOOK_HOST", "127.0.0.1")
PORT = int(os.environ.get("WORKBOOK_PORT", "12345"))
PROGRAM = sys.argv[1]
MODE = sys.argv[2] if len(sys.argv) > 2 else "good"


def listener():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, PORT))
    s.listen(16)
    return s


def tcp_server():
    """000's TCP server; `upper` shouts its answer, `keep` never closes."""
    s = listener()
    kept = []
    while True:
        c, _ = s.accept()
        line = c.makefile("rb").readline()
        if line:
            answer = "HELLO FROM SERVER!\n" if MODE == "upper" else "Hello from server!\n"
            c.sendall(answer.encode())
        if MODE == "keep":
            kept.append(c)
        else:
            c.close()


def tcp_client():
    """000's TCP client; `wrong` sends another line."""
    c = socket.create_connection((HOST, PORT))
    c.sendall(b"Hi there\n" if MODE == "wrong" else b"Hello from client!\n")
    print("Server response: " + c.makefile("rb").readline().decode().rstrip("\r\n"))
    c.close()


def udp_client():
    """000's UDP client; `newline` adds a LF to the datagram."""
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(5)
    data = b"Hello from UDP client!" + (b"\n" if MODE == "newline" else b"")
    u.sendto(data, (HOST, PORT))
    print("Server response: " + u.recvfrom(65536)[0].decode())


def udp_server():
    """000's UDP server; `echo` sends each datagram back instead."""
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((HOST, PORT))
    while True:
        data, peer = u.recvfrom(65536)
        u.sendto(data if MODE == "echo" else b"Hello from UDP server!", peer)


def many(on_line, on_close=lambda c, clients: None):
    """000's non-blocking loop, with select: every client, every line."""
    s = listener()
    clients, buffers = [], {}
    while True:
        ready, _, _ = select.select([s] + clients, [], [], 1)
        for r in ready:
            if r is s:
                c, _ = s.accept()
                clients.append(c)
                buffers[c] = b""
                continue
            data = r.recv(4096)
            if not data:
                clients.remove(r)
                on_close(r, clients)
                continue
            buffers[r] += data
            while b"\n" in buffers[r]:
                line, buffers[r] = buffers[r].split(b"\n", 1)
                on_line(r, line.rstrip(b"\r"), clients)


def one_at_a_time(answer):
    """A blocking server: one client until it leaves (the mistake)."""
    s = listener()
    while True:
        c, _ = s.accept()
        for _ in c.makefile("rb"):
            c.sendall(answer)
        c.close()


def greeting_server(text):
    if MODE == "blocking":
        one_at_a_time(text)
    many(lambda c, line, clients: c.sendall(text))


def chat_server():
    """000's chat; `named` prefixes each line with the sender."""
    def on_line(c, line, clients):
        out = (b"someone: " if MODE == "named" else b"") + line + b"\n"
        for other in clients:
            other.sendall(out)
    many(on_line)


def file_server():
    """000's file server as the seed writes it: opens any name (`good`),
    or refuses names that leave the directory (`safe`)."""
    def on_line(c, line, clients):
        name = line.decode()
        if MODE == "safe" and (name.startswith("/") or ".." in name.split("/")):
            c.sendall(b"File not found\n")
            return
        try:
            with open(name, "rb") as f:
                c.sendall(f.read())
        except OSError:
            c.sendall(b"File not found\n")
    os.chdir(os.environ["WORKBOOK_FILES"])
    many(on_line)


def http_hello():
    """000's HTTP server; `missing` answers 404."""
    s = listener()
    status = b"404 Not Found" if MODE == "missing" else b"200 OK"
    while True:
        c, _ = s.accept()
        if c.makefile("rb").readline():
            c.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain\r\n\r\nHello, World!")
        c.close()


def dns_test():
    """002's dns_test; `fixed` prints an address without asking."""
    name = os.environ.get("DNS_TEST_NAME", "localhost")
    address = "192.0.2.1" if MODE == "fixed" else socket.gethostbyname(name)
    print(f"toip {name}: {address}")


def line_client():
    """002's client_02; `no-quit` hangs up without sending .quit."""
    c = socket.create_connection((HOST, PORT))
    replies = c.makefile("rb")
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line == ".quit" and MODE == "no-quit":
            break
        c.sendall((line + "\r\n").encode())
        if line == ".quit":
            break
        print("Received: " + replies.readline().decode().rstrip("\r\n"))
    c.close()


def env_page():
    """002's env_page; `text` writes plain text instead of a page."""
    if MODE == "text":
        print("Python environment: os socket sys")
        return
    print("<!DOCTYPE html>\n<html>\n<head><title>Python environment</title></head>")
    print("<body>\n<h1>os library</h1>\n<p>" + " ".join(sorted(dir(os))[:20]) + "</p>\n</body>\n</html>")


def stream_client():
    """002's client_03 through nc; `skip-first` drops the first line."""
    lines = "Hello from Python\nsecond line\n\n"
    nc = subprocess.run(["nc", HOST, str(PORT)], input=lines.encode(), capture_output=True, timeout=20)
    out = nc.stdout.decode().splitlines()
    for line in out[1:] if MODE == "skip-first" else out:
        print(line.rstrip("\r"))


def grab_file():
    """002's http_01; `to-stdout` prints the body instead of saving it."""
    import urllib.request
    url = sys.argv[3]
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read()
        print(response.status, response.reason)
    if MODE == "to-stdout":
        sys.stdout.write(body.decode())
        return
    with open(os.environ["WORKBOOK_OUT"], "wb") as f:
        f.write(body)


PROGRAMS = {
    "tcp-server": tcp_server,
    "tcp-client": tcp_client,
    "udp-client": udp_client,
    "udp-server": udp_server,
    "nonblocking": lambda: greeting_server(b"Hello from non-blocking server!\n"),
    "event-loop": lambda: greeting_server(b"Hello from event loop server!\n"),
    "chat": chat_server,
    "file-server": file_server,
    "http-hello": http_hello,
    "dns-test": dns_test,
    "line-client": line_client,
    "env-page": env_page,
    "stream-client": stream_client,
    "grab-file": grab_file,
}

if __name__ == "__main__":
    PROGRAMS[PROGRAM]()
