"""Picture fetching that goes wrong: failed stories leave no files, bad addresses and slow servers stay warnings."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.importers import fetch
from articles.importers.records import Outcome
from articles.importers.run import run_import
from articles.models import Article, Image
from tests.importing import ninjs_story, write_ninjs, write_picture

pytestmark = pytest.mark.django_db


class Drip(BaseHTTPRequestHandler):
    """Sends a picture one byte every 0.2 s: each read gets something, so only a deadline stops it."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(100000):
                self.wfile.write(b"\xff")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def drip_server(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": True}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _two_pictures(tmp_path):
    write_picture(tmp_path / "lead.jpg")
    write_picture(tmp_path / "second.jpg", color=(20, 200, 20))
    story = ninjs_story(
        picture="lead.jpg",
        body='<p>Text.</p><!-- EMBED START Image {id: "pic2"} --><!-- EMBED END Image {id: "pic2"} -->',
    )
    story["associations"]["pic2"] = {
        "type": "picture",
        "renditions": {"original": {"href": "second.jpg"}},
        "alt": "Second",
    }
    return write_ninjs(tmp_path / "wire.jsonl", story)


def _stored_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_a_story_failing_after_its_first_picture_was_saved_leaves_no_file_behind(tmp_path, settings, monkeypatch):
    real_fetch = fetch.ImageFetcher.fetch
    calls = []

    def failing_second_fetch(self, source, **kwargs):
        calls.append(source)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real_fetch(self, source, **kwargs)

    monkeypatch.setattr(fetch.ImageFetcher, "fetch", failing_second_fetch)

    report = run_import([_two_pictures(tmp_path)])

    assert report.items[0].outcome == Outcome.FAILED
    assert not Image.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.parametrize("source", ["http://example.org:99999/a.jpg", "http://[::1/a.jpg", "http://[zz::1]/a.jpg"])
def test_a_picture_address_with_a_bad_port_or_ipv6_literal_is_a_warning_not_a_failed_story(tmp_path, source):
    report = run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story(picture=source))])

    assert report.items[0].outcome == Outcome.CREATED
    assert "not a valid address" in " ".join(report.items[0].warnings)


def test_a_server_dripping_bytes_cannot_hold_the_import_past_its_timeout(tmp_path, drip_server, monkeypatch):
    monkeypatch.setattr(fetch, "TIMEOUT", 1)
    started = time.monotonic()

    report = run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story(picture=f"{drip_server}/slow.jpg"))])

    assert time.monotonic() - started < 4
    assert report.items[0].outcome == Outcome.CREATED
    assert "timed out" in " ".join(report.items[0].warnings)
    assert Article.objects.get().lead_image is None


@pytest.mark.parametrize("address", ["64:ff9b::7f00:1", "64:ff9b::a00:1", "::ffff:192.168.1.1"])
def test_a_host_resolving_to_a_nat64_or_mapped_private_address_is_refused(settings, monkeypatch, address):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": False}
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, 80))]
    )

    with pytest.raises(fetch.ImageProblem, match="private address"):
        fetch.check_host("http://pictures.example.com/a.jpg")


def test_a_host_resolving_to_nat64_of_a_public_address_is_allowed(settings, monkeypatch):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": False}
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *args, **kwargs: [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::808:808", 80))],
    )

    fetch.check_host("http://pictures.example.com/a.jpg")
