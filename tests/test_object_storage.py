"""Media in an S3-compatible bucket (MEDIA_STORAGE=s3), tested against a real one: SeaweedFS on loopback, started
by the tests (tests/services/seaweedfs.py), with its credentials checked and public reads allowed on pictures only.

Pictures land in the bucket typed by their bytes and cached for a year; renditions are made there and pages show
them from MEDIA_URL (the bucket's host), never the site's origin; a picture saved on one machine is read on another;
and nothing is written to MEDIA_ROOT on the way.
"""

import io
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage

from articles import renditions, services
from articles.models import Article, Image
from pages.models import SiteSettings
from tests.factories import ImageFactory, PublishedArticleFactory, jpeg_bytes
from tests.importing import ninjs_story
from tests.services.seaweedfs import MEDIA_BUCKET

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
IMMUTABLE = "public, max-age=31536000, immutable"


def png_bytes(width: int, height: int, color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def fetch(url: str):
    """What a reader's browser gets for ``url``: no credentials."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback addresses from the fixture)
        return response.status, response.headers, response.read()


def files_under(folder) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def another_machine(settings, tmp_path, name: str) -> None:
    """The settings of a second machine: its own empty disk, the same bucket; its storage made afresh."""
    settings.MEDIA_ROOT = tmp_path / f"{name}-media"
    storages._storages.clear()  # no storage object carried over from the first "machine"
    default_storage._setup()


def test_an_uploaded_picture_lands_in_the_bucket_typed_by_its_bytes_and_cached_for_a_year(s3_media, editor_client):
    # A PNG that calls itself a JPEG, in its name and in the browser's Content-Type.
    upload = SimpleUploadedFile("holiday.jpg", png_bytes(640, 480), content_type="image/jpeg")

    response = editor_client.post(reverse("admin:articles_image_add"), {"files": upload, "credit": "PA"})

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.name.startswith("images/") and image.file.name.endswith(".png")
    stored = s3_media.head(MEDIA_BUCKET, image.file.name)
    assert stored["ContentType"] == "image/png"
    assert stored["CacheControl"] == IMMUTABLE
    assert image.file.url == f"{s3_media.public_url(MEDIA_BUCKET)}{image.file.name}"


def test_renditions_are_made_in_the_bucket_and_the_story_page_shows_them_from_the_bucket(s3_media, client):
    picture, _ = services.save_image(data=jpeg_bytes(1400, 900, (90, 140, 40)), filename="pier.jpg", alt_text="Pier")
    renditions.make_renditions(picture)  # what the task queued by the save does
    article = PublishedArticleFactory(lead_image=picture, lead_image_alt="The pier at dusk")

    made = s3_media.keys(MEDIA_BUCKET, f"renditions/{picture.content_hash[:2]}/{picture.content_hash}/")
    assert {key.rsplit(".", 1)[1] for key in made} == {"jpg", "webp"} and len(made) >= 10
    html = client.get(article.get_absolute_url()).text

    media_url = s3_media.public_url(MEDIA_BUCKET)
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert sources and all(src.startswith(media_url + "renditions/") for src in sources)
    assert 'src="/media/' not in html and "testserver" not in "".join(sources)
    status, headers, body = fetch(sources[0])  # as a reader's browser loads it: from the bucket, no credentials
    assert status == 200 and headers["Content-Type"] == "image/jpeg" and headers["Cache-Control"] == IMMUTABLE
    assert PILImage.open(io.BytesIO(body)).format == "JPEG"
    webp = re.search(r'<source type="image/webp" srcset="([^ "]+)', html).group(1)
    assert fetch(webp)[1]["Content-Type"] == "image/webp"


def test_a_picture_saved_on_one_machine_is_read_and_rendered_on_another(
    s3_media, settings, tmp_path, django_capture_on_commit_callbacks
):
    data = jpeg_bytes(900, 600, (10, 60, 200))
    with django_capture_on_commit_callbacks() as queued:  # the rendition task, left for a worker elsewhere
        image, _ = services.save_image(data=data, filename="flood.jpg", alt_text="Flood")
    assert queued

    another_machine(settings, tmp_path, "worker")
    for task in queued:  # the worker on the other machine: it has none of the first machine's files
        task()

    assert Image.objects.get(pk=image.pk).file.read() == data
    hero = renditions.rendition(image, "hero")
    assert all(default_storage.exists(variant.path) for variant in hero.variants)
    assert renditions.make_renditions(image) == 0  # all there already, seen from here
    call_command("make_renditions", stdout=io.StringIO())  # and the command finds nothing missing or failing
    assert not files_under(settings.MEDIA_ROOT) and not files_under(tmp_path / "media")


def test_nothing_is_written_under_media_root_when_media_is_in_the_bucket(
    s3_media, settings, editor_client, client, django_capture_on_commit_callbacks
):
    media_root = Path(settings.MEDIA_ROOT)
    # A picture from the library page, with its renditions (the task queued on commit runs at once in the tests).
    upload = SimpleUploadedFile("quay.jpg", jpeg_bytes(800, 500, (1, 2, 3)), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("admin:articles_image_add"), {"files": upload})
    # The logo and favicon.
    logo = SimpleUploadedFile("masthead.png", png_bytes(400, 80), content_type="image/png")
    icon = SimpleUploadedFile("icon.png", png_bytes(64, 64), content_type="image/png")
    assert (
        editor_client.post(reverse("admin:pages_sitesettings_add"), {"logo": logo, "favicon": icon}).status_code == 302
    )
    # An import with a picture, previewed and confirmed.
    preview = editor_client.post(
        reverse("admin:articles_article_import"), {"files": [_zip_with_a_picture()], "format": "auto"}
    )
    editor_client.post(reverse("admin:articles_article_import"), {"token": preview.context["token"]})
    client.get(reverse("articles:home"))

    imported = Article.objects.get(headline="Harbour reopens")
    assert imported.lead_image is not None
    keys = s3_media.keys(MEDIA_BUCKET)
    assert imported.lead_image.file.name in keys
    assert any(key.startswith("site/") for key in keys) and any(key.startswith("renditions/") for key in keys)
    assert not any(key.startswith("imports/") for key in keys), "the confirmed preview's files are gone"
    assert not files_under(media_root), [str(path) for path in files_under(media_root)]


def test_the_logo_and_favicon_come_from_the_bucket_typed_by_their_bytes(s3_media, editor_client, client):
    # A JPEG named .png: kept as the .jpg it is, and typed image/jpeg.
    logo = SimpleUploadedFile("masthead.png", jpeg_bytes(400, 80), content_type="image/png")
    icon = SimpleUploadedFile("icon.png", png_bytes(64, 64), content_type="image/png")

    editor_client.post(reverse("admin:pages_sitesettings_add"), {"logo": logo, "favicon": icon})

    row = SiteSettings.objects.get()
    assert row.logo.name.endswith(".jpg")
    assert s3_media.head(MEDIA_BUCKET, row.logo.name)["ContentType"] == "image/jpeg"
    assert s3_media.head(MEDIA_BUCKET, row.favicon.name)["ContentType"] == "image/png"
    html = client.get(reverse("articles:home")).text
    media_url = s3_media.public_url(MEDIA_BUCKET)
    assert f'<img class="site-logo" src="{media_url}{row.logo.name}" width="400" height="80"' in html
    assert f'<link rel="icon" href="{media_url}{row.favicon.name}">' in html
    assert fetch(f"{media_url}{row.logo.name}")[0] == 200


def test_an_import_preview_waits_in_the_bucket_private_and_uncached(s3_media, editor_client):
    wire = SimpleUploadedFile(
        "wire.jsonl", json.dumps({"uri": "urn:p:1", "headline": "Pier", "body_html": "<p>x</p>"}).encode()
    )

    preview = editor_client.post(reverse("admin:articles_article_import"), {"files": [wire], "format": "auto"})

    key = f"imports/{preview.context['token']}/wire.jsonl"
    assert s3_media.keys(MEDIA_BUCKET, "imports/") == [key]
    stored = s3_media.head(MEDIA_BUCKET, key)
    assert stored["ContentType"] == "application/octet-stream" and stored["CacheControl"] == "private, no-store"
    with pytest.raises(urllib.error.HTTPError) as refused:  # a reader who learns the token still gets nothing
        fetch(s3_media.public_url(MEDIA_BUCKET) + key)
    assert refused.value.code == 403


def test_the_bucket_checks_credentials(s3_media, settings):
    options = {**s3_media.storage_options(MEDIA_BUCKET), "secret_key": "not-the-secret"}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "newsroom.storage.MediaStorage", "OPTIONS": options},
    }

    with pytest.raises(Exception, match="403|Forbidden|SignatureDoesNotMatch"):
        ImageFactory()

    assert s3_media.keys(MEDIA_BUCKET) == []


# --- settings: MEDIA_STORAGE=s3 from the environment ---------------------------------------------------------------


def settings_of(**env) -> subprocess.CompletedProcess:
    keep = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    code = (
        "from django.conf import settings; import json; print(json.dumps({'url': settings.MEDIA_URL, "
        "'serve': settings.SERVE_MEDIA, 'storage': settings.STORAGES['default']}))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "1", **env}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_media_stays_on_local_disk_unless_the_environment_asks_for_a_bucket():
    result = settings_of()
    chosen = json.loads(result.stdout.strip().splitlines()[-1])
    assert chosen["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert chosen["url"] == "/media/" and chosen["serve"] is True


def test_a_bucket_is_configured_from_the_environment_and_pictures_come_from_its_host():
    result = settings_of(
        MEDIA_STORAGE="s3",
        S3_BUCKET="pictures",
        S3_ENDPOINT_URL="https://objects.example.net",
        S3_REGION="eu-west-2",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
        SERVE_MEDIA="1",
    )
    chosen = json.loads(result.stdout.strip().splitlines()[-1])
    assert chosen["storage"]["BACKEND"] == "newsroom.storage.MediaStorage"
    assert chosen["storage"]["OPTIONS"] == {
        "bucket_name": "pictures",
        "endpoint_url": "https://objects.example.net",
        "region_name": "eu-west-2",
        "addressing_style": "path",
        "access_key": "key",
        "secret_key": "secret",
    }
    assert chosen["url"] == "https://objects.example.net/pictures/"
    assert chosen["serve"] is False, "Django never serves a bucket's pictures from the site's origin"


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"MEDIA_STORAGE": "s3"}, "needs S3_BUCKET"),
        ({"MEDIA_STORAGE": "s3", "S3_BUCKET": "pictures", "MEDIA_URL": "/media/"}, "MEDIA_URL is the bucket's public"),
        ({"MEDIA_STORAGE": "ftp"}, "use local (the default) or s3"),
    ],
)
def test_a_half_configured_bucket_stops_the_site_with_a_clear_message(env, says):
    result = settings_of(**env)
    assert result.returncode != 0 and says in result.stderr


def _zip_with_a_picture():
    buffer = io.BytesIO()
    story = ninjs_story("urn:harbour:1", headline="Harbour reopens", picture="harbour.jpg")
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.json", json.dumps(story))
        archive.writestr("harbour.jpg", jpeg_bytes(640, 400, (20, 80, 120)))
    return SimpleUploadedFile("harbour.zip", buffer.getvalue(), content_type="application/zip")
