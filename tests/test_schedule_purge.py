"""A story scheduled (or an expiry set) after a page was cached reaches that page within a second of its time, in
Django's page cache and through Varnish: the pages that would outlive the moment are purged when it becomes known,
rebuilt with their lifetime capped at it, and never served stale past it."""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from pagecache import pages, surge
from tests.factories import DraftArticleFactory, PublishedArticleFactory, SectionFactory, TopicFactory
from tests.test_varnish import VARNISHD, fetch, run_varnishd

NOW = timezone.now().replace(microsecond=0) + timedelta(days=3)


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True, "SEND_SURROGATE_KEYS": True}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def is_hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def lifetimes(response) -> dict[str, int]:
    return {name: int(value) for name, value in re.findall(r"([a-z-]+)=(\d+)", response["Cache-Control"])}


@pytest.mark.django_db
def test_a_story_scheduled_after_the_pages_were_cached_shows_on_them_within_a_second_of_its_time(
    page_cache, clock, committed
):
    section = SectionFactory(name="Business", slug="business")
    PublishedArticleFactory(headline="Markets steady", section=section, published_at=NOW - timedelta(hours=1))
    draft = DraftArticleFactory(headline="Budget unveiled", section=section)
    reader, urls = Client(), [reverse("articles:home"), section.get_absolute_url()]
    for url in urls:
        reader.get(url)
        assert is_hit(reader.get(url)), url

    due = NOW + timedelta(minutes=10)
    committed(services.publish_article, article=Article.objects.get(pk=draft.pk), at=due)

    for url in urls:
        rebuilt = reader.get(url)
        assert not is_hit(rebuilt) and "Budget unveiled" not in rebuilt.text, url
        assert lifetimes(rebuilt)["s-maxage"] <= 600 and lifetimes(rebuilt)["stale-while-revalidate"] == 0, url
        assert is_hit(reader.get(url)), url
    clock.move_to(due - timedelta(seconds=1))
    assert "Budget unveiled" not in reader.get(urls[0]).text
    clock.move_to(due + timedelta(seconds=1))
    for url in urls:
        assert "Budget unveiled" in reader.get(url).text, url


@pytest.mark.django_db
def test_scheduling_a_story_leaves_the_pages_it_will_not_be_on_in_the_cache(page_cache, clock, committed):
    sport = SectionFactory(name="Sport", slug="sport")
    topic = TopicFactory(name="Rowing")
    PublishedArticleFactory(headline="Regatta postponed", section=sport, topics=[topic])
    draft = DraftArticleFactory(headline="Budget unveiled", section=SectionFactory(name="Business", slug="business"))
    reader = Client()
    reader.get(topic.get_absolute_url())

    committed(services.publish_article, article=Article.objects.get(pk=draft.pk), at=NOW + timedelta(minutes=10))

    assert is_hit(reader.get(topic.get_absolute_url()))


@pytest.mark.django_db
def test_an_expiry_set_on_a_live_story_takes_it_off_the_cached_pages_at_its_time(page_cache, clock, committed):
    story = PublishedArticleFactory(headline="Rights-limited photo essay", published_at=NOW - timedelta(hours=1))
    reader, home = Client(), reverse("articles:home")
    reader.get(home)
    reader.get(story.get_absolute_url())
    assert is_hit(reader.get(home)) and is_hit(reader.get(story.get_absolute_url()))

    expires = NOW + timedelta(minutes=5)
    story.expires_at = expires
    committed(story.save)

    assert "Rights-limited photo essay" in reader.get(home).text
    clock.move_to(expires + timedelta(seconds=1))
    assert "Rights-limited photo essay" not in reader.get(home).text
    assert reader.get(story.get_absolute_url()).status_code == 410


@pytest.mark.django_db
def test_a_page_capped_at_a_scheduled_time_is_never_served_stale_past_it(page_cache, clock, committed, monkeypatch):
    PublishedArticleFactory(headline="Markets steady", published_at=NOW - timedelta(hours=1))
    draft = DraftArticleFactory(headline="Budget unveiled")
    due = NOW + timedelta(minutes=10)
    committed(services.publish_article, article=Article.objects.get(pk=draft.pk), at=due)
    reader, home = Client(), reverse("articles:home")
    reader.get(home)
    assert is_hit(reader.get(home))

    clock.move_to(due + timedelta(seconds=1))
    monkeypatch.setattr(surge, "WAIT_SECONDS", 0.05)
    assert surge.claim(pages.lookup(RequestFactory().get(home)).key)  # another reader is rebuilding it
    page = reader.get(home)

    assert "Budget unveiled" in page.text and page.get("X-Page-Cache") != "stale"


# --- through a real Varnish, with its production grace ---


@pytest.fixture
def varnish_with_grace(live_server, tmp_path, settings):
    """varnishd with the shipped VCL and Varnish's own default grace (10 s), unlike tests/test_varnish.py's."""
    if not Path(VARNISHD).exists():
        pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")
    yield from run_varnishd(live_server, tmp_path, settings)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("django_tier", [False, True], ids=["varnish-alone", "varnish-over-the-page-cache"])
def test_through_varnish_a_story_scheduled_after_home_was_cached_shows_within_a_second_of_its_time(
    varnish_with_grace, settings, django_tier
):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": django_tier}
    PublishedArticleFactory(headline="Markets steady")
    draft = DraftArticleFactory(headline="Budget unveiled")
    home = varnish_with_grace + reverse("articles:home")
    fetch(home)
    assert fetch(home)[1]["X-Cache"] == "HIT"

    due = timezone.now() + timedelta(seconds=3)
    services.publish_article(article=Article.objects.get(pk=draft.pk), at=due)  # commits: the purge goes out

    status, headers, body = fetch(home)
    assert status == 200 and "Budget unveiled" not in body
    assert headers["X-Cache"] == "MISS"  # purged when the time became known
    assert "stale-while-revalidate=0" in headers["Cache-Control"]
    time.sleep(max(0.0, (due - timezone.now()).total_seconds() + 1.0))  # the scheduled time, and a second

    status, headers, body = fetch(home)
    assert "Budget unveiled" in body, headers
