"""A live story says so under its headline: the LIVE label, when it last changed, and its newest key updates (or its
newest updates while none is marked key), linked to where each stands in the blog, before the reader meets the
story's body; an ended blog keeps its key updates there without the label."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from live import services as live_services
from live.models import LiveUpdate
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def header_of(html: str) -> str:
    return re.search(r'<header class="story__header">(.*?)</header>', html, re.S).group(1)


def test_a_live_storys_headline_is_followed_by_live_and_its_three_newest_key_updates(client):
    story = PublishedArticleFactory(headline="Storm reaches the coast: live", body="<p>The storm came ashore.</p>")
    live_services.start_coverage(article=story)
    for n, title in enumerate(("Winds strengthen", "Pier closed", "Sea wall breached", "Ferries cancelled")):
        key = live_services.post_live_update(article=story, body=f"<p>Bulletin {n}.</p>", title=title, key_event=True)
        LiveUpdate.objects.filter(pk=key.pk).update(published_at=timezone.now() - timedelta(minutes=10 - n))
    live_services.post_live_update(article=story, body="<p>The coastguard asks people to stay away.</p>")

    html = client.get(story.get_absolute_url()).content.decode()

    header = header_of(html)
    assert '<span class="live-now__label">Live</span> Last update' in header
    assert "Latest key updates" in header
    shown = re.findall(r"</time> ([^<]+)</a></li>", header)
    assert shown == ["Ferries cancelled", "Sea wall breached", "Pier closed"]  # newest first, three of them
    ferries = LiveUpdate.objects.get(title="Ferries cancelled")
    assert f'href="{story.get_absolute_url()}?update={ferries.pk}#update-{ferries.pk}"' in header
    assert html.index("Latest key updates") < html.index("The storm came ashore.")


def test_without_key_events_the_newest_updates_are_shown_and_ended_coverage_drops_the_label(client):
    story = PublishedArticleFactory(headline="Count under way: live")
    live_services.start_coverage(article=story)
    live_services.post_live_update(article=story, body="<p>Turnout was 64 per cent in the first ward counted.</p>")

    header = header_of(client.get(story.get_absolute_url()).content.decode())
    assert "Latest updates" in header and "Turnout was 64 per cent" in header and "Live</span>" in header

    live_services.end_coverage(coverage=story.live_coverage)
    header = header_of(client.get(story.get_absolute_url()).content.decode())
    assert "Live</span>" not in header and "Turnout was 64 per cent" in header


def test_a_story_without_live_coverage_has_nothing_of_it_by_the_headline(client):
    story = PublishedArticleFactory(headline="Council sets budget")
    assert 'class="live-now' not in client.get(story.get_absolute_url()).content.decode()
