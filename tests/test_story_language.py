"""A story's language, from the wire to the reader: stored on import, in the page's lang, JSON-LD and feeds."""

import json

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article
from ingest.importers import run_import
from tests.factories import PublishedArticleFactory
from tests.importing import ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> dict:
    """The page's NewsArticle."""
    start = html.index('<script type="application/ld+json"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_an_imported_story_keeps_the_language_its_source_gives(tmp_path):
    path = write_ninjs(
        tmp_path / "wire.jsonl",
        ninjs_story("urn:fr", language="fr"),
        ninjs_story("urn:bad", headline="Odd tag", language="not a language!"),
    )

    report = run_import([path])

    assert Article.objects.get(source_guid="urn:fr").language == "fr"
    assert Article.objects.get(source_guid="urn:bad").language == ""
    assert any("not a language tag" in warning for warning in report.items[1].warnings)


def test_the_article_page_is_marked_with_the_story_language(client):
    french = PublishedArticleFactory(language="fr", headline="Le ferry reste à quai")
    english = PublishedArticleFactory(headline="Ferry stays in port")

    french_html = client.get(french.get_absolute_url()).content.decode()
    english_html = client.get(english.get_absolute_url()).content.decode()

    assert '<html lang="fr">' in french_html
    assert _json_ld(french_html)["inLanguage"] == "fr"
    assert '<html lang="en-GB">' in english_html
    assert _json_ld(english_html)["inLanguage"] == "en-GB"


def test_feeds_mark_items_in_another_language(client):
    PublishedArticleFactory(language="fr", headline="Le ferry reste à quai")

    rss = feedparser.parse(client.get(reverse("feeds:latest", kwargs={"fmt": "rss"})).content)
    atom = client.get(reverse("feeds:latest", kwargs={"fmt": "atom"})).content.decode()
    feed = json.loads(client.get(reverse("feeds:latest", kwargs={"fmt": "json"})).content)

    assert rss.entries[0]["language"] == "fr"
    assert '<entry xml:lang="fr">' in atom
    assert feed["items"][0]["language"] == "fr"
