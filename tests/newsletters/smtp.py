"""A real SMTP server on loopback (aiosmtpd) for the newsletter tests: it keeps every message it accepts, parsed.

``gate`` lets a test hold the server inside a message's DATA (after the client sent it, before the server answers):
``hold_at`` is the message's number (1-based) to hold; ``held`` is set when it is reached, and ``release`` lets it go
on, ``keep`` saying whether that message counts as accepted. The tests kill a worker there.
"""

from __future__ import annotations

import email
import socket
import threading
from dataclasses import dataclass, field
from email import policy

from aiosmtpd.controller import Controller


@dataclass
class Gate:
    hold_at: int = 0
    keep: bool = False
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class Handler:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.seen = 0
        self.refuse: dict[str, str] = {}  # address -> the reply its RCPT gets ("550 No such user", "451 Later")
        self.gate = Gate()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            number = self.seen
        if number == self.gate.hold_at:
            self.gate.held.set()
            # Blocks this server's loop on purpose: the client is killed while it waits for the answer.
            self.gate.release.wait(60)
            if not self.gate.keep:
                return "421 Closing: the client went away"
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPServer:
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.handler.gate.release.set()
        self.controller.stop()

    @property
    def messages(self):
        return self.handler.messages

    def settings(self) -> dict:
        options = {"host": "127.0.0.1", "port": self.port, "timeout": 30}
        return {"MAILERS": {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}}}

    def env(self) -> dict:
        return {"EMAIL_BACKEND": "smtp", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port)}
