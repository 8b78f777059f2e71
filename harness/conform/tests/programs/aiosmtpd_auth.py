"""aiosmtpd (Debian's python3-aiosmtpd) with an authenticator: it accepts
the login SMTP_USER/SMTP_PASS and allows AUTH without TLS (the stock
command line cannot), listening on 127.0.0.1:WORKBOOK_PORT. Messages go to
aiosmtpd's own Sink handler: nothing is stored.

With `refuse` as its argument it refuses every login (535), to show the
case grades a refused advertised AUTH as a warning, not a failure.
"""
import os
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from aiosmtpd.smtp import AuthResult

REFUSE = sys.argv[1:] == ["refuse"]


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        not REFUSE
        and mechanism in ("PLAIN", "LOGIN")
        and auth_data.login.decode() == os.environ["SMTP_USER"]
        and auth_data.password.decode() == os.environ["SMTP_PASS"]
    )
    # handled=False: aiosmtpd then answers a failure with 535 itself (with
    # its default, handled=True, it would send nothing at all).
    return AuthResult(success=ok, handled=False)


controller = Controller(
    Sink(),
    hostname="127.0.0.1",
    port=int(os.environ["WORKBOOK_PORT"]),
    authenticator=authenticator,
    auth_require_tls=False,
)
controller.start()
# Serve until the harness stops the process group.
threading.Event().wait()
