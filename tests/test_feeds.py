"""Feeds as their consumers see them: parsed with feedparser (RSS, Atom) and with json + the JSON Feed 1.1 rules."""

import json
from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.services import publish_article, withdraw_article
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    ScheduledArticleFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    WithdrawnArticleFactory,
)
from tests.jsonfeed import json_feed_problems

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]
KINDS = ["latest", "section", "region", "topic", "author"]


def feed_url(kind, fmt, subjects=None, **query):
    kwargs = {"fmt": fmt} if kind == "latest" else {"fmt": fmt, "slug": subjects[kind].slug}
    url = reverse(f"feeds:{kind}", kwargs=kwargs)
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def read_feed(client, url):
    """The feed's entries as a consumer reads them, after checking the document itself is sound."""
    response = client.get(url)
    assert response.status_code == 200, url
    if url.split("?")[0].endswith(".json"):
        assert response["Content-Type"].startswith("application/feed+json")
        document = json.loads(response.content)
        assert json_feed_problems(document) == []
        return document["items"]
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if url.split("?")[0].endswith(".rss") else "atom10")
    return parsed.entries


def headlines(client, url):
    return [entry["title"] for entry in read_feed(client, url)]


@pytest.fixture
def subjects():
    middle_east = RegionFactory(name="Middle East", slug="middle-east")
    return {
        "section": SectionFactory(name="World", slug="world"),
        "region": middle_east,
        "child_region": RegionFactory(name="Syria", slug="syria", parent=middle_east),
        "topic": TopicFactory(name="Conflict", slug="conflict"),
        "author": AuthorFactory(name="Jane Doe", slug="jane-doe"),
    }


