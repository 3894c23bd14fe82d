"""Pasting a story's copy into the import page: the same dry run, preview card and confirm as a file."""

import pytest
from django.urls import reverse

from articles.models import Article, Status
from tests.factories import RegionFactory, SectionFactory
from tests.importing import FIXTURES

pytestmark = pytest.mark.django_db
URL = "admin:articles_article_import"
COPY = (FIXTURES / "pasted_copy.txt").read_text(encoding="utf-8")


def _paste(client, text: str, **extra):
    return client.post(reverse(URL), {"paste": text, "format": "auto", **extra})


def test_pasted_copy_is_previewed_as_a_card_then_confirmed_into_a_draft(editor_client):
    SectionFactory(name="World", slug="world")

    preview = _paste(editor_client, COPY)

    page = preview.content.decode()
    assert preview.status_code == 200 and "Dry run" in page
    assert not Article.objects.exists()
    (card,) = preview.context["cards"]
    assert card["headline"] == "Aid convoys reach northern Syria as fighting eases around Aleppo"
    assert card["standfirst"] == "The first convoy in a fortnight crossed into the north-west overnight."
    assert card["byline"] == "Press Association"
    assert card["date"] == "3 March 2025, 09:25"
    for shown in ("Aid convoys reach northern Syria", "The first convoy in a fortnight", "3 March 2025, 09:25"):
        assert shown in page

    final = editor_client.post(reverse(URL), {"token": preview.context["token"], "picks": "1"})

    article = Article.objects.get()
    assert article.status == Status.DRAFT
    assert article.headline == card["headline"]
    assert article.source.name == "Press Association"
    assert "forty lorries of food and medicine" in article.body
    assert "Latest World News" not in article.body and "Markets steady" not in article.body
    assert reverse("admin:articles_article_change", args=[article.pk]) in final.content.decode()


def test_the_preview_card_names_missing_pictures_and_the_story_keeps_placeholders_with_credits(editor_client):
    preview = _paste(editor_client, COPY)

    page = preview.content.decode()
    (card,) = preview.context["cards"]
    assert [(p["caption"], p["credit"], p["missing"]) for p in card["pictures"]] == [
        ("Aid lorries queue at the border.", "PA", True),
        ("Flour is handed out to families in the old city", "AP", True),
    ]
    assert page.count("Picture missing:") == 2
    (row,) = preview.context["rows"]
    # One plain line per picture: no "no image file" from the parser beside the placeholder note.
    assert len(row["item"].warnings) == 2, row["item"].warnings
    assert all("placeholder" in warning for warning in row["item"].warnings)

    editor_client.post(reverse(URL), {"token": preview.context["token"]})

    body = Article.objects.get().body
    assert "<p><strong>Picture missing:</strong> Aid lorries queue at the border. " in body
    assert '<span class="credit">(PA)</span>' in body
    assert (
        '<p><strong>Picture missing:</strong> Flour is handed out to families in the old city <span class="credit">(AP)</span></p>'
        in body
    )
    assert body.index("Aid lorries queue") < body.index("forty lorries") < body.index("Flour is handed out")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Choose a file to import or paste the copy of a story."),
        ("   \n\n  ", "Choose a file to import or paste the copy of a story."),
        ("Aid convoys reach northern Syria", "has a headline but no story"),
        ("3 March 2025, 09:25\n\nAid convoys reach northern Syria\n\nThe convoy crossed.", "reads as a date"),
    ],
)
def test_a_bad_paste_is_refused_with_a_clear_error_and_nothing_is_kept(editor_client, text, message):
    response = _paste(editor_client, text)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "token" not in response.context or not response.context.get("token")
    assert not Article.objects.exists()


def test_a_paste_beside_a_file_is_refused(editor_client):
    from tests.importing.test_admin import upload

    response = editor_client.post(reverse(URL), {"paste": COPY, "files": [upload()], "format": "auto"})

    assert "Choose files or paste copy, not both." in response.content.decode()


def test_a_paste_larger_than_the_body_limit_is_refused(editor_client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_MAX_BODY_BYTES": 1000}

    response = _paste(editor_client, COPY)

    assert "upload it as a file instead" in response.content.decode()


def test_writers_paste_copy_into_drafts_too(writer_client):
    RegionFactory(name="Syria", slug="syria")
    preview = _paste(writer_client, COPY, publish="on")

    writer_client.post(reverse(URL), {"token": preview.context["token"], "picks": "1", "pick": []})

    assert Article.objects.get().status == Status.DRAFT


def test_a_wire_picture_without_a_file_is_reported_once(tmp_path):
    from ingest.importers import run_import
    from tests.importing import ninjs_story, write_ninjs

    story = ninjs_story("urn:pic:1", headline="Ferry cancelled in gales")
    story["associations"] = {
        "featuremedia": {"type": "picture", "description_text": "The ferry at its berth", "creditline": "PA"}
    }
    report = run_import([write_ninjs(tmp_path / "wire.jsonl", story)])

    (item,) = report.items
    assert [w for w in item.warnings if "picture" in w.lower()] == [
        "Lead picture “The ferry at its berth” has no file: a placeholder stands in for it; choose one from the library"
    ]
    assert "<p><strong>Picture missing:</strong> The ferry at its berth" in Article.objects.get().body
