"""Pictures are checked whole before they are kept: a file cut short in transfer is refused with its name, the logo
and favicon are cut to the size the header shows them at, and a full disk is a message with nothing left behind."""

import errno
import io
import random
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Image
from pages.models import SiteSettings
from tests.factories import jpeg_bytes
from tests.test_upload_safety import png_bytes

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:articles_image_upload")
SITE_ADD = reverse("admin:pages_sitesettings_add")


def noise(size) -> PILImage.Image:
    return PILImage.frombytes("RGB", size, random.Random(26).randbytes(size[0] * size[1] * 3))


def noisy_png(size=(640, 480)) -> bytes:
    """A PNG whose pixels do not compress away, so cutting it short cuts pixels (not just the end marker)."""
    picture = noise(size)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def noisy_jpeg(size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    noise(size).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def files_under(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.mark.parametrize(("name", "data"), [("cut-short.jpg", noisy_jpeg()), ("cut-short.png", noisy_png())])
def test_a_picture_cut_short_in_transfer_is_refused_naming_the_file_and_nothing_is_kept(
    editor_client, settings, name, data
):
    truncated = data[: len(data) * 2 // 3]

    response = editor_client.post(UPLOAD, {"files": [SimpleUploadedFile(name, truncated)]})

    assert response.status_code == 200
    assert f"{name}: the file is damaged or cut short" in response.text
    assert not Image.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_the_whole_picture_of_a_good_upload_is_kept_beside_a_refused_one(editor_client):
    good = SimpleUploadedFile("good.jpg", jpeg_bytes(800, 600))
    bad = SimpleUploadedFile("bad.jpg", noisy_jpeg()[:5000])

    response = editor_client.post(UPLOAD, {"files": [good, bad]}, follow=True)

    assert "bad.jpg: the file is damaged or cut short" in response.text
    assert list(Image.objects.values_list("original_name", flat=True)) == ["good.jpg"]


class FullDisk(FileSystemStorage):
    """A disk that fills up partway through a write: Django's storage leaves the half-written file behind."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")  # what the failed write left: an empty file
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def full_disk(settings):
    # Django resets its storages when STORAGES changes (and back at the end of the test).
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.test_picture_upload_checks.FullDisk"}}


def test_a_full_disk_is_a_clear_message_with_no_row_and_no_empty_file(editor_client, settings, full_disk):
    response = editor_client.post(UPLOAD, {"files": [SimpleUploadedFile("quake.jpg", jpeg_bytes(800, 600))]})

    assert response.status_code == 200
    assert "quake.jpg could not be stored: the media storage refused the write (No space left on device)" in (
        response.text
    )
    assert not Image.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_full_disk_when_the_logo_is_saved_leaves_no_settings_row_and_no_file(editor_client, settings, full_disk):
    logo = SimpleUploadedFile("masthead.png", png_bytes((400, 80)))

    response = editor_client.post(SITE_ADD, {"logo": logo}, follow=True)

    assert response.status_code == 200
    assert "The logo could not be stored: the media storage refused the write" in response.text
    assert not SiteSettings.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_huge_logo_is_kept_at_the_size_the_header_shows_it(editor_client, client):
    # 39.7 megapixels: under the 40 MP upload limit, and once served whole in every page's header.
    huge = io.BytesIO()
    PILImage.new("RGB", (7300, 5440), (20, 60, 120)).save(huge, "PNG")

    response = editor_client.post(SITE_ADD, {"logo": SimpleUploadedFile("masthead.png", huge.getvalue())})

    assert response.status_code == 302
    row = SiteSettings.objects.get()
    assert (row.logo_width, row.logo_height) <= (960, 96) and row.logo_height == 96
    with row.logo.open("rb") as stored, PILImage.open(stored) as picture:
        assert picture.size == (row.logo_width, row.logo_height) and picture.format == "PNG"
    html = client.get("/").text
    assert f'src="{row.logo.url}" width="{row.logo_width}" height="96"' in html


def test_a_large_favicon_is_kept_at_180_pixels_and_a_small_logo_as_it_came(editor_client):
    icon = SimpleUploadedFile("icon.png", png_bytes((512, 512)))
    logo = SimpleUploadedFile("masthead.jpg", jpeg_bytes(400, 80))

    editor_client.post(SITE_ADD, {"favicon": icon, "logo": logo})

    row = SiteSettings.objects.get()
    with row.favicon.open("rb") as stored, PILImage.open(stored) as picture:
        assert picture.size == (180, 180)
    assert (row.logo_width, row.logo_height) == (400, 80)


def test_a_cut_short_logo_is_refused_on_the_form(editor_client):
    logo = SimpleUploadedFile("masthead.png", noisy_png()[:200000])

    response = editor_client.post(SITE_ADD, {"logo": logo})

    assert response.status_code == 200
    assert "Upload a valid image: this file is damaged, cut short or not a picture at all." in response.text
    assert not SiteSettings.objects.exists()
