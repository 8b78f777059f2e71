"""A udp-echo-server in Python that echoes every datagram, but sends the
echoes of two datagrams that arrive back to back in the opposite order
(holds `first of two` until `second of two` has been echoed). UDP promises
no order (RFC 768), so this is a correct echo server: it must pass.

With `probe-only` as its argument it answers the first datagram (the
harness's readiness probe) and then nothing. With `drop-once` it loses the
first datagram starting `two:` (as a network, or a racing server, may).
"""
import os
import socket
import sys

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", int(os.environ["WORKBOOK_PORT"])))
held = None
answered = 0
dropped = False
while True:
    data, sender = sock.recvfrom(65535)
    if sys.argv[1:] == ["drop-once"] and data.startswith(b"two:") and not dropped:
        dropped = True
        continue
    if sys.argv[1:] == ["probe-only"] and answered:
        continue
    answered += 1
    if data.startswith(b"first of two"):
        held = (data, sender)
        continue
    sock.sendto(data, sender)
    if held is not None:
        sock.sendto(*held)
        held = None
