"""An smtp-client in Python (smtplib), taking everything from the
environment the case documents: SMTP_HOST/SMTP_PORT, SMTP_USER/SMTP_PASS,
SMTP_FROM, SMTP_TO, SMTP_CC and SMTP_BCC (comma-separated lists).

  good   sends the Moonlight message as the case asks (the default)
  no-cc  leaves the Cc: header out (the envelope is still complete)
  lf     sends the message with bare LF line ends after DATA, as LuaSocket's
         smtp.send does with a message written with "\n"
"""
import email.utils
import os
import smtplib
import sys

MODE = sys.argv[1] if len(sys.argv) > 1 else "good"
env = os.environ
to, cc, bcc = (env[v].split(",") for v in ("SMTP_TO", "SMTP_CC", "SMTP_BCC"))
headers = [
    f"From: Puck <{env['SMTP_FROM']}>",
    "To: " + ", ".join(to),
    "Subject: Moonlight",
    "Date: " + email.utils.formatdate(),
    "Message-ID: " + email.utils.make_msgid(domain="conform.test"),
]
if MODE != "no-cc":
    headers.insert(2, "Cc: " + ", ".join(cc))
verse = [
    "Now the hungry lion roars,",
    "And the wolf behowls the moon;",
    "Whilst the heavy ploughman snores,",
    "All with weary task foredone.",
]
message = "\r\n".join(headers + [""] + verse) + "\r\n"
with smtplib.SMTP(env["SMTP_HOST"], int(env["SMTP_PORT"]), timeout=20) as smtp:
    smtp.ehlo("conform.test")
    smtp.login(env["SMTP_USER"], env["SMTP_PASS"])
    if MODE != "lf":
        smtp.sendmail(env["SMTP_FROM"], to + cc + bcc, message)
        sys.exit(0)
    # smtplib turns bare LFs into CRLF: write the message by hand instead.
    smtp.mail(env["SMTP_FROM"])
    for rcpt in to + cc + bcc:
        smtp.rcpt(rcpt)
    smtp.putcmd("data")
    smtp.getreply()
    smtp.send(message.replace("\r\n", "\n") + "\r\n.\r\n")
    smtp.getreply()
