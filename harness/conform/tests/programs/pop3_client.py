"""A pop3-client-headers in Python (poplib): logs in as POP3_USER/POP3_PASS
at POP3_HOST:POP3_PORT and prints Subject, From and Size of each message,
reading headers with TOP.

  decoded  headers unfolded and encoded words decoded (the default)
  raw      headers as they stand in the message, first line only, as the
           seed's program prints them
  wrong    prints every Subject with a typo
"""
import email.header
import os
import poplib
import sys

MODE = sys.argv[1] if len(sys.argv) > 1 else "decoded"


def header(lines, name):
    for i, line in enumerate(lines):
        if line.lower().startswith(name.lower() + ":"):
            value = line.split(":", 1)[1].strip()
            if MODE != "raw":
                for more in lines[i + 1:]:
                    if not more[:1] in (" ", "\t"):
                        break
                    value += more
                parts = email.header.decode_header(value)
                value = str(email.header.make_header(parts))
            return value
    return ""


pop = poplib.POP3(os.environ["POP3_HOST"], int(os.environ["POP3_PORT"]), timeout=20)
pop.user(os.environ["POP3_USER"])
pop.pass_(os.environ["POP3_PASS"])
for entry in pop.list()[1]:
    number, size = entry.decode().split()
    lines = [l.decode("utf-8", "replace") for l in pop.top(int(number), 0)[1]]
    subject = header(lines, "Subject")
    if MODE == "wrong":
        subject = subject.replace("e", "a")
    print(f"Subject: {subject}")
    print(f"From: {header(lines, 'From')}")
    print(f"Size: {size}")
pop.quit()
