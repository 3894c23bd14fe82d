"""Messages for the mail service: Django's email backends (SMTP, or any service through django-anymail), chosen in
settings (``EMAIL_BACKEND``), and what a refusal means.

Every newsletter mail carries ``List-Unsubscribe`` with the reader's one-click link and ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058, which Gmail and Yahoo require of bulk senders), a ``List-Id``, and a
Message-ID fixed when its send-log row was made (the same if the copy is handed over again after a crash).
"""

from __future__ import annotations

import base64
import secrets
import smtplib
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from newsletters import links, render

TRANSIENT, PERMANENT, BOUNCE = "transient", "permanent", "bounce"


def from_email() -> str:
    return settings.NEWSLETTER["FROM_EMAIL"] or settings.DEFAULT_FROM_EMAIL


def domain() -> str:
    return links.site_url().split("://", 1)[-1].split("/")[0].split(":")[0]


def connection():
    """A connection to the mail service (``MAILERS["default"]``), reused for a whole run of copies."""
    return mailers.default


def build(
    *, rendered: render.Rendered, to: str, key: str, list_id: int, list_name: str, list_slug: str, message_id: str
) -> EmailMultiAlternatives:
    """One reader's copy: the edition's HTML and text with this reader's links."""
    unsubscribe, preferences = links.unsubscribe(key, list_id), links.preferences(key)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=render.personalise(rendered.text, preferences=preferences, unsubscribe=unsubscribe),
        from_email=from_email(),
        to=[to],
        headers={
            "Message-ID": message_id,
            "List-Id": f'"{list_name}" <{list_slug}.{domain()}>',
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render.personalise(rendered.html, preferences=preferences, unsubscribe=unsubscribe), "text/html"
    )
    tracking = settings.NEWSLETTER["TRACKING"]
    message.track_opens = message.track_clicks = tracking  # anymail: asked of the service for each message
    return message


class Copies:
    """Each reader's copy as MIME bytes for an SMTP server, assembled from parts made once per edition: the same
    message ``build`` makes (multipart/alternative, text then HTML, UTF-8 in base64), without running Python's email
    package for every reader (it cost more than everything else together: ~12 ms a copy against ~0.3 ms)."""

    def __init__(self, rendered: render.Rendered, *, list_name: str, list_slug: str):
        self.rendered, self.sender = rendered, from_email()
        name, address = parseaddr(self.sender)
        self.envelope_from = address
        self.boundary = f"=_nl_{secrets.token_hex(12)}".encode()
        head = [
            f"From: {formataddr((str(Header(name, 'utf-8')) if name else '', address))}",
            f"Subject: {Header(rendered.subject, 'utf-8').encode()}",
            f'List-Id: "{Header(list_name, "utf-8").encode()}" <{list_slug}.{domain()}>',
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{self.boundary.decode()}"',
        ]
        self.head = ("\r\n".join(head) + "\r\n\r\n").encode()

    @staticmethod
    def usable(backend) -> bool:
        return isinstance(backend, SMTPBackend)

    def part(self, body: str, subtype: bytes) -> bytes:
        flat = base64.b64encode(body.encode())
        encoded = b"\r\n".join([flat[n : n + 76] for n in range(0, len(flat), 76)]) + b"\r\n"
        return b"--%s\r\nContent-Type: text/%s; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n%s" % (
            self.boundary,
            subtype,
            encoded,
        )

    def copy(self, *, to: str, key: str, list_id: int, message_id: str) -> bytes:
        unsubscribe, preferences = links.unsubscribe(key, list_id), links.preferences(key)
        text = render.personalise(self.rendered.text, preferences=preferences, unsubscribe=unsubscribe)
        html = render.personalise(self.rendered.html, preferences=preferences, unsubscribe=unsubscribe)
        own = f"To: {to}\r\nMessage-ID: {message_id}\r\nDate: {formatdate()}\r\nList-Unsubscribe: <{unsubscribe}>\r\n"
        return b"".join(
            [
                own.encode(),
                self.head,
                self.part(text, b"plain"),
                self.part(html, b"html"),
                b"--%s--\r\n" % self.boundary,
            ]
        )

    def send(self, backend, *, to: str, raw: bytes) -> None:
        """Hand one copy to the SMTP server over the backend's open connection. With PIPELINING (RFC 2920: Postfix,
        Exim and the services' relays offer it) MAIL, RCPT and DATA go in one write: two round trips a copy, not four.
        """
        if backend.connection is None:
            backend.open()
        smtp = backend.connection
        smtp.ehlo_or_helo_if_needed()
        if not smtp.has_extn("pipelining"):
            smtp.sendmail(self.envelope_from, [to], raw)
            return
        smtp.send(f"MAIL FROM:<{self.envelope_from}>\r\nRCPT TO:<{to}>\r\nDATA\r\n".encode())
        (sender, said), (recipient, answer), (data, reply) = (smtp.getreply() for _ in range(3))
        if (sender, recipient, data) != (250, 250, 354):
            if data == 354:  # the server is waiting for a message: end it empty, then forget it
                smtp.send(b".\r\n")
                smtp.getreply()
            smtp.rset()
            if sender != 250:
                raise smtplib.SMTPSenderRefused(sender, said, self.envelope_from)
            if recipient not in {250, 251}:
                raise smtplib.SMTPRecipientsRefused({to: (recipient, answer)})
            raise smtplib.SMTPDataError(data, reply)
        smtp.send(raw.replace(b"\r\n.", b"\r\n..") + b".\r\n")  # dot-stuffed; the copy ends with CRLF
        code, reply = smtp.getreply()
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)


def plain(*, subject: str, body: str, to: str, html: str = "") -> EmailMultiAlternatives:
    """A one-off mail (the confirmation link, a test send)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email(), to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.track_opens = message.track_clicks = False
    return message


def service_message_id(message, fallback: str) -> str:
    """The id the mail service gave the message (anymail), which its bounce reports name; else our Message-ID."""
    status = getattr(message, "anymail_status", None)
    return (getattr(status, "message_id", None) or fallback)[:200]


@dataclass(frozen=True)
class Refusal:
    kind: str  # TRANSIENT: try again later; PERMANENT: this copy failed; BOUNCE: the address is bad (suppress it)
    reason: str
    reconnect: bool = False


def classify(error: Exception) -> Refusal:
    """What a mail service's refusal means for this copy and this address."""
    reason = f"{type(error).__name__}: {error}"[:480]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return Refusal(BOUNCE if codes and all(code >= 500 for code in codes) else TRANSIENT, reason)
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return Refusal(TRANSIENT, reason, reconnect=True)
    if isinstance(error, smtplib.SMTPResponseException):
        return Refusal(PERMANENT if error.smtp_code >= 500 else TRANSIENT, reason, reconnect=error.smtp_code == 421)
    if isinstance(error, AnymailRecipientsRefused):
        return Refusal(BOUNCE, reason)
    if isinstance(error, AnymailAPIError):
        status = getattr(error, "status_code", None)
        transient = status is None or status == 429 or status >= 500
        return Refusal(TRANSIENT if transient else PERMANENT, reason)
    return Refusal(TRANSIENT, reason, reconnect=isinstance(error, OSError | smtplib.SMTPException))