def story(factory, subjects, headline, **kwargs):
    return factory(
        headline=headline,
        section=subjects["section"],
        regions=[subjects["child_region"]],
        topics=[subjects["topic"]],
        authors=[subjects["author"]],
        **kwargs,
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_only_the_live_story_appears_in_every_feed(client, subjects, kind, fmt):
    story(PublishedArticleFactory, subjects, "Live story")
    story(DraftArticleFactory, subjects, "Draft story")
    story(ScheduledArticleFactory, subjects, "Scheduled story")
    story(WithdrawnArticleFactory, subjects, "Withdrawn story")

    assert headlines(client, feed_url(kind, fmt, subjects)) == ["Live story"]
    assert headlines(client, feed_url(kind, fmt, subjects, full=1)) == ["Live story"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_scheduled_story_appears_once_its_time_passes(client, subjects, fmt):
    with time_machine.travel("2026-03-02 09:00 +00:00", tick=False):
        story(PublishedArticleFactory, subjects, "Earlier story")
        story(ScheduledArticleFactory, subjects, "Embargoed story", published_at=timezone.now() + timedelta(hours=2))
        assert headlines(client, feed_url("section", fmt, subjects)) == ["Earlier story"]
    with time_machine.travel("2026-03-02 11:01 +00:00", tick=False):
        assert headlines(client, feed_url("section", fmt, subjects)) == ["Embargoed story", "Earlier story"]


def test_withdrawn_story_leaves_the_feed_and_a_topic_left_with_no_live_story_has_no_feed(client, subjects):
    article = story(PublishedArticleFactory, subjects, "Story later withdrawn")
    assert headlines(client, feed_url("section", "rss", subjects)) == ["Story later withdrawn"]
    assert headlines(client, feed_url("topic", "rss", subjects)) == ["Story later withdrawn"]

    withdraw_article(article=article)

    assert headlines(client, feed_url("section", "rss", subjects)) == []
    assert client.get(feed_url("topic", "rss", subjects)).status_code == 404


def test_region_feed_includes_stories_from_the_regions_within_it(client, subjects):
    elsewhere = RegionFactory(name="Europe", slug="europe")
    story(PublishedArticleFactory, subjects, "From Syria")
    PublishedArticleFactory(headline="From Europe", regions=[elsewhere])

    assert headlines(client, feed_url("region", "atom", subjects)) == ["From Syria"]


@pytest.fixture
def pictured_story(subjects):
    image = ImageFactory(caption="Smoke rises over the old city.", credit="AP Photo/Jane Roe")
    return story(PublishedArticleFactory, subjects, "Shelling resumes", lead_image=image)


def test_rss_item_carries_the_picture_caption_and_credit_as_media_rss(client, pictured_story):
    entry = read_feed(client, feed_url("latest", "rss"))[0]
    hero = pictured_story.lead_image.rendition("hero").fallback
    thumb = pictured_story.lead_image.rendition("thumb").fallback

    content = entry.media_content[0]
    assert content["url"] == f"http://testserver{hero.url}"
    assert (content["type"], content["width"], content["height"]) == ("image/jpeg", str(hero.width), str(hero.height))
    assert entry.media_credit[0]["content"] == "AP Photo/Jane Roe"
    assert entry.media_thumbnail[0]["url"] == f"http://testserver{thumb.url}"
    assert entry.enclosures[0]["href"] == f"http://testserver{hero.url}"
    assert entry.enclosures[0]["type"] == "image/jpeg"
    # feedparser folds media:description into the entry's summary detail; read it from the document itself.
    body = client.get(feed_url("latest", "rss")).content.decode()
    assert '<media:description type="plain">Smoke rises over the old city.</media:description>' in body


def test_caption_set_on_the_story_overrides_the_library_caption_in_feeds(client, pictured_story):
    pictured_story.lead_image_caption = "Smoke over Aleppo on Tuesday."
    pictured_story.save()

    body = client.get(feed_url("latest", "rss")).content.decode()

    assert "Smoke over Aleppo on Tuesday." in body
    assert "Smoke rises over the old city." not in body


def test_atom_entry_carries_the_same_picture_caption_and_credit(client, pictured_story):
    entry = read_feed(client, feed_url("latest", "atom"))[0]
    hero = pictured_story.lead_image.rendition("hero").fallback

    enclosure = next(link for link in entry.links if link["rel"] == "enclosure")
    assert enclosure["href"] == f"http://testserver{hero.url}"
    assert entry.media_content[0]["url"] == f"http://testserver{hero.url}"
    assert entry.media_credit[0]["content"] == "AP Photo/Jane Roe"


def test_json_feed_item_carries_the_picture_caption_and_credit(client, pictured_story):
    item = read_feed(client, feed_url("latest", "json"))[0]
    hero = pictured_story.lead_image.rendition("hero").fallback

    assert item["image"] == f"http://testserver{hero.url}"
    assert item["attachments"] == [
        {"url": item["image"], "mime_type": "image/jpeg", "title": "Smoke rises over the old city."}
    ]
    assert item["_newsroom"]["image"]["credit"] == "AP Photo/Jane Roe"
    assert (item["_newsroom"]["image"]["width"], item["_newsroom"]["image"]["height"]) == (hero.width, hero.height)


@pytest.mark.parametrize("fmt", FORMATS)
def test_items_carry_link_summary_times_byline_and_categories(client, subjects, fmt):
    article = story(PublishedArticleFactory, subjects, "Talks resume", standfirst="Both sides met in Geneva.")

    entry = read_feed(client, feed_url("latest", fmt))[0]

    link = f"http://testserver{article.get_absolute_url()}"
    tags = ["World", "Syria", "Conflict"]
    if fmt == "json":
        assert (entry["url"], entry["summary"], entry["authors"]) == (
            link,
            "Both sides met in Geneva.",
            [{"name": "Jane Doe"}],
        )
        assert entry["tags"] == tags
        assert entry["date_published"] == article.published_at.isoformat()
    else:
        assert (entry.link, entry.summary, entry.author) == (link, "Both sides met in Geneva.", "Jane Doe")
        assert [tag.term for tag in entry.tags] == tags
        assert entry.published_parsed[:6] == article.published_at.utctimetuple()[:6]
        assert entry.updated_parsed[:6] == article.updated_at.utctimetuple()[:6]


def test_agency_copy_is_credited_to_the_agency_as_dc_creator(client):
    PublishedArticleFactory(headline="Agency story", source=SourceFactory(name="Press Association"))

    entry = read_feed(client, feed_url("latest", "rss"))[0]

    assert entry.author == "Press Association"
    assert "<dc:creator>Press Association</dc:creator>" in client.get(feed_url("latest", "rss")).content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_item_keeps_its_id_when_the_headline_and_slug_are_edited(client, subjects, fmt):
    article = story(PublishedArticleFactory, subjects, "First headline")
    before = read_feed(client, feed_url("latest", fmt))[0]["id"]

    article.headline, article.slug = "A corrected headline", "a-corrected-headline"
    article.save()
    after = read_feed(client, feed_url("latest", fmt))[0]

    assert after["title"] == "A corrected headline"
    assert after["id"] == before
    assert "first-headline" not in before


@pytest.mark.parametrize("fmt", FORMATS)
def test_headline_with_markup_characters_reads_exactly_as_written(client, fmt):
    PublishedArticleFactory(headline='Profits < 5% at "Smith & Sons"')

    assert headlines(client, feed_url("latest", fmt)) == ['Profits < 5% at "Smith & Sons"']


@pytest.mark.parametrize("fmt", FORMATS)
def test_full_text_feed_carries_the_body_with_absolute_links_and_pictures(client, fmt):
    PublishedArticleFactory(
        headline="Full story",
        body='<p>See <a href="/world/">more</a>.</p><figure><img src="/media/pic.jpg" alt="A pic"></figure>',
    )

    entry = read_feed(client, feed_url("latest", fmt, full=1))[0]
    html = entry["content_html"] if fmt == "json" else entry.content[0]["value"]

    assert 'href="http://testserver/world/"' in html
    assert 'src="http://testserver/media/pic.jpg"' in html
    summary_entry = read_feed(client, feed_url("latest", fmt))[0]
    assert "content_html" not in summary_entry if fmt == "json" else "content" not in summary_entry


def test_feed_answers_304_until_a_story_changes(client, subjects):
    article = story(PublishedArticleFactory, subjects, "Story")
    url = feed_url("section", "atom", subjects)
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]

    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag.content == b""

    article.headline = "Story, updated"
    article.save()
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_withdrawing_a_story_changes_the_feed_validator(client, subjects):
    story(PublishedArticleFactory, subjects, "Kept")
    leaving = story(PublishedArticleFactory, subjects, "Leaving", published_at=timezone.now() - timedelta(days=3))
    url = feed_url("latest", "rss")
    etag = client.get(url)["ETag"]

    withdraw_article(article=leaving)

    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_a_poller_asking_by_date_sees_a_withdrawal_at_once(client, subjects):
    story(PublishedArticleFactory, subjects, "Kept", published_at=timezone.now() - timedelta(days=1))
    top = story(PublishedArticleFactory, subjects, "Top story, later withdrawn")
    url = feed_url("section", "rss", subjects)
    first = client.get(url)
    # A date no story's edit time can pass: a feed that answered by date would say "not modified".
    since = first.get("Last-Modified") or "Fri, 01 Jan 2100 00:00:00 GMT"

    withdraw_article(article=top)
    response = client.get(url, headers={"if-modified-since": since})

    assert "Last-Modified" not in first
    assert response.status_code == 200
    assert [entry.title for entry in feedparser.parse(response.content).entries] == ["Kept"]


def test_each_format_and_the_full_text_have_their_own_etag(client):
    PublishedArticleFactory()
    etags = {client.get(feed_url("latest", fmt, **query))["ETag"] for fmt in FORMATS for query in ({}, {"full": 1})}
    assert len(etags) == 6


def _queries_for(client, url):
    client.get(url)  # the Sites framework caches the current site after its first use
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", KINDS)
def test_a_feed_costs_the_same_queries_for_3_stories_as_for_30(client, subjects, kind):
    def add(count):
        for n in range(count):
            image = ImageFactory()
            article = story(PublishedArticleFactory, subjects, f"Story {n}", lead_image=image)
            article.regions.add(RegionFactory(parent=subjects["region"]))
            article.topics.add(TopicFactory())
            article.article_authors.create(author=AuthorFactory(), position=1)

    add(3)
    url = feed_url(kind, "rss", subjects, full=1)
    few = _queries_for(client, url)
    add(27)
    many = _queries_for(client, url)

    assert len(read_feed(client, url)) == 30
    assert few == many
    assert many <= 7


@pytest.mark.parametrize("kind", ["section", "region", "topic", "author"])
def test_feed_for_an_unknown_subject_is_not_found(client, kind):
    url = reverse(f"feeds:{kind}", kwargs={"fmt": "rss", "slug": "no-such-thing"})
    assert client.get(url).status_code == 404


def test_unknown_feed_format_is_not_found(client):
    assert client.get("/feeds/latest.xml").status_code == 404


def test_publishing_through_the_workflow_puts_the_story_in_the_feed(client):
    article = DraftArticleFactory(headline="Newly published", lead_image=ImageFactory())
    assert headlines(client, feed_url("latest", "json")) == []

    publish_article(article=article)

    assert headlines(client, feed_url("latest", "json")) == ["Newly published"]


def test_feed_links_tag_names_the_three_feeds_of_a_page(rf, subjects):
    template = Template('{% load feed_tags %}{% feed_links "section" section %}')

    html = template.render(Context({"section": subjects["section"], "request": rf.get("/world/")}))

    for fmt, mime_type in [
        ("rss", "application/rss+xml"),
        ("atom", "application/atom+xml"),
        ("json", "application/feed+json"),
    ]:
        assert f'<link rel="alternate" type="{mime_type}" title="World – {settings.NEWSROOM["SITE_NAME"]}' in html
        assert f'href="http://testserver/feeds/section/world.{fmt}"' in html


@pytest.mark.parametrize("kind", KINDS)
def test_each_listing_page_advertises_its_feeds_to_readers_apps(client, subjects, kind):
    story(PublishedArticleFactory, subjects, "Live story")
    page = reverse("articles:home") if kind == "latest" else subjects[kind].get_absolute_url()

    html = client.get(page).content.decode()

    for fmt in FORMATS:
        href = f"http://testserver{feed_url(kind, fmt, subjects)}"
        assert f'href="{href}"' in html
        assert headlines(client, href) == ["Live story"]
