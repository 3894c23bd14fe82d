"""The picture library on the desk: a grid of cards with search and filters, the focal point picker, and warnings
when a picture is too small for where it is shown."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from articles import renditions
from articles.models import ArticleImage, Image
from pagecache import keys as surrogate_keys
from pagecache import pages as page_cache
from tests.admin_forms import change_url
from tests.factories import DraftArticleFactory, ImageFactory, PublishedArticleFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_image_changelist")
# Session and permissions 4, one per filter that lists values 3, two counts, the page of cards 1, what every desk
# page shows (site settings, menus) and the session save: room for a few more, never one per picture.
LIST_QUERIES = 18


def _page(image):
    return reverse("admin:articles_image_change", args=[image.pk])


def _shown(response) -> set[int]:
    return {image.pk for image in response.context["cl"].result_list}


def _form(image, **changes):
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source": image.source,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
    }
    return {**data, **changes}


# --- the grid ---


def test_the_library_is_a_grid_of_cards_with_thumbnails_alt_text_size_and_use(editor_client):
    harbour = ImageFactory(alt_text="Fishing boats in the harbour", caption="Boats at dawn.", data=jpeg_bytes(400, 300))
    unnamed = ImageFactory(alt_text="", original_name="IMG_0042.jpg")
    PublishedArticleFactory(lead_image=harbour)

    page = editor_client.get(CHANGELIST).text

    thumb = renditions.rendition(harbour, "thumb")
    assert f'<img src="{thumb.src}" alt="Fishing boats in the harbour"' in page
    assert 'alt="No alt text yet: IMG_0042.jpg"' in page  # a link with a picture still says where it goes
    assert page.count('class="picture-card"') == 2
    assert "400×300 px" in page
    assert "Used as lead of 1 story" in page
    assert "Not in any story" in page
    assert f'aria-label="Select {harbour.alt_text}"' in page and f'aria-label="Select {unnamed.original_name}"' in page
    assert 'id="action-toggle"' in page  # select all, for bulk actions


def test_editors_type_alt_text_and_credit_into_labelled_fields_on_the_cards(editor_client):
    picture = ImageFactory(alt_text="", credit="")

    page = editor_client.get(CHANGELIST).text

    assert '<label for="id_form-0-alt_text" class="picture-card-label">Alt text</label>' in page
    assert '<label for="id_form-0-credit" class="picture-card-label">Credit</label>' in page
    editor_client.post(
        CHANGELIST,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": picture.pk,
            "form-0-alt_text": "Sandbags by the river",
            "form-0-credit": "PA",
            "_save": "Save",
        },
    )
    picture.refresh_from_db()
    assert (picture.alt_text, picture.credit) == ("Sandbags by the river", "PA")


def test_bulk_actions_still_work_on_the_cards(editor_client):
    keep, *gone = ImageFactory(), ImageFactory(), ImageFactory()

    editor_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [p.pk for p in gone], "post": "yes", "index": 0},
    )

    assert list(Image.objects.all()) == [keep]


def test_search_finds_pictures_by_caption_alt_credit_source_or_uploaded_name(editor_client):
    by_field = {
        "caption": ImageFactory(caption="The lifeboat crew at Whitby"),
        "alt_text": ImageFactory(alt_text="A lifeboat leaving the slipway"),
        "credit": ImageFactory(credit="Lifeboat Press Office"),
        "source": ImageFactory(source="https://lifeboats.example/press"),
        "original_name": ImageFactory(original_name="lifeboat-launch.jpg"),
    }
    ImageFactory(alt_text="Council meeting", caption="Councillors vote.")

    response = editor_client.get(CHANGELIST, {"q": "lifeboat"})

    assert _shown(response) == {image.pk for image in by_field.values()}


def test_credit_and_source_filters_offer_the_common_values_and_narrow_the_list(editor_client):
    pa, reuters = ImageFactory(credit="PA", source="PA wire"), ImageFactory(credit="Reuters", source="Reuters feed")
    ImageFactory.create_batch(2, credit="PA", source="")

    page = editor_client.get(CHANGELIST)

    assert "?credit=PA" in page.text and "?credit=Reuters" in page.text
    assert _shown(editor_client.get(CHANGELIST, {"credit": "Reuters"})) == {reuters.pk}
    assert _shown(editor_client.get(CHANGELIST, {"source": "PA wire"})) == {pa.pk}


def test_uploaded_by_filter_lists_only_people_who_uploaded_and_finds_imports(editor_client, editor):
    mine = ImageFactory(uploaded_by=editor)
    imported = ImageFactory(uploaded_by=None)
    UserFactory(username="never-uploads")

    page = editor_client.get(CHANGELIST).text

    assert f"?uploaded_by={editor.pk}" in page and "never-uploads" not in page
    assert _shown(editor_client.get(CHANGELIST, {"uploaded_by": editor.pk})) == {mine.pk}
    assert _shown(editor_client.get(CHANGELIST, {"uploaded_by": "import"})) == {imported.pk}


def test_date_uploaded_filter_keeps_whole_days(editor_client):
    london = ZoneInfo("Europe/London")
    early, late, outside = ImageFactory(), ImageFactory(), ImageFactory()
    for picture, when in (
        (early, datetime(2026, 11, 2, 0, 30, tzinfo=london)),
        (late, datetime(2026, 11, 5, 23, 10, tzinfo=london)),  # late on the last day still counts
        (outside, datetime(2026, 11, 6, 9, 0, tzinfo=london)),
    ):
        Image.objects.filter(pk=picture.pk).update(created_at=when)

    response = editor_client.get(CHANGELIST, {"created_at_from": "2026-11-02", "created_at_to": "2026-11-05"})

    assert _shown(response) == {early.pk, late.pk}
    assert 'aria-label="Uploaded on or after (date)"' in response.text


def test_unused_filter_shows_pictures_in_no_story_as_lead_or_in_the_body(editor_client):
    lead, inline, unused = ImageFactory(), ImageFactory(), ImageFactory()
    DraftArticleFactory(lead_image=lead)
    ArticleImage.objects.create(article=DraftArticleFactory(), image=inline)

    assert _shown(editor_client.get(CHANGELIST, {"use": "unused"})) == {unused.pk}
    assert _shown(editor_client.get(CHANGELIST, {"use": "used"})) == {lead.pk, inline.pk}


@pytest.mark.parametrize("pictures", [3, 30])
def test_the_grid_costs_the_same_few_queries_however_many_pictures_and_uses(
    editor_client, editor, pictures, django_assert_max_num_queries
):
    for n in range(pictures):
        picture = ImageFactory(uploaded_by=editor, credit=f"Agency {n % 4}", source=f"Feed {n % 3}")
        PublishedArticleFactory(lead_image=picture)
        ArticleImage.objects.create(article=DraftArticleFactory(), image=picture)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = editor_client.get(CHANGELIST, {"use": "used", "credit": "Agency 1"})

    assert len(_shown(response)) == len(range(1, pictures, 4))
    assert "Used as lead of 1 and in the body of 1 stories" in response.text


# --- who may do what ---


def test_a_writer_sees_the_grid_and_uploads_but_types_nothing_into_the_cards(writer_client):
    ImageFactory(alt_text="")

    page = writer_client.get(CHANGELIST).text

    assert 'class="picture-card"' in page
    assert 'name="form-0-alt_text"' not in page
    assert "No alt text yet" in page
    assert writer_client.get(reverse("admin:articles_image_upload")).status_code == 200


def test_a_writer_sees_the_focal_point_of_a_live_picture_but_cannot_move_it(writer_client):
    live = ImageFactory(focal_x=0.3)
    PublishedArticleFactory(lead_image=live)

    page = writer_client.get(_page(live)).text
    writer_client.post(_page(live), _form(live, focal_x=0.9))

    assert "data-focal-picker" in page and 'name="focal_x"' not in page
    live.refresh_from_db()
    assert live.focal_x == 0.3


def test_staff_without_the_picture_permission_are_refused(client):
    client.force_login(UserFactory(username="nobody"))
    ImageFactory()

    assert client.get(CHANGELIST).status_code == 403


# --- the focal point ---


def test_the_picture_page_has_a_picker_with_a_marker_and_a_preview_of_every_named_crop(editor_client):
    picture = ImageFactory(data=jpeg_bytes(1600, 900), focal_x=0.8, focal_y=0.25)

    page = editor_client.get(_page(picture)).text

    assert 'style="left: 80%; top: 25%"' in page  # the marker
    assert '<label class="block' in page and 'for="id_focal_x">Focal point across' in page  # the no-JS fallback
    assert 'name="focal_x" value="0.8"' in page and 'step="0.01"' in page
    for name in renditions.RENDITIONS:
        made = renditions.rendition(picture, name)
        assert f"<strong>{name.capitalize()}</strong> {made.width}×{made.height}" in page
    # A 16:9 picture cut to 3:2 loses its sides: the 80% point sits at 100% of what can move, as _crop cuts it.
    assert 'data-crop-ratio="1.5000"\n               style="object-position: 100% 50%"' in page
    assert 'src="/static/js/focal-point.js"' in page


def test_saving_a_new_focal_point_makes_the_new_crops_and_purges_the_pages_showing_the_picture(
    editor_client, monkeypatch, django_capture_on_commit_callbacks
):
    picture = ImageFactory(data=jpeg_bytes(1600, 900))
    story = PublishedArticleFactory(lead_image=picture)
    purged = []
    monkeypatch.setattr(page_cache, "purge_keys", lambda keys: purged.extend(keys))

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(_page(picture), _form(picture, focal_x="0.20", focal_y="0.70"))

    picture.refresh_from_db()
    assert (picture.focal_x, picture.focal_y) == (0.2, 0.7)
    assert surrogate_keys.picture(picture.pk) in purged
    card = renditions.rendition(picture, "card").fallback
    assert "-f20-70" in card.path and default_storage.exists(card.path)  # made by the renditions task
    assert renditions.rendition(picture, "social").src in editor_client.get(story.get_absolute_url()).text


def test_a_focal_point_outside_the_picture_is_refused(editor_client):
    picture = ImageFactory()

    response = editor_client.post(_page(picture), _form(picture, focal_x="1.5"))

    assert response.status_code == 200
    picture.refresh_from_db()
    assert picture.focal_x == 0.5


# --- too small ---


def test_a_400_by_300_picture_is_too_small_for_the_story_page_cards_and_sharing_but_not_thumbnails():
    picture = ImageFactory.build(width=400, height=300)

    assert renditions.too_small(picture, "hero").needs == (1600, None)
    assert renditions.too_small(picture, "card").needs == (800, 533)
    assert renditions.too_small(picture, "social").needs == (1200, 630)
    assert renditions.too_small(picture, "thumb") is None
    # A crop needs both sides: wide enough but too short for a 1200×630 link preview.
    assert renditions.too_small(ImageFactory.build(width=2000, height=600), "social") is not None


def test_the_picture_page_says_which_uses_a_small_picture_is_too_small_for(editor_client):
    small, large = ImageFactory(data=jpeg_bytes(400, 300)), ImageFactory(data=jpeg_bytes(1600, 900))

    small_page, large_page = editor_client.get(_page(small)).text, editor_client.get(_page(large)).text

    assert (
        "Too small for the story page’s lead and body pictures (hero: needs 1600 px wide, this is 400×300)"
        in small_page
    )
    assert (
        "Too small for link previews when the story is shared (social: needs 1200×630, this is 400×300)" in small_page
    )
    assert "Too small for story cards on fronts and section pages (card: needs 800×533, this is 400×300)" in small_page
    assert "thumb: needs" not in small_page
    assert "Too small" not in large_page and "Large enough for every use." in large_page


def test_an_article_warns_beside_a_400_by_300_lead_and_under_the_body_for_small_pictures_in_it(editor_client):
    small, large = (
        ImageFactory(data=jpeg_bytes(400, 300), alt_text="A blurry crowd"),
        ImageFactory(data=jpeg_bytes(1600, 900)),
    )
    story = DraftArticleFactory(lead_image=small)
    ArticleImage.objects.create(article=story, image=small)
    fine = DraftArticleFactory(lead_image=large)
    ArticleImage.objects.create(article=fine, image=large)

    page, fine_page = editor_client.get(change_url(story)).text, editor_client.get(change_url(fine)).text

    assert "Too small for the story page’s lead and body pictures (hero: needs 1600 px wide, this is 400×300)" in page
    assert "In the body, “A blurry crowd”: too small for the story page’s lead and body pictures" in page
    assert "Too small" not in fine_page and "too small" not in fine_page


def test_the_body_editors_picture_search_says_which_pictures_are_too_small_before_one_is_placed(writer_client):
    ImageFactory(alt_text="Small harbour", data=jpeg_bytes(400, 300))
    ImageFactory(alt_text="Large harbour", data=jpeg_bytes(1600, 900))

    found = writer_client.get(reverse("admin:articles_image_library"), {"q": "harbour"}).json()["results"]

    warnings = {entry["alt"]: entry["warning"] for entry in found}
    assert warnings == {
        "Small harbour": "Too small for the story page’s lead and body pictures (hero: needs 1600 px wide, this is 400×300)",
        "Large harbour": "",
    }
