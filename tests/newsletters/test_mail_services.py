"""A mail service's HTTP API through anymail (here Postmark's, played by a server on loopback) and the outbound
client: the copy arrives as the service's JSON with the reader's unsubscribe headers, the service's message id is
kept for its bounce reports, and an API at a private address is refused unless the site allows it."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsletters import assembly, editions
from newsletters.models import Delivery, DeliveryStatus
from tests.factories import PublishedArticleFactory
from tests.newsletters.conftest import subscribe


class FakePostmark(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakePostmark.received.append((self.path, self.headers.get("X-Postmark-Server-Token"), body))
        answer = json.dumps({"ErrorCode": 0, "Message": "OK", "MessageID": "pm-123", "To": body["To"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def postmark(settings):
    FakePostmark.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePostmark)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.MAILERS = {"default": {"BACKEND": "newsletters.esp.postmark"}}
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "token-1",
        "POSTMARK_API_URL": f"http://127.0.0.1:{server.server_port}/",
    }
    yield server
    server.shutdown()


def _send(morning, editor, committed):
    subscribe(morning, "ann@example.org")
    edition = assembly.new_edition(newsletter=morning, subject="Briefing")
    assembly.fill(edition, [PublishedArticleFactory(headline="Harbour wall repaired")])
    committed(editions.send_now, edition=edition, user=editor)


def test_a_copy_goes_through_the_services_api_on_the_outbound_client(postmark, settings, morning, editor, committed):
    settings.NEWSLETTER = {**settings.NEWSLETTER, "ESP_ALLOW_PRIVATE_HOSTS": True}
    _send(morning, editor, committed)

    [(path, token, body)] = FakePostmark.received
    assert path == "/email" and token == "token-1" and body["To"] == "ann@example.org"
    assert "Harbour wall repaired" in body["HtmlBody"] and "Harbour wall repaired" in body["TextBody"]
    headers = {h["Name"]: h["Value"] for h in body["Headers"]}
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Unsubscribe"].startswith("<https://news.example.org/newsletters/unsubscribe/")
    assert body.get("TrackOpens") is False  # no tracking unless the site turns it on
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT and delivery.message_id == "pm-123"


def test_an_api_at_a_private_address_is_refused_by_the_outbound_guard(postmark, morning, editor, committed):
    _send(morning, editor, committed)
    assert FakePostmark.received == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and "private" in delivery.error.lower()
