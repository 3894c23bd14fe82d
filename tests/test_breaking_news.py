"""The breaking-news banner: set by an editor, on every page (filled in from its own small cached answer), gone
when it expires, is cleared, or its story is withdrawn."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from live import services as live_services
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db

BANNER = reverse("live:breaking")


def alert(client):
    return client.get(BANNER).json()["alert"]


def test_every_public_page_has_the_banners_place_and_script(client):
    story = PublishedArticleFactory()
    for url in (reverse("articles:home"), story.get_absolute_url(), reverse("live:most_read")):
        html = client.get(url).content.decode()
        assert f'data-breaking="{BANNER}"' in html and "js/live" in html, url


def test_an_alert_shows_with_its_link_until_it_is_cleared(client):
    story = PublishedArticleFactory(headline="Prime minister resigns")
    live_services.set_breaking_alert(text="Prime minister resigns", article=story)

    assert alert(client) == {
        "id": alert(client)["id"],
        "text": "Prime minister resigns",
        "url": story.get_absolute_url(),
    }
    live_services.clear_breaking_alerts()
    assert alert(client) is None


def test_a_new_alert_replaces_the_current_one(client):
    live_services.set_breaking_alert(text="Earthquake felt in the north")
    live_services.set_breaking_alert(text="Tsunami warning issued")
    assert alert(client)["text"] == "Tsunami warning issued"
    live_services.clear_breaking_alerts()
    assert alert(client) is None  # the first one does not come back


def test_an_alert_leaves_when_it_expires_and_no_cache_keeps_it_longer(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    live_services.set_breaking_alert(text="Polls close", expires_at=timezone.now() + timedelta(seconds=40))

    response = client.get(BANNER)
    assert response.json()["alert"]["text"] == "Polls close"
    assert "max-age=40" in response["Cache-Control"] and "s-maxage=40" in response["Cache-Control"]
    time_machine.shift(timedelta(seconds=41))
    assert alert(client) is None


def test_an_alert_leaves_when_its_story_is_withdrawn(client):
    story = PublishedArticleFactory()
    live_services.set_breaking_alert(text="Explosion reported", article=story)
    services.withdraw_article(article=story)
    assert alert(client) is None


def test_a_cached_banner_changes_within_seconds_of_an_alert(client, settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}
    assert alert(client) is None  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        live_services.set_breaking_alert(text="Markets suspended")
    assert alert(client)["text"] == "Markets suspended"


def test_only_editors_set_alerts_in_the_admin(editor_client, writer, client):
    story = PublishedArticleFactory()
    editor_client.post(reverse("admin:live_breakingalert_add"), {"text": "Storm warning", "article": story.pk})
    assert alert(client)["text"] == "Storm warning"

    client.force_login(writer)
    assert client.get(reverse("admin:live_breakingalert_add")).status_code == 403
