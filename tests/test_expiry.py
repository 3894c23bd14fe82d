"""Expiry: at its expiry time a story leaves every public surface by itself, as a withdrawal does (410)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from ingest.importers import run_import
from ingest.importers.formats import newsml, ninjs, nitf
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, PublishedArticleFactory, ScheduledArticleFactory, SectionFactory
from tests.importing import FIXTURES, ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def agency_copy():
    return PublishedArticleFactory(
        headline="Agency pictures of the summit", slug="summit-pictures", expires_at=NOW + timedelta(hours=1)
    )


def test_a_story_is_public_until_its_expiry_time_then_answers_gone(client, agency_copy):
    with time_machine.travel(NOW + timedelta(minutes=59), tick=False):
        assert client.get(agency_copy.get_absolute_url()).status_code == 200
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        response = client.get(agency_copy.get_absolute_url())
    assert response.status_code == 410


def test_an_expired_story_leaves_lists_feeds_search_and_sitemaps(client, agency_copy):
    urls = [
        reverse("articles:home"),
        agency_copy.section.get_absolute_url(),
        reverse("articles:search") + "?q=summit",
        reverse("feeds:latest", kwargs={"fmt": "rss"}),
        reverse("sitemap-news"),
    ]
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        assert all("Agency pictures of the summit" in client.get(url).text for url in urls[:4])
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        for url in urls:
            assert "summit-pictures" not in client.get(url).text, url


def test_the_properties_and_the_querysets_agree_about_expiry(agency_copy):
    for moment, public in ((NOW, True), (NOW + timedelta(hours=1), False), (NOW + timedelta(days=1), False)):
        with time_machine.travel(moment, tick=False):
            assert agency_copy.is_published is public
            assert Article.objects.published().filter(pk=agency_copy.pk).exists() is public
            assert agency_copy.is_expired is not public


def test_no_page_is_kept_past_the_next_expiry(client, agency_copy):
    with time_machine.travel(NOW + timedelta(minutes=50), tick=False):
        response = client.get(reverse("articles:home"))
    assert "s-maxage=600" in response["Cache-Control"]  # an hour otherwise


def test_the_next_scheduled_story_still_caps_the_lifetime_when_it_comes_first(client, agency_copy):
    ScheduledArticleFactory(published_at=NOW + timedelta(minutes=20))
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        response = client.get(reverse("articles:home"))
    assert "s-maxage=600" in response["Cache-Control"]


def test_editors_set_the_expiry_time_and_the_list_filters_expiring_stories(editor_client, agency_copy):
    other = PublishedArticleFactory(headline="Staff story without an expiry")
    at = timezone.localtime(NOW + timedelta(days=3))
    data = article_form_data(
        other, expires_at_0=at.strftime("%d/%m/%Y"), expires_at_1=at.strftime("%H:%M:%S"), _publish_pending="1"
    )
    assert editor_client.post(change_url(other), data).status_code == 302
    other.refresh_from_db()
    assert other.expires_at == NOW + timedelta(days=3)

    week = editor_client.get(reverse("admin:articles_article_changelist") + "?expiry=week").text
    assert "Agency pictures of the summit" in week and "Staff story without an expiry" in week
    PublishedArticleFactory(headline="Gone agency copy", expires_at=NOW - timedelta(hours=1))
    expired = editor_client.get(reverse("admin:articles_article_changelist") + "?expiry=expired").text
    assert "Gone agency copy" in expired and "Agency pictures of the summit" not in expired


def test_a_writer_cannot_set_an_expiry_time(writer_client):
    draft = DraftArticleFactory()
    data = article_form_data(draft, expires_at_0="01/01/2030", expires_at_1="10:00:00")
    writer_client.post(change_url(draft), data)
    draft.refresh_from_db()
    assert draft.expires_at is None


def test_ninjs_newsml_and_nitf_carry_the_expiry_time(tmp_path):
    stamp = "2030-01-02T03:04:05+00:00"
    expected = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    wire = write_ninjs(tmp_path / "wire.jsonl", ninjs_story(expires=stamp))
    g2 = tmp_path / "g2.xml"
    g2.write_text(
        (FIXTURES / "newsml/flood_package.xml")
        .read_text()
        .replace(
            "<firstCreated>2024-12-02T09:00:00+00:00</firstCreated>",
            f"<firstCreated>2024-12-02T09:00:00+00:00</firstCreated><expires>{stamp}</expires>",
        )
    )
    nitf_file = tmp_path / "nitf.xml"
    nitf_file.write_text(
        (FIXTURES / "nitf/flood_namespaced.xml")
        .read_text()
        .replace(
            '<date.issue norm="2024-12-03T08:00:00"/>',
            '<date.issue norm="2024-12-03T08:00:00"/><doc.expire norm="20300102T030405Z"/>',
        )
    )

    assert next(iter(ninjs.parse(wire))).story.expires_at == expected
    assert next(iter(newsml.parse(g2))).story.expires_at == expected
    assert next(iter(nitf.parse(nitf_file))).story.expires_at == expected
    assert next(iter(ninjs.parse(write_ninjs(tmp_path / "plain.jsonl", ninjs_story())))).story.expires_at is None


def test_an_imported_story_keeps_its_expiry_and_leaves_by_itself(client, tmp_path):
    expires = NOW + timedelta(hours=1)
    SectionFactory(name="World", slug="world")
    wire = write_ninjs(tmp_path / "wire.jsonl", ninjs_story("urn:expiring", expires=expires.isoformat()))
    run_import([wire], publish=True, section="world")
    article = Article.objects.get(source_guid="urn:expiring")
    assert article.expires_at == expires and article.status == Status.PUBLISHED
    with time_machine.travel(expires + timedelta(seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 410
