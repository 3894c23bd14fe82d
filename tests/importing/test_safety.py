"""Hostile input: documents declaring entities, zip members with odd names, picture fetching that goes wrong."""

import json
import socket
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.models import Article, Image
from ingest.importers import fetch
from ingest.importers.formats import newsml, nitf, xmlsafe
from ingest.importers.records import ImportFailure, Outcome
from ingest.importers.run import run_import
from newsroom import outbound
from tests.importing import FIXTURES, ninjs_story, parse_all, write_ninjs, write_picture

pytestmark = pytest.mark.django_db
ENTITY_DTD = b'<!DOCTYPE nitf [<!ENTITY boom "exploded">]>\n'
PADDING = b"<!-- " + b"padding " * 9000 + b"-->\n"  # pushes the DTD past the prolog scan's window
STOPPED = threading.Event()  # set when a test ends, so the drip stops at once instead of running on


# --- the safe XML reader -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", [newsml, nitf])
def test_billion_laughs_is_refused(module):
    with pytest.raises(ImportFailure, match="entities") as caught:
        parse_all(module, "newsml/billion_laughs.xml")
    assert caught.value.where == "billion_laughs.xml"


def test_external_entity_is_refused_and_never_read():
    with pytest.raises(ImportFailure, match="entities") as caught:
        parse_all(newsml, "newsml/xxe.xml")
    assert "root:" not in str(caught.value)


def test_unknown_encoding_declaration_is_a_clear_file_error():
    with pytest.raises(ImportFailure, match="unknown character encoding 'x-brackenvale-7'"):
        parse_all(newsml, "newsml/unknown_encoding.xml")


def test_iter_elements_streams_items_and_clears_them():
    seen = []
    for element in xmlsafe.iter_elements(FIXTURES / "newsml/flood_package.xml", {"newsItem"}):
        seen.append(element.get("guid"))
    assert seen == [
        "urn:example-agency:2024:flood-pic-2",
        "urn:example-agency:2024:flood-text",
        "urn:example-agency:2024:flood-pic-1",
    ]
    assert len(element) == 0  # cleared once the loop moved past it


def test_iter_elements_refuses_entity_declarations():
    with pytest.raises(ImportFailure, match="entities"):
        list(xmlsafe.iter_elements(FIXTURES / "newsml/xxe.xml", {"newsItem"}))


def test_parse_xml_tolerates_bom_and_blank_lines_before_the_declaration():
    root = xmlsafe.parse_xml(b"\xef\xbb\xbf\n  <?xml version='1.0'?><a><b/></a>", name="x.xml")
    assert xmlsafe.localname(root) == "a"


# --- entities however they are dressed up --------------------------------------------------------------------------


def test_a_comment_holding_a_doctype_does_not_hide_the_real_one_from_the_prolog_scan():
    data = b'<?xml version="1.0"?>\n<!-- <!DOCTYPE x> -->\n' + ENTITY_DTD + b"<nitf>&boom;</nitf>"

    with pytest.raises(xmlsafe.RefusedDocument, match="declares XML entities"):
        xmlsafe._check_prolog(data, "story.xml")


def test_a_document_read_as_windows_1252_is_still_refused_when_it_declares_entities():
    data = PADDING + ENTITY_DTD + b"<nitf><head><title>Caf\xe9 &boom;</title></head></nitf>"

    with pytest.raises(xmlsafe.RefusedDocument):
        xmlsafe.parse_xml(data, name="story.xml")


def test_a_broken_feed_declaring_entities_fails_instead_of_being_read_leniently(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + PADDING
        + b'<!DOCTYPE rss [<!ENTITY boom "exploded">]>\n'
        + b"<rss><channel><title>Wire</title><item><title>Harbour &boom;</title><link>https://example.org/a</link>"
        + b"<description>Text</description></item></channel>"
    )

    report = run_import([path], format="rss")

    assert [item.outcome for item in report.items] == [Outcome.FAILED]
    assert not Article.objects.exists()


# --- zip members with odd names ------------------------------------------------------------------------------------


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return path


def _story(headline: str) -> bytes:
    return json.dumps(ninjs_story(f"urn:newsroom:test:{headline}", headline=headline)).encode()


def test_a_zip_member_named_dot_is_passed_over_and_the_stories_import(tmp_path):
    path = _zip(tmp_path / "batch.zip", {".": b"junk", "wire.json": _story("Harbour wall rebuilt")})

    report = run_import([path])

    assert [item.outcome for item in report.items] == [Outcome.CREATED]
    assert Article.objects.get().headline == "Harbour wall rebuilt"


def test_two_zip_members_unpacking_to_the_same_file_are_refused_naming_both(tmp_path):
    path = _zip(tmp_path / "batch.zip", {"a/story.json": _story("First"), "a\\story.json": _story("Second")})

    report = run_import([path])

    assert [item.outcome for item in report.items] == [Outcome.FAILED]
    assert "'a/story.json' and 'a\\\\story.json' unpack to the same file" in report.items[0].reason
    assert not Article.objects.exists()


# --- picture fetching that goes wrong ------------------------------------------------------------------------------


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
                if STOPPED.wait(0.2):
                    return
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def drip_server(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": True}
    STOPPED.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    httpd.daemon_threads = True
    # A short poll: shutdown() waits up to one poll interval (0.5 s by default) for the loop to notice.
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    STOPPED.set()
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


@pytest.mark.parametrize("address", ["64:ff9b::7f00:1", "64:ff9b::a00:1", "::ffff:192.168.1.1", "::127.0.0.1"])
def test_a_host_resolving_to_a_private_address_inside_an_ipv6_one_is_refused(settings, monkeypatch, tmp_path, address):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": False}
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda *args, **kwargs: [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, 80))]
    )

    with pytest.raises(fetch.ImageProblem, match="private address"):
        fetch.ImageFetcher().fetch("http://pictures.example.com/a.jpg", base=tmp_path)


def test_a_host_resolving_to_nat64_of_a_public_address_is_allowed(monkeypatch):
    looked_up = []

    def resolve(host, *args, **kwargs):
        looked_up.append(host)
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::808:808", 80))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)

    # Not refused: the picture would be fetched from the address that was checked.
    assert outbound.resolve("pictures.example.com", 80) == [
        (socket.AF_INET6, socket.SOCK_STREAM, 6, ("64:ff9b::808:808", 80))
    ]
    assert looked_up == ["pictures.example.com"]  # and it was the address check that let it through
