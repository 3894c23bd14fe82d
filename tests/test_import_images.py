"""Pictures in imports: beside the file, in a zip, data: URLs and the web — with every way that can go wrong."""

import base64
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.importers import fetch
from articles.importers.run import run_import
from articles.models import Article, ArticleImage, Image
from tests.factories import jpeg_bytes
from tests.importing import ninjs_story, write_ninjs, write_picture

pytestmark = pytest.mark.django_db
PICTURE = jpeg_bytes(width=320, height=200)


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/ok.jpg": (200, "image/jpeg", PICTURE),
        "/page.jpg": (200, "text/html", b"<html>login</html>"),
        "/fake.jpg": (200, "image/jpeg", b"this is not a picture at all"),
        "/huge.jpg": (200, "image/jpeg", PICTURE * 40),
    }

    def do_GET(self):
        if self.path == "/slow.jpg":
            time.sleep(1.5)
        if self.path == "/moved.jpg":
            self.send_response(302)
            self.send_header("Location", "/ok.jpg")
            self.end_headers()
            return
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings, monkeypatch):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": True}
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def import_with_picture(tmp_path, source: str, **options):
    report = run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story(picture=source))], **options)
    assert [item.outcome.value for item in report.items] == ["created"]  # a picture problem never fails the story
    return Article.objects.get(), " ".join(report.items[0].warnings)


def test_a_picture_beside_the_file_becomes_the_lead_with_caption_and_credit(tmp_path):
    write_picture(tmp_path / "ferry.jpg")

    article, warnings = import_with_picture(tmp_path, "ferry.jpg")

    assert article.lead_image.credit == "PA"
    assert article.lead_caption == "The ferry at its berth"
    assert article.lead_alt == "A ferry tied up at a quay"
    assert warnings == ""


def test_a_picture_path_climbing_out_of_the_import_folder_is_refused(tmp_path):
    inside = tmp_path / "inbox"
    inside.mkdir()
    write_picture(tmp_path / "secret.jpg")

    for source in ("../secret.jpg", str(tmp_path / "secret.jpg")):
        Article.objects.all().delete()
        report = run_import([write_ninjs(inside / "wire.jsonl", ninjs_story(picture=source))])
        assert "outside the import folder" in report.items[0].warnings[0]
    assert not Image.objects.exists()


def test_a_zip_with_its_pictures_imports_and_reuses_library_copies(tmp_path):
    write_picture(tmp_path / "ferry.jpg")
    existing = import_with_picture(tmp_path, "ferry.jpg")[0].lead_image
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(tmp_path / "ferry.jpg", "pics/ferry.jpg")
        archive.writestr(
            "stories/wire.json",
            write_ninjs(tmp_path / "x.json", ninjs_story("urn:zip", picture="../pics/ferry.jpg")).read_text(),
        )
        archive.writestr("README.md", "How to use this bundle")

    report = run_import([bundle])

    assert [item.outcome.value for item in report.items] == ["skipped", "created"]
    assert report.items[1].where == "bundle.zip/stories/wire.json item 1"
    assert Article.objects.get(source_guid="urn:zip").lead_image == existing
    assert Image.objects.count() == 1


def test_a_zip_member_escaping_the_archive_fails_the_zip_and_writes_nothing(tmp_path):
    bundle = tmp_path / "evil.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("../../escaped.json", "{}")

    report = run_import([bundle])

    assert report.failed and "outside the archive" in report.items[0].reason
    assert not (tmp_path.parent / "escaped.json").exists()


def test_a_data_url_picture_is_decoded_into_the_library(tmp_path):
    data_url = "data:image/jpeg;base64," + base64.b64encode(PICTURE).decode()

    article, _ = import_with_picture(tmp_path, data_url)

    assert article.lead_image.file_size == len(PICTURE)


def test_a_web_picture_is_fetched_and_the_same_bytes_are_stored_once(tmp_path, server):
    first, _ = import_with_picture(tmp_path, f"{server}/ok.jpg")
    run_import([write_ninjs(tmp_path / "more.jsonl", ninjs_story("urn:other", picture=f"{server}/moved.jpg"))])

    assert Image.objects.count() == 1
    assert Article.objects.get(source_guid="urn:other").lead_image == first.lead_image
    assert first.lead_image.source.endswith("/ok.jpg")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/missing.jpg", "answered 404"),
        ("/slow.jpg", "timed out"),
        ("/page.jpg", "sent text/html, not a picture"),
        ("/fake.jpg", "not a picture Newsroom can read"),
        ("/huge.jpg", "limit"),
    ],
)
def test_a_web_picture_that_cannot_be_used_is_reported_and_the_story_still_imports(
    tmp_path, server, settings, path, expected
):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMAGE_MAX_BYTES": len(PICTURE) * 10}

    article, warnings = import_with_picture(tmp_path, server + path)

    assert expected in warnings
    assert article.lead_image is None
    assert not Image.objects.exists()


def test_an_unreachable_host_is_reported_without_trying_again_for_every_picture(tmp_path, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": True}
    dead = "http://127.0.0.1:9/"  # the discard port: nothing listens
    stories = [ninjs_story(f"urn:{n}", picture=f"{dead}{n}.jpg") for n in range(3)]

    report = run_import([write_ninjs(tmp_path / "wire.jsonl", *stories)])

    warnings = [item.warnings[0] for item in report.items]
    assert "unreachable" in warnings[0]
    assert all("earlier in this run" in warning for warning in warnings[1:])


def test_pictures_on_private_addresses_are_refused_by_default(tmp_path, server, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": False}

    article, warnings = import_with_picture(tmp_path, f"{server}/ok.jpg")

    assert "private address" in warnings
    assert article.lead_image is None


def test_other_url_schemes_are_not_fetched(tmp_path):
    write_picture(tmp_path / "ferry.jpg")

    _, warnings = import_with_picture(tmp_path, f"file://{tmp_path / 'ferry.jpg'}")

    assert "file: addresses are not fetched" in warnings


def test_inline_pictures_become_house_figures_with_caption_and_credit(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(
        "Storm closes mountain pass\n\n14 January 2025, 07:40\n\n"
        "Lorries stuck in deep snow\nDrivers waited overnight. Picture: PA\n\n"
        "Dozens of drivers spent the night in their cabs.\n\nPolice shut the road.\n\n"
        "A plough clears a lane\nCrews cleared one lane by dawn (AP Photo/Rita Moss)\n\n"
        "A hotel opened its dining room.\n",
        encoding="utf-8",
    )
    write_picture(tmp_path / "story-1.jpg")
    write_picture(tmp_path / "story-2.jpg", color=(20, 160, 60))

    run_import([story])

    article = Article.objects.get()
    inline = ArticleImage.objects.get(article=article)
    assert article.lead_image.credit == "PA"
    assert f'<figure data-image-id="{inline.image_id}">' in article.body
    assert '<span class="credit">(AP Photo/Rita Moss)</span>' in article.body
    assert (inline.caption, inline.credit, inline.alt_text) == (
        "Crews cleared one lane by dawn",
        "AP Photo/Rita Moss",
        "A plough clears a lane",
    )
