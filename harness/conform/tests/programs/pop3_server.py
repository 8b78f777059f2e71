"""A pop3-server in Python (plain sockets, one client at a time): serves
$POP3_STORE/<user>/NNNN.eml to POP3_USER/POP3_PASS on WORKBOOK_PORT and
deletes the marked files at QUIT.

  good    every command the case sends (the default)
  no-top  without the optional commands TOP and UIDL (RFC 1939 §7): it
          answers them -ERR, as a minimal server may
"""
import os
import socket
import sys

MODE = sys.argv[1] if len(sys.argv) > 1 else "good"
USER, PASS = os.environ["POP3_USER"], os.environ["POP3_PASS"]
BOX = os.path.join(os.environ["POP3_STORE"], USER)


def stuffed(data):
    lines = data.split(b"\r\n")
    return b"".join((b"." + l if l.startswith(b".") else l) + b"\r\n" for l in lines[:-1])


def session(f, send):
    names = sorted(n for n in os.listdir(BOX) if n.endswith(".eml"))
    msgs = [open(os.path.join(BOX, n), "rb").read() for n in names]
    marked, user, logged_in = set(), None, False
    send(b"+OK ready\r\n")
    for raw in f:
        words = raw.decode().split()
        cmd, args = (words[0].upper(), words[1:]) if words else ("", [])
        live = [i for i in range(len(msgs)) if i not in marked]
        if cmd == "QUIT":
            for i in marked:
                os.remove(os.path.join(BOX, names[i]))
            return send(b"+OK bye\r\n")
        if not logged_in:
            if cmd == "USER":
                user = args[0] if args else None
                send(b"+OK\r\n")
            elif cmd == "PASS" and user == USER and args == [PASS]:
                logged_in = True
                send(b"+OK\r\n")
            else:
                send(b"-ERR not logged in\r\n")
            continue
        n = int(args[0]) - 1 if args and args[0].isdigit() else -1
        ok = 0 <= n < len(msgs) and n not in marked
        if cmd == "STAT":
            send(b"+OK %d %d\r\n" % (len(live), sum(len(msgs[i]) for i in live)))
        elif cmd == "LIST":
            send(b"+OK\r\n" + b"".join(b"%d %d\r\n" % (i + 1, len(msgs[i])) for i in live) + b".\r\n")
        elif cmd == "RETR" and ok:
            send(b"+OK\r\n" + stuffed(msgs[n]) + b".\r\n")
        elif cmd == "TOP" and ok and MODE == "good":
            send(b"+OK\r\n" + stuffed(msgs[n].split(b"\r\n\r\n")[0] + b"\r\n\r\n") + b".\r\n")
        elif cmd == "UIDL" and MODE == "good":
            send(b"+OK\r\n" + b"".join(b"%d %s\r\n" % (i + 1, names[i].encode()) for i in live) + b".\r\n")
        elif cmd == "DELE" and ok:
            marked.add(n)
            send(b"+OK\r\n")
        elif cmd == "RSET":
            marked.clear()
            send(b"+OK\r\n")
        else:
            send(b"-ERR no\r\n")


listener = socket.create_server(("127.0.0.1", int(os.environ["WORKBOOK_PORT"])))
while True:
    conn, _ = listener.accept()
    with conn:
        conn.settimeout(30)
        try:
            session(conn.makefile("rb"), conn.sendall)
        except OSError:
            pass
