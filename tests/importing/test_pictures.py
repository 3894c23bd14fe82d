"""Pictures in imports: beside the file, in a zip, data: URLs and the web, inline figures and credits."""

import base64
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.models import Article, ArticleImage, Image
from ingest.importers import fetch
from ingest.importers.formats import nitf
from ingest.importers.formats.text import split_credit
from ingest.importers.run import run_import
from tests.factories import jpeg_bytes
from tests.importing import FIXTURES, ninjs_story, write_ninjs, write_picture

pytestmark = pytest.mark.django_db
PICTURE = jpeg_bytes(width=320, height=200)
RELEASED = threading.Event()  # set when a test ends, so a deliberately slow answer stops holding its thread


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/ok.jpg": (200, "image/jpeg", PICTURE),
        "/page.jpg": (200, "text/html", b"<html>login</html>"),
        "/fake.jpg": (200, "image/jpeg", b"this is not a picture at all"),
        "/huge.jpg": (200, "image/jpeg", PICTURE * 40),
    }

    def do_GET(self):
        if self.path == "/slow.jpg":
            RELEASED.wait(5)  # answers nothing until the test is over: the client's timeout must end the wait
            return
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
    RELEASED.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    # A short poll: shutdown() waits up to one poll interval (0.5 s by default) for the loop to notice.
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    RELEASED.set()
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
    assert len(warnings) == 3
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


# --- inline figures: recorded once, texts as written, within their fields ------------------------------------------


def _inline_story(tmp_path, **picture):
    write_picture(tmp_path / "lead.jpg")
    write_picture(tmp_path / "inline.jpg", color=(10, 120, 240))
    story = ninjs_story(
        picture="lead.jpg",
        body='<p>Text.</p><!-- EMBED START Image {id: "pic2"} --><!-- EMBED END Image {id: "pic2"} -->',
    )
    story["associations"]["pic2"] = {"type": "picture", "renditions": {"original": {"href": "inline.jpg"}}, **picture}
    return write_ninjs(tmp_path / "wire.jsonl", story)


def test_inline_picture_texts_with_ampersands_are_recorded_unescaped(tmp_path):
    path = _inline_story(
        tmp_path, description_text='Fish & chips at "The Anchor"', creditline="Smith & Co", alt="Cod & chips"
    )

    run_import([path])

    use = ArticleImage.objects.get()
    assert (use.caption, use.credit, use.alt_text) == ('Fish & chips at "The Anchor"', "Smith & Co", "Cod & chips")


def test_inline_picture_credit_and_alt_longer_than_their_fields_are_cut_to_fit(tmp_path):
    path = _inline_story(tmp_path, description_text="Caption", creditline="C" * 260, alt="A" * 400)

    run_import([path])

    use = ArticleImage.objects.get()
    assert len(use.credit) == 200
    assert len(use.alt_text) == 300


# --- credits printed inside captions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Fire at the mill. Picture: PA", ("Fire at the mill.", "PA")),
        ("Photograph: Jane Doe", ("", "Jane Doe")),
        ("Crowds gather. Credit: Reuters", ("Crowds gather.", "Reuters")),
        ("Flood water (Image: Sam Roe)", ("Flood water", "Sam Roe")),
        ("Flood water | Photo: Sam Roe", ("Flood water", "Sam Roe")),
    ],
)
def test_a_labelled_credit_at_a_sentence_start_or_in_the_end_segment_is_split_off(caption, expected):
    assert split_credit(caption) == expected


def test_a_label_word_inside_a_sentence_is_not_taken_for_a_credit():
    caption = "A view of the picture: sunset over the bay"

    assert split_credit(caption) == (caption, "")


def test_an_nitf_caption_that_is_only_a_credit_leaves_an_empty_caption_not_a_full_stop():
    [parsed] = list(nitf.parse(FIXTURES / "nitf" / "credit_only_caption.xml"))
    lead, second, third = parsed.story.images

    assert (lead.caption, lead.credit) == ("", "Jane Doe / PA")
    assert (second.caption, second.credit) == ("Boats at the start line!", "Sam Roe")
    assert (third.caption, third.credit) == ("Spectators on the quay.", "Ann Lee")


# --- plain-text stories in a folder, each with its own pictures ----------------------------------------------------


def _text(path, headline: str, body: str, caption: str = ""):
    picture = f"A picture for {headline}\n{caption} Picture: PA\n\n" if caption else ""
    path.write_text(f"{headline}\n\n{picture}{body}\n", encoding="utf-8")
    return path


def test_stories_in_a_folder_take_the_pictures_named_after_them_from_the_images_folder(tmp_path):
    stories, pictures = tmp_path / "stories", tmp_path / "pictures"
    stories.mkdir()
    pictures.mkdir()
    _text(stories / "ferry.txt", "Ferry cancelled", "The ferry stayed in port.", caption="The quay.")
    _text(stories / "bridge.txt", "Bridge reopens", "Traffic crossed again.", caption="The bridge.")
    write_picture(pictures / "bridge-1.jpg", color=(10, 10, 200))
    write_picture(pictures / "ferry-1.jpg", color=(200, 10, 10))

    run_import([stories], images_dir=pictures)

    ferry, bridge = Article.objects.get(headline="Ferry cancelled"), Article.objects.get(headline="Bridge reopens")
    assert ferry.lead_image.source == "ferry-1.jpg"
    assert bridge.lead_image.source == "bridge-1.jpg"
    assert Image.objects.count() == 2


def test_stories_in_a_folder_do_not_borrow_unnamed_pictures_by_order(tmp_path):
    stories, pictures = tmp_path / "stories", tmp_path / "pictures"
    stories.mkdir()
    pictures.mkdir()
    _text(stories / "ferry.txt", "Ferry cancelled", "The ferry stayed in port.", caption="The quay.")
    _text(stories / "bridge.txt", "Bridge reopens", "Traffic crossed again.", caption="The bridge.")
    write_picture(pictures / "agency-0001.jpg")

    report = run_import([stories], images_dir=pictures)

    assert not Image.objects.exists()
    assert len(report.items) == 2
    assert all(
        "Lead picture" in " ".join(item.warnings) and "has no file" in " ".join(item.warnings) for item in report.items
    )


def test_a_single_text_file_still_takes_unnamed_pictures_in_order(tmp_path):
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    write_picture(pictures / "agency-0001.jpg")
    story = _text(tmp_path / "ferry.txt", "Ferry cancelled", "The ferry stayed in port.", caption="The quay.")

    run_import([story], images_dir=pictures)

    assert Article.objects.get().lead_image.source == "agency-0001.jpg"


def test_two_undated_stories_with_the_same_headline_stay_two_stories(tmp_path):
    first = _text(tmp_path / "one.txt", "Council meeting tonight", "Planning is on the agenda.")
    second = _text(tmp_path / "two.txt", "Council meeting tonight", "The budget is on the agenda.")

    run_import([first, second])

    assert Article.objects.count() == 2
