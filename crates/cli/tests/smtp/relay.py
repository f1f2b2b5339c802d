"""The mail relay `landa remind --smtp` is tested against: aiosmtpd (a real SMTP server),
with STARTTLS required before anything else and a login required before mail is taken,
as an agency's relay has them. Started by crates/cli/tests/cli/agreements.rs as

    python3 relay.py CERT KEY USER PASSWORD MAILBOX

it prints "listening PORT" once it serves on 127.0.0.1 and appends each message it takes
to MAILBOX as one JSON line (sender, recipients, whether the session was over TLS and
logged in, and the message).
"""

import json
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

cert, key, user, password, mailbox = sys.argv[1:6]


class Keep:
    async def handle_DATA(self, server, session, envelope):
        with open(mailbox, "a", encoding="utf-8") as out:
            out.write(json.dumps({
                "from": envelope.mail_from,
                "to": envelope.rcpt_tos,
                "tls": server._tls_protocol is not None,
                "login": session.auth_data if session.authenticated else None,
                "message": envelope.content.decode("utf-8", "replace"),
            }) + "\n")
        return "250 queued"


def check_login(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == user
        and auth_data.password.decode() == password
    )
    return AuthResult(success=ok, auth_data=auth_data.login.decode() if ok else None)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
port = free_port()
controller = Controller(
    Keep(),
    hostname="127.0.0.1",
    port=port,
    server_hostname="localhost",
    tls_context=context,
    require_starttls=True,
    authenticator=check_login,
    auth_required=True,
)
controller.start()
print(f"listening {port}", flush=True)
try:
    while True:
        time.sleep(3600)
finally:
    controller.stop()
