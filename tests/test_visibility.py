"""Only live stories reach the public, on every public URL: not drafts, stories in review, scheduled, withdrawn or
expired ones, nor their corrections, nor a live story's pending changes.

``PUBLIC_URLS`` lists every public route with how to build its addresses for the stories below. A new
public route must be added there (the guard test fails until it is), so no page can forget the rule.
Routes that show no stories at all (robots.txt) go in ``SHOWS_NO_STORIES``; routes that are not public
in ``NOT_PUBLIC``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Author, Region, Section, Topic
from live import reads
from live import services as live_services
from newsletters import urls as newsletter_urls
from newsletters.models import Edition, EditionItem, EditionStatus, NewsletterList
from pages.models import Page
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    RegionFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
    TopicFactory,
    WithdrawnArticleFactory,
)


@dataclass
class World:
    live: Article
    hidden: list[Article]  # draft, in review, scheduled, withdrawn, expired
    section: Section
    region: Region
    child_region: Region
    topic: Topic
    author: Author

    @property
    def stories(self) -> list[Article]:
        return [self.live, *self.hidden]


def _api_article(story: Article) -> str:
    return reverse("api:article", kwargs={"article_id": story.pk})


def _feeds(route: str, subject=None) -> list[str]:
    """A feed's RSS, Atom and JSON Feed versions, each with and without the full text."""
    slug = {"slug": subject.slug} if subject else {}
    formats = ("rss", "atom", "json")
    return [reverse(route, kwargs={"fmt": fmt, **slug}) + full for fmt in formats for full in ("", "?full=1")]


def _edition(w: World) -> Edition:
    """A sent newsletter edition that holds every story of the world, the hidden ones first and one as its lead."""
    newsletter, _ = NewsletterList.objects.get_or_create(slug="coast-briefing", defaults={"name": "Coast briefing"})
    edition, made = Edition.objects.get_or_create(
        newsletter=newsletter,
        defaults={"subject": "Coast briefing", "status": EditionStatus.SENT, "lead": w.hidden[0]},
    )
    if made:
        stories = [*w.hidden, w.live]
        EditionItem.objects.bulk_create(
            EditionItem(edition=edition, article=s, position=n) for n, s in enumerate(stories)
        )
    return edition


