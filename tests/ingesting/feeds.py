"""A local feed server for the ingest tests (127.0.0.1 only, no sleeps) and the RSS it serves."""

from __future__ import annotations

import threading
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone


def rss(*items: tuple[str, str]) -> bytes:
    """An RSS 2.0 document of (guid, headline) items."""
    now = format_datetime(timezone.now())
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{headline}</title><link>https://wire.example.org/{guid}</link>"
        f"<description>&lt;p&gt;The full story of {headline}.&lt;/p&gt;</description><pubDate>{now}</pubDate></item>"
        for guid, headline in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'.encode()


class FeedServer:
    """Serves ``body`` at any path with an ETag; ``mode`` turns it into a fault: 500, hang, garbage, huge, redirect."""

    def __init__(self):
        self.body, self.mode, self.redirect_to = rss(), "ok", ""
        self.requests: list[dict] = []
        self.release = threading.Event()  # a hanging answer waits on this, never on a sleep
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append(dict(self.headers))
                etag = f'"{hash(server.body) & 0xFFFFFFFF:x}"'
                if server.mode == "hang":
                    server.release.wait(10)
                    return
                if server.mode == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                if server.mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", server.redirect_to)
                    self.end_headers()
                    return
                if server.mode == "ok" and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = b"\x00\xffnot a feed at all{{{" if server.mode == "garbage" else server.body
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                if server.mode == "huge":  # a gigabyte announced, and bytes sent until the client hangs up
                    self.send_header("Content-Length", str(1024**3))
                    self.end_headers()
                    try:
                        for _ in range(1024**3 // 65536):
                            self.wfile.write(b"x" * 65536)
                    except OSError:
                        pass
                    return
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/wire.xml"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
