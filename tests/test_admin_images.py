"""The picture library in the admin: uploads checked and de-duplicated, thumbnails, where-used, body inserts."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles import renditions
from articles.models import Image
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, ImageFactory, jpeg_bytes
from tests.test_picture_library import LIST_QUERIES

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:articles_image_upload")
ADD = reverse("admin:articles_image_add")
CHANGELIST = reverse("admin:articles_image_changelist")


def _jpeg(name, color=(10, 20, 30), size=(64, 48)):
    return SimpleUploadedFile(name, jpeg_bytes(*size, color), content_type="image/jpeg")


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_one_picture_uploaded_from_add_opens_its_page_for_alt_text(writer_client, writer):
    response = writer_client.post(ADD, {"files": _jpeg("flood.jpg"), "credit": "PA"})

    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_image_change", args=[image.pk])
    assert (image.credit, image.uploaded_by, image.width) == ("PA", writer, 64)


def test_several_pictures_upload_at_once_with_a_message_each(editor_client):
    files = [_jpeg("one.jpg", (1, 1, 1)), _jpeg("two.jpg", (200, 2, 2)), _jpeg("three.jpg", (3, 200, 3))]

    response = editor_client.post(UPLOAD, {"files": files, "credit": "Reuters"}, follow=True)

    assert Image.objects.filter(credit="Reuters").count() == 3
    assert sum("Added" in m for m in _messages(response)) == 3
    assert all(f"{name}.jpg" in response.text for name in ("one", "two", "three"))


def test_uploading_a_picture_already_in_the_library_points_to_it_instead_of_copying(editor_client):
    existing = ImageFactory()
    copy = SimpleUploadedFile("same-picture-new-name.jpg", existing.file.read(), content_type="image/jpeg")

    response = editor_client.post(UPLOAD, {"files": copy}, follow=True)

    assert Image.objects.count() == 1
    [warning] = [m for m in _messages(response) if "already in the library" in m]
    assert "same-picture-new-name.jpg" in warning
    assert reverse("admin:articles_image_change", args=[existing.pk]) in warning


def test_a_file_that_is_not_a_picture_is_refused_by_name(editor_client):
    fake = SimpleUploadedFile("notes.jpg", b"these are my notes, not a photo", content_type="image/jpeg")

    response = editor_client.post(UPLOAD, {"files": [fake, _jpeg("real.jpg")]})

    assert response.status_code == 200
    assert "notes.jpg: not a picture Newsroom can read" in response.text
    assert list(Image.objects.values_list("file_size", flat=True)) == [len(jpeg_bytes(64, 48, (10, 20, 30)))]


def _noise_jpeg(name, size):
    """Random pixels barely compress: a heavy file from a modest picture."""
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_oversized_files_and_too_many_pixels_are_refused(editor_client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMAGE_MAX_BYTES": 1024 * 1024, "IMAGE_MAX_PIXELS": 100_000}

    heavy = editor_client.post(UPLOAD, {"files": _noise_jpeg("heavy.jpg", (1000, 1000))})
    huge = editor_client.post(UPLOAD, {"files": _jpeg("huge.jpg", size=(500, 400))})

    assert "heavy.jpg: the file is" in heavy.text and "the limit is 1 MB" in heavy.text
    assert "huge.jpg: 500×400 pixels is more than the 100,000 allowed" in huge.text
    assert not Image.objects.exists()


def test_image_list_shows_thumbnails_from_renditions(editor_client, django_assert_max_num_queries):
    pictures = ImageFactory.create_batch(3)

    with django_assert_max_num_queries(LIST_QUERIES):  # the grid's own budget, filters included
        response = editor_client.get(CHANGELIST)

    for picture in pictures:
        assert renditions.rendition(picture, "thumb").src in response.text


def test_image_page_lists_where_the_picture_is_used(editor_client):
    picture = ImageFactory()
    lead = DraftArticleFactory(headline="Lead picture story")
    lead.lead_image = picture
    lead.save()
    body = f'<p>x</p><figure data-image-id="{picture.pk}"><img src="/p.jpg" alt="A"></figure>'
    inline = DraftArticleFactory(headline="Body picture story", body=body)
    editor_client.post(change_url(inline), article_form_data(inline))

    page = editor_client.get(reverse("admin:articles_image_change", args=[picture.pk]))

    assert "Lead picture story</a> — lead image" in page.text
    assert "Body picture story</a> — in the body" in page.text


def test_editing_alt_caption_and_credit_on_the_image_page(editor_client):
    picture = ImageFactory(alt_text="", credit="")
    data = {
        "alt_text": "Rescue boat on a flooded street",
        "caption": "Boats came out.",
        "credit": "AP",
        "source": "",
        "focal_x": 0.5,
        "focal_y": 0.5,
    }

    editor_client.post(reverse("admin:articles_image_change", args=[picture.pk]), data)

    picture.refresh_from_db()
    assert (picture.alt_text, picture.caption, picture.credit) == (
        "Rescue boat on a flooded street",
        "Boats came out.",
        "AP",
    )


def test_library_search_returns_a_page_of_matches_for_the_body_editor(writer_client):
    ImageFactory(alt_text="Harbour at dawn", credit="PA")
    ImageFactory.create_batch(25, alt_text="Council meeting")

    found = writer_client.get(reverse("admin:articles_image_library"), {"q": "harbour"}).json()["results"]
    page = writer_client.get(reverse("admin:articles_image_library")).json()["results"]

    assert [(r["alt"], r["credit"]) for r in found] == [("Harbour at dawn", "PA")]
    assert len(page) == 20


def test_a_library_picture_placed_in_the_body_keeps_its_caption_credit_and_link(editor_client):
    picture = ImageFactory(alt_text="Sandbags by the river", caption="Sandbags", credit="PA")
    # What the body editor sends after "insert a picture".
    sent = (
        '<p>Intro.</p><figure class="figure"><img src="/media/x.jpg" alt="Sandbags by the river" '
        f'data-file="{picture.pk}"><figcaption class="figure-caption">Sandbags <span class="credit">(PA)</span>'
        "</figcaption></figure>"
    )
    article = DraftArticleFactory()

    editor_client.post(change_url(article), article_form_data(article, body=sent))
    form = editor_client.get(change_url(article))

    article.refresh_from_db()
    assert f'<figure data-image-id="{picture.pk}">' in article.body
    assert '<span class="credit">(PA)</span>' in article.body
    [use] = article.inline_images.all()
    assert (use.image, use.caption, use.credit, use.alt_text) == (picture, "Sandbags", "PA", "Sandbags by the river")
    assert f"data-file=&quot;{picture.pk}&quot;" in form.text  # the link survives the next edit


def test_a_writer_can_fix_a_draft_picture_but_not_one_readers_already_see(writer_client):
    from tests.factories import PublishedArticleFactory

    draft_picture, live_picture = ImageFactory(), ImageFactory()
    DraftArticleFactory(lead_image=draft_picture)
    PublishedArticleFactory(lead_image=live_picture)

    for picture, allowed in ((draft_picture, True), (live_picture, False)):
        url = reverse("admin:articles_image_change", args=[picture.pk])
        writer_client.post(
            url,
            {
                "alt_text": "Changed by a writer",
                "caption": "",
                "credit": "X",
                "source": "",
                "focal_x": 0.5,
                "focal_y": 0.5,
            },
        )
        picture.refresh_from_db()
        assert (picture.alt_text == "Changed by a writer") is allowed
    assert 'name="form-0-alt_text"' not in writer_client.get(CHANGELIST).text  # no row-by-row edits for writers


def test_an_oversized_upload_is_refused_by_its_size_before_it_is_read(editor_client, settings, monkeypatch):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMAGE_MAX_BYTES": 500}
    monkeypatch.setattr("articles.services.save_image", lambda **kw: pytest.fail("the file was read"))

    response = editor_client.post(UPLOAD, {"files": _jpeg("huge.jpg", size=(400, 300))})

    assert "huge.jpg: the file is" in response.text and "the limit is" in response.text
    assert not Image.objects.exists()
