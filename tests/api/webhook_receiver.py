"""A partner's webhook receiver on loopback, for the webhook tests: it records what it is sent."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.models import WebhookEndpoint

SECRET = "s3cret-shared-with-the-partner"


class Receiver(BaseHTTPRequestHandler):
    received: list = []
    status = 204

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(Receiver.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "WEBHOOK_ALLOW_PRIVATE_HOSTS": True}
    Receiver.received, Receiver.status = [], 204
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    httpd.shutdown()
    httpd.server_close()


def endpoint(url, events=None) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        name="Partner", url=url, secret=SECRET, **({"events": events} if events else {})
    )
