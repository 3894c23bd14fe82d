"""Most read: counted by a cookie-less beacon from the story page, bots and prefetches left out, rate limited per
address (newsroom.limits: the database here; across processes in tests/test_client_address.py), ranked over the last
24 hours of hourly buckets, and showing only public stories."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services
from live import reads, throttle
from live.models import ReadCount
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def beacon(client, story, *, address="203.0.113.7", agent=BROWSER, **headers):
    url = reverse("live:count", kwargs={"pk": story.pk})
    return client.post(url, headers={"user-agent": agent, **headers}, REMOTE_ADDR=address)


def read_by(client, story, readers: int):
    for n in range(readers):
        assert beacon(client, story, address=f"198.51.100.{n}").status_code == 204


@pytest.fixture
def slow_clock():
    """The rate limiter's windows end at wall-clock times (shared by every process): the clock, moved on by hand."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_the_most_read_block_ranks_stories_by_reads_on_the_home_page_and_beside_stories(client):
    popular, quiet = PublishedArticleFactory(headline="Dam holds"), PublishedArticleFactory(headline="Fair opens")
    read_by(client, quiet, 2)
    read_by(client, popular, 5)
    reads.refresh_ranking()  # the beacons do it once a minute

    for url in (reverse("articles:home"), quiet.get_absolute_url(), reverse("live:most_read")):
        html = client.get(url).content.decode()
        block = html[html.index("Most read") :]
        assert block.index("Dam holds") < block.index("Fair opens"), url


def test_a_read_is_counted_with_nothing_about_the_reader(client):
    story = PublishedArticleFactory()
    response = beacon(client, story)

    assert response.status_code == 204 and not response.cookies
    assert list(ReadCount.objects.values_list("article_id", "count")) == [(story.pk, 1)]
    assert [field.name for field in ReadCount._meta.fields] == ["id", "article_id", "hour", "count"]


def test_bots_prefetches_and_repeats_are_not_counted(client):
    story = PublishedArticleFactory()
    beacon(client, story, agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
    beacon(client, story, agent="")
    beacon(client, story, **{"sec-purpose": "prefetch"})
    beacon(client, story)
    beacon(client, story)  # the same address again within minutes

    assert ReadCount.objects.get().count == 1


def test_one_address_cannot_inflate_many_stories_either(client):
    stories = [PublishedArticleFactory() for _ in range(throttle.PER_ADDRESS + 5)]
    for story in stories:
        beacon(client, story)
    assert sum(ReadCount.objects.values_list("count", flat=True)) == throttle.PER_ADDRESS


def test_the_limit_is_lifted_after_some_minutes(client, slow_clock):
    story = PublishedArticleFactory()
    beacon(client, story)
    slow_clock.shift(throttle.REPEAT_SECONDS - 1)
    beacon(client, story)
    assert sum(ReadCount.objects.values_list("count", flat=True)) == 1
    slow_clock.shift(2)
    beacon(client, story)
    assert sum(ReadCount.objects.values_list("count", flat=True)) == 2


def test_the_beacon_takes_only_posts(client):
    story = PublishedArticleFactory()
    assert client.get(reverse("live:count", kwargs={"pk": story.pk})).status_code == 405


def test_a_withdrawn_or_expired_story_leaves_most_read_at_once(client):
    withdrawn, expired, stays = (PublishedArticleFactory(headline=h) for h in ("Gone one", "Lapsed one", "Stays"))
    for story in (withdrawn, expired, stays):
        read_by(client, story, 3)
    reads.refresh_ranking()
    assert "Gone one" in client.get(reverse("live:most_read")).content.decode()

    services.withdraw_article(article=withdrawn)
    type(expired).objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    html = client.get(reverse("live:most_read")).content.decode()
    assert "Gone one" not in html and "Lapsed one" not in html and "Stays" in html


def test_only_the_last_24_hours_count_and_a_week_is_kept(client):
    old, new = PublishedArticleFactory(headline="Yesterday's news"), PublishedArticleFactory(headline="Today")
    now = timezone.now()
    reads.record_read(old.pk, now=now - timedelta(hours=30))
    reads.record_read(old.pk, now=now - timedelta(days=8))
    reads.record_read(new.pk, now=now)
    reads.refresh_ranking()

    html = client.get(reverse("live:most_read")).content.decode()
    assert "Today" in html and "Yesterday&#x27;s news" not in html
    assert not ReadCount.objects.filter(hour__lt=now - timedelta(days=7, hours=1)).exists()


def test_reading_the_block_costs_one_query_however_many_counts_there_are(client, django_assert_max_num_queries):
    stories = [PublishedArticleFactory() for _ in range(15)]
    for n, story in enumerate(stories):
        for hour in range(24):
            ReadCount.objects.create(
                article_id=story.pk, hour=reads.hour_of(timezone.now()) - timedelta(hours=hour), count=n
            )
    reads.refresh_ranking()

    with django_assert_max_num_queries(1):
        shown = reads.most_read()
    assert [story.pk for story in shown] == [story.pk for story in reversed(stories)][:10]


def test_the_story_page_carries_the_beacon_and_previews_do_not(client, editor_client):
    story = PublishedArticleFactory()
    beacon_url = reverse("live:count", kwargs={"pk": story.pk})
    assert f'data-read-beacon="{beacon_url}"' in client.get(story.get_absolute_url()).content.decode()
    preview = editor_client.get(reverse("articles:preview", kwargs={"pk": story.pk})).content.decode()
    assert "data-read-beacon" not in preview