PUBLIC_URLS: dict[str, Callable[[World], list[str]]] = {
    "articles:home": lambda w: [reverse("articles:home")],
    "articles:robots": lambda w: [reverse("articles:robots")],
    "articles:section": lambda w: [w.section.get_absolute_url(), w.section.get_absolute_url() + "?page=2"],
    "articles:region": lambda w: [w.region.get_absolute_url(), w.child_region.get_absolute_url()],
    "articles:topic": lambda w: [w.topic.get_absolute_url()],
    "articles:author": lambda w: [w.author.get_absolute_url()],
    "articles:search": lambda w: [
        reverse("articles:search") + "?q=lighthouse",
        reverse("articles:search") + f"?region={w.region.slug}&topic={w.topic.slug}&order=date",
        reverse("articles:search") + f"?section={w.section.slug}",
        # Every way search finds a story: its byline, its place's and topic's names, a writer, a later page.
        reverse("articles:search") + f"?q={w.author.name}",
        reverse("articles:search") + f"?q={w.child_region.name}&order=date",
        reverse("articles:search") + f"?q={w.topic.name}&author={w.author.slug}",
        reverse("articles:search") + "?q=keeper&page=2",
    ],
    "articles:detail": lambda w: [story.get_absolute_url() for story in w.stories],
    "feeds:latest": lambda w: _feeds("feeds:latest"),
    "articles:corrections": lambda w: [reverse("articles:corrections")],
    "feeds:corrections": lambda w: _feeds("feeds:corrections"),
    "feeds:section": lambda w: _feeds("feeds:section", w.section),
    "feeds:region": lambda w: _feeds("feeds:region", w.region) + _feeds("feeds:region", w.child_region),
    "feeds:topic": lambda w: _feeds("feeds:topic", w.topic),
    "feeds:author": lambda w: _feeds("feeds:author", w.author),
    "sitemap-index": lambda w: [reverse("sitemap-index")],
    "sitemap-section": lambda w: [
        reverse("sitemap-section", kwargs={"section": f"articles-{timezone.localtime(w.live.published_at):%Y-%m}"})
    ],
    "sitemap-news": lambda w: [reverse("sitemap-news")],
    # Live coverage: every story in the world is a live blog with an update naming it, and has been read.
    "live:feed": lambda w: [reverse("live:feed", kwargs={"pk": w.live.pk, "fmt": f}) for f in ("rss", "atom", "json")],
    "live:poll": lambda w: [reverse("live:poll", kwargs={"pk": w.live.pk})],
    "live:most_read": lambda w: [reverse("live:most_read")],
    "live:breaking": lambda w: [reverse("live:breaking")],
    # The content API (api/): both shapes, every filter, without a key (tests/api covers keys).
    "api:articles": lambda w: (
        [
            reverse("api:articles") + query
            for query in ("", "?format=ninjs", f"?region={w.region.slug}", f"?topic={w.topic.slug}&limit=1")
        ]
        + [reverse("api:articles") + f"?author={w.author.slug}&section={w.section.slug}"]
    ),
    "api:article": lambda w: [_api_article(story) for story in w.stories] + [_api_article(w.live) + "?format=ninjs"],
    "api:sections": lambda w: [reverse("api:sections")],
    "api:regions": lambda w: [reverse("api:regions")],
    "api:topics": lambda w: [reverse("api:topics")],
    "api:authors": lambda w: [reverse("api:authors")],
    "api:openapi-json": lambda w: [reverse("api:openapi-json")],
    "api:openapi-view": lambda w: [reverse("api:openapi-view")],
    # An editor's simple page (pages/): made here, as the world has none; it shows no stories.
    "pages:detail": lambda w: [
        Page.objects.get_or_create(slug="about", defaults={"title": "About", "published": True})[0].get_absolute_url()
    ],
    # Newsletters (newsletters/): the sign-up page, and an edition mailed with every story in it (its archive page,
    # its "view in your browser" page, the list's feed of editions).
    "newsletters:signup": lambda w: [reverse("newsletters:signup")],
    "newsletters:archive": lambda w: [_edition(w).newsletter.get_absolute_url()],
    "newsletters:edition": lambda w: [_edition(w).get_absolute_url()],
    "newsletters:feed": lambda w: [reverse("newsletters:feed", kwargs={"list_slug": _edition(w).newsletter.slug})],
}
SHOWS_NO_STORIES = {"articles:robots", "sitemap-index", "pages:detail", "newsletters:signup"}
SHOWS_NO_STORIES |= {
    f"api:{name}" for name in ("sections", "regions", "topics", "authors", "openapi-json", "openapi-view")
}
NOT_PUBLIC = {"healthz", "media", "articles:preview"}  # staff only or no stories
NOT_PUBLIC |= {"metrics"}  # Prometheus, for METRICS_ALLOWED_IPS only: figures, no stories
NOT_PUBLIC |= {"live:count"}  # the Most read beacon: takes a count, shows nothing
# A reader's own newsletter pages (signed links: confirm, preferences, their data, unsubscribe; no stories) and the mail
# services' signed bounce and complaint webhooks.
NOT_PUBLIC |= {f"newsletters:{name}" for name in ("confirm", "preferences", "export", "unsubscribe")}
NOT_PUBLIC |= {f"newsletters:{pattern.name}" for pattern in newsletter_urls.WEBHOOKS}
NOT_PUBLIC |= {"api:api-root"}  # django-ninja's 404 at /api/v1/, by which it knows its own address
# Editors' logins and two-factor enrolment (django-two-factor-auth, under /admin/): no stories.
NOT_PUBLIC |= {"admin-login"} | {
    f"two_factor:{name}" for name in ("login", "setup", "qr", "setup_complete", "backup_tokens", "profile", "disable")
}


@pytest.fixture
def world(db):
    cache.clear()
    region = RegionFactory(slug="coast")
    child = RegionFactory(slug="harbour-town", parent=region)
    topic, author = TopicFactory(slug="shipping"), AuthorFactory(slug="sea-reporter")

    def story(factory, state):
        return factory(
            headline=f"Lighthouse keeper story ({state})",
            slug=f"lighthouse-{state}",
            body="<p>The lighthouse keeper retired.</p>",
            regions=[child],
            topics=[topic],
            authors=[author],
        )

    live = story(PublishedArticleFactory, "live")
    hidden = [
        story(DraftArticleFactory, "draft"),
        story(ReviewArticleFactory, "review"),
        story(ScheduledArticleFactory, "scheduled"),
        story(WithdrawnArticleFactory, "withdrawn"),
        story(PublishedArticleFactory, "expired"),
    ]
    # Newer than the live story, so a leak would show first on every list.
    Article.objects.filter(pk__in=[s.pk for s in hidden]).update(published_at=timezone.now() + timedelta(minutes=5))
    gone = ["lighthouse-withdrawn", "lighthouse-expired"]
    Article.objects.filter(slug__in=gone).update(published_at=timezone.now() - timedelta(minutes=5))
    Article.objects.filter(slug="lighthouse-expired").update(expires_at=timezone.now() - timedelta(minutes=1))
    # Every story has a public correction (only the live one's may show), and the live one pending changes.
    for each in [live, *hidden]:
        services.add_correction(article=each, text=f"Correction to the {each.slug} story.")
    services.save_pending_changes(article=live, data={"headline": PENDING_HEADLINE, "slug": "pending-slug"}, user=None)
    for each in [live, *hidden]:
        live_services.post_live_update(article=each, body=f"<p>Live from {each.slug}.</p>", key_event=True)
        reads.record_read(each.pk)
    reads.refresh_ranking()
    live_services.set_breaking_alert(text="Lighthouse news", article=live)
    return World(live, hidden, live.section, region, child, topic, author)


