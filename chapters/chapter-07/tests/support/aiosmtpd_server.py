"""A real SMTP server (aiosmtpd) for chapter 7's tests.

Usage: python3 aiosmtpd_server.py OUT_DIR USER PASSWORD

Listens on 127.0.0.1 on a free port, requires AUTH (PLAIN or LOGIN, allowed
without TLS because it is loopback only), prints "PORT <n>" once it accepts
connections, and writes each accepted message to OUT_DIR/<n>.eml with its
envelope in OUT_DIR/<n>.json. It stops when its standard input closes.
"""

import json
import logging
import warnings
import os
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# We know: loopback only, test account.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
logging.getLogger("mail.log").setLevel(logging.ERROR)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Store:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.out, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"from": envelope.mail_from, "rcpt": envelope.rcpt_tos}, f)
        return "250 2.0.0 Message accepted"


def main():
    out, user, password = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()

    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (user, password)
        return AuthResult(success=ok, handled=False)

    controller = Controller(
        Store(out),
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=check,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()  # returns once the server accepts connections
    print(f"PORT {controller.port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
