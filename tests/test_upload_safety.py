"""Uploads never become script: stored names come from the detected format, media answers are sandboxed, pages
run scripts from the static path only, and pictures too big to decode are refused from their header."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import re_path, reverse
from PIL import Image as PILImage

from articles import renditions, services
from articles.models import Article, Image
from articles.models.media import original_upload_to
from ingest.importers.run import run_import
from newsroom.media import serve_media
from tests.factories import ImageFactory
from tests.importing import ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db

# The media route exists only with SERVE_MEDIA, which the suite leaves off; this module is its own URLconf.
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media)]


def png_bytes(size=(64, 48), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def gif_that_is_also_javascript() -> bytes:
    """``GIF89a/*…*/=alert(1);/*…*/``: the width's two bytes open a comment that a GIF comment block closes."""
    buffer = io.BytesIO()
    PILImage.new("P", (0x2A2F, 1)).save(buffer, "GIF", comment=b"*/=alert(1);/*")
    data = buffer.getvalue() + b"*/"
    assert data.startswith(b"GIF89a/*") and b"*/=alert(1);/*" in data
    return data


def test_a_png_named_html_is_stored_and_served_as_a_png(editor_client):
    upload = SimpleUploadedFile("evil.html", png_bytes(), content_type="text/html")

    editor_client.post(reverse("admin:articles_image_upload"), {"files": [upload]})

    image = Image.objects.get()
    assert image.file.name.endswith(".png") and ".html" not in image.file.name
    assert image.original_name == "evil.html"


def test_a_gif_that_is_also_javascript_named_js_is_stored_as_a_gif():
    image, _ = services.save_image(data=gif_that_is_also_javascript(), filename="x.js")

    assert image.file.name.endswith(".gif")
    assert image.original_name == "x.js"


def test_an_imported_png_named_svg_is_stored_as_a_png(tmp_path):
    (tmp_path / "x.svg").write_bytes(png_bytes())

    run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story(picture="x.svg"))])

    lead = Article.objects.get().lead_image
    assert lead.file.name.endswith(".png") and lead.original_name == "x.svg"


def test_an_original_can_not_be_stored_under_a_name_that_is_not_a_picture():
    with pytest.raises(SuspiciousFileOperation):
        original_upload_to(None, "original.html")
    assert original_upload_to(None, "original.webp").endswith(".webp")


def test_renditions_are_only_ever_jpeg_and_webp_files():
    image, _ = services.save_image(data=png_bytes((900, 600)), filename="page.html")
    renditions.make_renditions(image)

    paths = [v.path for name in renditions.RENDITIONS for v in renditions.rendition(image, name).variants]
    assert paths and all(path.endswith((".jpg", ".webp")) for path in paths)
    assert all(default_storage.exists(path) for path in paths)


def test_misnamed_originals_stored_before_the_fix_are_renamed_by_the_migration():
    image = ImageFactory()
    stored = default_storage.save("images/2026/01/0123abcd.html", ContentFile(png_bytes()))
    Image.objects.filter(pk=image.pk).update(file=stored)
    migration = __import__("articles.migrations.0008_image_original_name", fromlist=["rename_misnamed_originals"])

    migration.rename_misnamed_originals(apps, None)

    renamed = Image.objects.get(pk=image.pk).file.name
    assert renamed.startswith("images/2026/01/0123abcd") and renamed.endswith(".png")
    assert default_storage.exists(renamed) and not default_storage.exists(stored)


@pytest.mark.urls("tests.test_upload_safety")
def test_media_answers_are_nosniff_and_sandboxed_with_a_policy_of_their_own(client):
    image, _ = services.save_image(data=png_bytes(), filename="evil.html")

    response = client.get("/media/" + image.file.name)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_pages_run_scripts_from_the_static_path_only_not_from_anywhere_on_the_site(client):
    policy = client.get("/")["Content-Security-Policy"]

    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src")).split()
    assert "'self'" not in script_src
    assert "http://testserver/static/" in script_src


def test_a_static_url_on_its_own_host_is_the_script_source(client, settings):
    settings.STATIC_URL = "https://static.example.org/assets/"

    policy = client.get("/")["Content-Security-Policy"]

    assert "https://static.example.org/assets/" in policy
    assert "http://testserver/" not in policy


def test_the_default_pixel_limit_is_about_forty_megapixels():
    from django.conf import settings

    assert settings.NEWSROOM["IMAGE_MAX_PIXELS"] == 40_000_000
    assert PILImage.MAX_IMAGE_PIXELS == 40_000_000


def test_a_picture_with_too_many_pixels_is_refused_from_its_header_before_decoding(settings, monkeypatch):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMAGE_MAX_PIXELS": 1_000_000}
    data = png_bytes((1500, 1000))

    def decoding(*args, **kwargs):
        raise AssertionError("the picture was decoded before its size was checked")

    monkeypatch.setattr(PILImage.Image, "load", decoding)
    monkeypatch.setattr(PILImage.Image, "verify", decoding)

    with pytest.raises(ValidationError) as refused:
        services.save_image(data=data, filename="panorama.png")

    assert "panorama.png: 1500×1000 pixels is more than the 1,000,000 allowed" in refused.value.messages[0]
    assert not Image.objects.exists()


def test_an_imported_picture_with_too_many_pixels_is_reported_and_not_stored(tmp_path, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMAGE_MAX_PIXELS": 1_000_000}
    (tmp_path / "panorama.png").write_bytes(png_bytes((1500, 1000)))

    report = run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story(picture="panorama.png"))])

    assert "1500×1000 pixels is more than the 1,000,000 allowed" in " ".join(report.items[0].warnings)
    assert not Image.objects.exists()