PENDING_HEADLINE = "Lighthouse keeper pending headline"


def test_only_the_live_story_shows_on_every_public_url(client, world):
    hidden_urls = {url for story in world.hidden for url in (story.get_absolute_url(), _api_article(story))}
    for route, build in PUBLIC_URLS.items():
        for url in build(world):
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code in {200, 404, 410}, f"{url} answered {response.status_code}"
            for story in world.hidden:
                assert story.headline not in html and story.slug not in html, f"{story.slug} leaked on {url}"
            assert PENDING_HEADLINE not in html and "pending-slug" not in html, f"pending changes leaked on {url}"
            if route in SHOWS_NO_STORIES or url in hidden_urls:
                expected = {200} if route in SHOWS_NO_STORIES else {404, 410}  # a hidden story's own page is gone
                assert response.status_code in expected, url
                continue
            assert response.status_code == 200, url
            assert world.live.headline in html or world.live.get_absolute_url() in html, f"live story missing: {url}"


def _named_routes(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"unnamed route {pattern.pattern}")
    return names


def test_every_public_route_is_on_the_visibility_list():
    routes = _named_routes(get_resolver())

    unchecked = routes - set(PUBLIC_URLS) - NOT_PUBLIC
    assert not unchecked, f"add these routes to PUBLIC_URLS in {__name__} (or NOT_PUBLIC): {sorted(unchecked)}"
    assert not (set(PUBLIC_URLS) - routes), "PUBLIC_URLS names a route that no longer exists"


@pytest.mark.parametrize(
    "factory", [DraftArticleFactory, ReviewArticleFactory, ScheduledArticleFactory, WithdrawnArticleFactory]
)
def test_names_used_only_by_unpublished_stories_are_not_confirmed_anywhere(client, world, factory):
    """An author, topic or region carried only by an unpublished story: its page and feeds are not found, and
    its name or bio appears nowhere (titles, headings, meta tags, feed channels)."""
    secret_region = RegionFactory(name="Secret Cove", slug="secret-cove", parent=world.region)
    secret_topic = TopicFactory(name="Secret Merger", slug="secret-merger", description="Embargoed talks.")
    secret_author = AuthorFactory(name="Undercover Reporter", slug="undercover-reporter", bio="Joins next week.")
    factory(headline="Embargoed scoop", regions=[secret_region], topics=[secret_topic], authors=[secret_author])

    urls = [
        secret_region.get_absolute_url(),
        secret_topic.get_absolute_url(),
        secret_author.get_absolute_url(),
        *_feeds("feeds:region", secret_region),
        *_feeds("feeds:topic", secret_topic),
        *_feeds("feeds:author", secret_author),
    ]
    for url in urls:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 404, url
        for secret in ("Secret Cove", "Secret Merger", "Embargoed talks", "Undercover Reporter", "Joins next week"):
            assert secret not in html, f"{secret} leaked on {url}"
    parent = client.get(world.region.get_absolute_url()).content.decode()
    assert "Secret Cove" not in parent and world.child_region.name in parent

    # Every other public page too: the search form's place and topic choices, listing sitemaps, feeds, fronts.
    listing_sitemaps = [
        reverse("sitemap-section", kwargs={"section": name}) for name in ("sections", "regions", "topics", "authors")
    ]
    pages = [url for build in PUBLIC_URLS.values() for url in build(world)] + listing_sitemaps
    assert reverse("articles:search") + "?q=lighthouse" in pages
    for url in pages:
        html = client.get(url).content.decode()
        for secret in ("Secret Cove", "secret-cove", "Secret Merger", "secret-merger", "Undercover Reporter"):
            assert secret not in html, f"{secret} leaked on {url}"


def test_a_hidden_storys_live_updates_poll_and_feed_are_not_found(client, world):
    for story in world.hidden:
        urls = [reverse("live:poll", kwargs={"pk": story.pk})]
        urls += [reverse("live:feed", kwargs={"pk": story.pk, "fmt": fmt}) for fmt in ("rss", "atom", "json")]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404 and f"Live from {story.slug}" not in response.content.decode(), url


def test_the_banner_leaves_when_its_story_is_hidden(client, world):
    live_services.set_breaking_alert(text="Lighthouse hidden news", article=world.hidden[0])
    assert client.get(reverse("live:breaking")).json() == {"alert": None}
