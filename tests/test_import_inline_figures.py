"""Inline pictures placed by an import are recorded once, with their texts as written and within their fields."""

import pytest

from articles.importers.run import run_import
from articles.models import ArticleImage
from tests.importing import ninjs_story, write_ninjs, write_picture

pytestmark = pytest.mark.django_db


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
