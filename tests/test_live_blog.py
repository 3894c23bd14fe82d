"""A live blog as readers and the desk see it: the page with its key events and pages of updates, its structured
data, its poll and feed, and how fast a new update reaches a cached page."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from live import services as live_services
from live.models import CoverageState, LiveCoverage, LiveUpdate
from tests.factories import DraftArticleFactory, ImageFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def live_story(**kwargs):
    story = PublishedArticleFactory(headline="Storm reaches the coast: live", **kwargs)
    live_services.start_coverage(article=story)
    return story


def add_updates(story, count: int, *, start=None):
    """``count`` updates a minute apart, the newest last (written in bulk: a long blog's history)."""
    coverage = story.live_coverage
    start = start or timezone.now() - timedelta(minutes=count + 1)
    LiveUpdate.objects.bulk_create(
        LiveUpdate(coverage=coverage, body=f"<p>Bulletin number {n}.</p>", published_at=start + timedelta(minutes=n))
        for n in range(1, count + 1)
    )


def test_a_live_story_shows_the_live_label_key_events_and_updates_newest_first(client):
    story = live_story()
    first = live_services.post_live_update(article=story, body="<p>Winds reach 90 mph at the pier.</p>")
    key = live_services.post_live_update(
        article=story, body="<p>The harbour wall has failed.</p>", title="Harbour wall breached", key_event=True
    )
    LiveUpdate.objects.filter(pk=first.pk).update(published_at=timezone.now() - timedelta(minutes=5))

    html = client.get(story.get_absolute_url()).content.decode()

    assert '<span class="live-label">Live</span>' in html
    events = html.index('id="key-events-heading"')
    assert html.index(f'href="?update={key.pk}#update-{key.pk}"') > events  # linked from the key events
    assert html.index(f'id="update-{key.pk}"') < html.index(f'id="update-{first.pk}"')  # newest first
    assert "Winds reach 90 mph at the pier." in html
    assert f'href="{story.get_absolute_url()}?update={first.pk}#update-{first.pk}"' in html  # its share link


def test_an_update_with_a_picture_shows_it_with_caption_and_credit(client):
    story = live_story()
    picture = ImageFactory(credit="PA", alt_text="Waves over the pier")
    figure = (f'<figure data-image-id="{picture.pk}"><img src="/x.jpg" alt="Waves over the pier">'
              '<figcaption>The pier at noon <span class="credit">(PA)</span></figcaption></figure>')  # fmt: skip
    live_services.post_live_update(article=story, body=f"<p>Waves top the pier.</p>{figure}")

    html = client.get(story.get_absolute_url()).content.decode()

    assert "The pier at noon" in html and "(PA)" in html
    assert re.search(r'<picture>.*?alt="Waves over the pier"', html, re.S)  # the library's responsive picture


def test_the_latest_fifty_are_on_the_page_and_older_ones_on_further_pages(client):
    story = live_story()
    add_updates(story, 120)

    first = client.get(story.get_absolute_url()).content.decode()
    third = client.get(story.get_absolute_url() + "?page=3").content.decode()

    assert first.count('class="live-update"') == 50
    assert "Bulletin number 120." in first and "Bulletin number 70." not in first
    assert "Bulletin number 20." in third and "Bulletin number 21." not in third
    assert 'href="?page=2#live">Older updates' in first


def test_an_updates_share_link_opens_the_page_that_now_holds_it(client):
    story = live_story()
    add_updates(story, 120)
    oldest = story.live_coverage.updates.order_by("published_at").first()

    html = client.get(story.get_absolute_url() + f"?update={oldest.pk}").content.decode()

    assert f'id="update-{oldest.pk}"' in html and "Page 3 of 3" in html


def test_a_long_live_blog_costs_the_same_queries_as_a_short_one(client):
    short, long = live_story(slug="short-blog"), live_story(slug="long-blog")
    add_updates(short, 3)
    add_updates(long, 2000)
    for story in (short, long):
        live_services.post_live_update(article=story, body="<p>Latest.</p>", key_event=True, title="Key moment")

    def queries(url):
        client.get(url)  # the related-stories and sidebar caches filled, as for a returning reader
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(long.get_absolute_url()) == queries(short.get_absolute_url())
    assert queries(long.get_absolute_url() + "?page=39") == queries(short.get_absolute_url())


def test_structured_data_is_a_live_blog_posting_with_its_updates(client):
    story = live_story()
    live_services.post_live_update(article=story, body="<p>Trains are cancelled.</p>", title="Rail services stop")

    (posting, _breadcrumbs) = json_ld(client.get(story.get_absolute_url()).content.decode())

    assert posting["@type"] == "LiveBlogPosting"
    assert posting["headline"] == story.headline and "coverageStartTime" in posting
    assert "coverageEndTime" not in posting
    (update,) = posting["liveBlogUpdate"]
    assert update == {
        "@type": "BlogPosting",
        "headline": "Rail services stop",
        "datePublished": update["datePublished"],
        "dateModified": update["dateModified"],
        "articleBody": "Trains are cancelled.",
        "url": update["url"],
    }
    assert update["url"].startswith("http://testserver/") and update["datePublished"]


def test_ended_coverage_drops_the_live_label_and_gives_its_end_time(client):
    story = live_story()
    live_services.post_live_update(article=story, body="<p>The storm has passed.</p>")
    live_services.end_coverage(coverage=story.live_coverage)

    html = client.get(story.get_absolute_url()).content.decode()

    assert 'class="live-label"' not in html and "coverage ended" in html
    assert "data-poll" not in html  # nothing left to follow
    assert "coverageEndTime" in json_ld(html)[0]


def test_the_poll_answers_304_until_an_update_is_posted(client, django_assert_max_num_queries):
    story = live_story()
    update = live_services.post_live_update(article=story, body="<p>First.</p>")
    url = reverse("live:poll", kwargs={"pk": story.pk})

    first = client.get(url)
    assert first.status_code == 200 and first.json()["updates"] == [update.pk]
    assert "public" in first["Cache-Control"]
    with django_assert_max_num_queries(1):
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304

    newer = live_services.post_live_update(article=story, body="<p>Second.</p>")
    changed = client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed.json()["updates"] == [newer.pk, update.pk]


def test_a_new_update_changes_the_pages_validator(client):
    story = live_story()
    live_services.post_live_update(article=story, body="<p>First.</p>")
    etag = client.get(story.get_absolute_url())["ETag"]

    live_services.post_live_update(article=story, body="<p>Second bulletin.</p>")
    again = client.get(story.get_absolute_url(), headers={"if-none-match": etag})

    assert again.status_code == 200 and "Second bulletin." in again.content.decode()


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_each_live_blog_has_a_feed_of_its_updates(client, fmt):
    story = live_story()
    live_services.post_live_update(article=story, body="<p>Ferries suspended.</p>", title="Ferries stop")
    live_services.post_live_update(article=story, body="<p>Schools close early.</p>")

    response = client.get(reverse("live:feed", kwargs={"pk": story.pk, "fmt": fmt}))
    text = response.content.decode()

    assert response.status_code == 200
    assert "Ferries stop" in text and "Schools close early." in text
    assert text.index("Schools close early.") < text.index("Ferries suspended.")  # newest first
    assert client.get(response.wsgi_request.path, headers={"if-none-match": response["ETag"]}).status_code == 304


def test_a_story_without_live_coverage_has_no_live_feed_or_poll(client):
    story = PublishedArticleFactory()
    assert client.get(reverse("live:feed", kwargs={"pk": story.pk, "fmt": "rss"})).status_code == 404
    assert client.get(reverse("live:poll", kwargs={"pk": story.pk})).status_code == 404
    assert 'class="live-blog"' not in client.get(story.get_absolute_url()).content.decode()


def test_a_new_update_reaches_a_cached_page_and_its_feed_at_once(client, settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}
    story = live_story()
    feed = reverse("live:feed", kwargs={"pk": story.pk, "fmt": "json"})
    for url in (story.get_absolute_url(), feed):
        client.get(url)  # now in the page cache

    with django_capture_on_commit_callbacks(execute=True):
        live_services.post_live_update(article=story, body="<p>Evacuation ordered.</p>")

    assert "Evacuation ordered." in client.get(story.get_absolute_url()).content.decode()
    assert "Evacuation ordered." in client.get(feed).content.decode()


def test_the_articles_service_posts_to_a_story_not_yet_marked_live(client):
    story = PublishedArticleFactory()
    live_services.post_live_update(article=story, body="<p>We are following this live.</p>")

    assert LiveCoverage.objects.get(article=story).state == CoverageState.LIVE
    assert "We are following this live." in client.get(story.get_absolute_url()).content.decode()


# --- the desk ---


def desk(coverage):
    return reverse("admin:live_livecoverage_change", args=[coverage.pk])


def test_an_editor_posts_an_update_from_the_live_storys_desk(editor_client, client):
    story = live_story()
    coverage = story.live_coverage

    page = editor_client.get(desk(coverage))
    assert "Post an update" in page.content.decode()
    posted = editor_client.post(
        reverse("admin:live_post_update", args=[coverage.pk]),
        {"update-title": "Bridge closed", "update-body": "<p>The bridge is shut.</p>", "update-key_event": "on"},
        follow=True,
    )

    assert "Update posted" in posted.content.decode()
    assert "Bridge closed" in posted.content.decode()  # in the desk's list of latest updates
    update = coverage.updates.get()
    assert update.key_event and update.created_by.username == "editor"
    assert "The bridge is shut." in client.get(story.get_absolute_url()).content.decode()


def test_an_update_with_neither_text_nor_picture_is_refused_and_the_typing_kept(editor_client):
    coverage = live_story().live_coverage
    response = editor_client.post(
        reverse("admin:live_post_update", args=[coverage.pk]), {"update-title": "Half-typed", "update-body": ""}
    )

    assert response.status_code == 200
    assert "Type the update, or choose a picture." in response.content.decode()
    assert 'value="Half-typed"' in response.content.decode()
    assert not coverage.updates.exists()


def test_a_picture_chosen_in_the_quick_form_is_placed_with_its_caption_and_credit(editor_client, client):
    story = live_story()
    picture = ImageFactory(credit="Reuters", caption="Crowds on the seafront", alt_text="A crowd")
    editor_client.post(
        reverse("admin:live_post_update", args=[story.live_coverage.pk]),
        {"update-body": "<p>Crowds gather.</p>", "update-picture": picture.pk},
    )

    html = client.get(story.get_absolute_url()).content.decode()
    assert "Crowds on the seafront" in html and "(Reuters)" in html


def test_a_writer_cannot_post_to_a_live_story_but_can_to_a_draft_they_edit(writer_client):
    published = live_story()
    draft = DraftArticleFactory()
    draft_coverage = live_services.start_coverage(article=draft)

    refused = writer_client.post(
        reverse("admin:live_post_update", args=[published.live_coverage.pk]), {"update-body": "<p>Leak.</p>"}
    )
    writer_client.post(reverse("admin:live_post_update", args=[draft_coverage.pk]), {"update-body": "<p>Ok.</p>"})

    assert not published.live_coverage.updates.exists()
    assert refused.status_code in {200, 403}
    assert draft_coverage.updates.get().body == "<p>Ok.</p>"


def test_an_editor_corrects_and_deletes_an_update(editor_client, client):
    story = live_story()
    update = live_services.post_live_update(article=story, body="<p>Ten people hurt.</p>")

    editor_client.post(
        reverse("admin:live_liveupdate_change", args=[update.pk]),
        {
            "title": "",
            "body": "<p>Two people hurt.</p>",
            "published_at_0": timezone.localtime(update.published_at).strftime("%Y-%m-%d"),
            "published_at_1": timezone.localtime(update.published_at).strftime("%H:%M:%S"),
        },
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Two people hurt." in html and "Ten people hurt." not in html

    gone = editor_client.post(reverse("admin:live_liveupdate_delete", args=[update.pk]), {"post": "yes"})
    assert gone.status_code == 302 and gone["Location"] == desk(story.live_coverage)
    assert "Two people hurt." not in client.get(story.get_absolute_url()).content.decode()
