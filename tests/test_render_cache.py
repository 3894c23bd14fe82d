"""Cached fragments (story cards, article bodies, feed items, rendition records) never show a reader anything stale.

Every page here is requested once to fill the caches, the story changes, and the next request must show the change
at once: through the services (which purge), and through ``QuerySet.update()``, which purges nothing at all (as a
write seen by another worker process would be, whose in-process fragments no purge reaches). The page cache is off
throughout: what is tested is the fragments inside freshly built pages.
"""

import feedparser
import pytest
from django.template import Context, Template
from django.urls import reverse

from articles import renditions, services
from articles.models import Article, Author, Image, Section
from tests.factories import AuthorFactory, ImageFactory, PublishedArticleFactory, SectionFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keys_sent(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SEND_SURROGATE_KEYS": True, "PAGE_CACHE": False}


@pytest.fixture
def world():
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def story(world):
    inline = ImageFactory(data=jpeg_bytes(1200, 800), alt_text="A lorry")
    return PublishedArticleFactory(
        headline="Aid convoy reaches Idlib",
        section=world,
        authors=[AuthorFactory(name="Jane Doe", slug="jane-doe")],
        lead_image=ImageFactory(data=jpeg_bytes(1600, 900), alt_text="Lorries at a crossing"),
        body=f'<p>The convoy crossed at dawn.</p><figure data-image-id="{inline.pk}"><img src="x.jpg" alt="A lorry">'
        "<figcaption>At the crossing</figcaption></figure>",
    )


@pytest.fixture
def neighbour(world):
    """Another World story, whose page shows ``story`` in its sidebar."""
    return PublishedArticleFactory(headline="Border talks resume", section=world)


def pages_showing(story, neighbour) -> list[str]:
    return [
        reverse("articles:home"),
        story.section.get_absolute_url(),
        neighbour.get_absolute_url(),
        reverse("feeds:latest", kwargs={"fmt": "rss"}),
        reverse("feeds:latest", kwargs={"fmt": "rss"}) + "?full=1",
        reverse("feeds:latest", kwargs={"fmt": "json"}),
    ]


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_edited_headline_shows_at_once_on_every_page_that_cached_the_story(client, story, neighbour, committed):
    for url in pages_showing(story, neighbour):
        assert "Aid convoy reaches Idlib" in html(client, url), url

    story.headline = "Aid convoy held at the border"
    committed(services.publish_article, article=story)

    for url in pages_showing(story, neighbour):
        page = html(client, url)
        assert "Aid convoy held at the border" in page and "Aid convoy reaches Idlib" not in page, url


def test_a_change_that_purges_nothing_shows_at_once_too(client, story, neighbour):
    """A fragment is keyed by the rows it is drawn from, not retired by a purge: a write no purge announces
    (another process's, or ``update()``) cannot leave a stale fragment behind."""
    for url in pages_showing(story, neighbour):
        html(client, url)

    Article.objects.filter(pk=story.pk).update(headline="Convoy turned back", standfirst="Drivers waited all day.")
    Author.objects.filter(slug="jane-doe").update(name="Jane Roe")
    Section.objects.filter(pk=story.section_id).update(name="Middle East")

    for url in [reverse("articles:home"), story.section.get_absolute_url()]:
        page = html(client, url)
        assert "Convoy turned back" in page and "Aid convoy reaches Idlib" not in page, url
        assert "Jane Roe" in page and "Jane Doe" not in page, url
    sidebar = html(client, neighbour.get_absolute_url())
    assert "Convoy turned back" in sidebar and "Aid convoy reaches Idlib" not in sidebar
    items = feedparser.parse(html(client, reverse("feeds:latest", kwargs={"fmt": "rss"}))).entries
    mine = next(item for item in items if item.title == "Convoy turned back")
    assert mine.author == "Jane Roe" and "Middle East" in [tag.term for tag in mine.tags]


@pytest.mark.parametrize("how", ["service", "update"])
def test_a_withdrawn_story_never_shows_from_a_cached_fragment(client, story, neighbour, committed, how):
    for url in pages_showing(story, neighbour):
        assert "Aid convoy reaches Idlib" in html(client, url)

    if how == "service":
        committed(services.withdraw_article, article=story)
    else:
        Article.objects.filter(pk=story.pk).update(status="withdrawn")

    for url in pages_showing(story, neighbour):
        assert "Aid convoy reaches Idlib" not in html(client, url), url
    assert client.get(story.get_absolute_url()).status_code == 410


def test_an_edited_body_and_moved_focal_points_show_at_once(client, story):
    lead, inline = story.lead_image, Image.objects.get(alt_text="A lorry")
    page = html(client, story.get_absolute_url())
    crop = renditions.rendition(lead, "thumb").src  # the section page's list shows a cropped thumbnail
    assert "The convoy crossed at dawn." in page and renditions.rendition(inline, "hero").src in page
    assert crop in html(client, story.section.get_absolute_url())

    Article.objects.filter(pk=story.pk).update(body=story.body.replace("crossed at dawn", "crossed at noon"))
    Image.objects.filter(pk__in=[lead.pk, inline.pk]).update(focal_x=0.2, width=1000, height=600)
    lead.refresh_from_db()
    inline.refresh_from_db()

    page = html(client, story.get_absolute_url())
    assert "The convoy crossed at noon." in page and "crossed at dawn" not in page
    assert renditions.rendition(inline, "hero").src in page  # the body's picture at its new size
    moved = renditions.rendition(lead, "thumb").src
    assert moved != crop
    listing = html(client, story.section.get_absolute_url())
    assert moved in listing and crop not in listing


def test_a_page_built_from_cached_fragments_carries_the_same_cache_keys(client, story, neighbour):
    for url in pages_showing(story, neighbour):
        cold = client.get(url)["xkey"]
        warm = client.get(url)["xkey"]
        assert set(warm.split()) == set(cold.split()), url
    keys = set(client.get(reverse("articles:home"))["xkey"].split())
    # The story, its byline's author, its section's name and its picture: what a purge must reach.
    assert {f"a{story.pk}", f"i{story.lead_image_id}", f"sn{story.section_id}"} <= keys
    assert any(key.startswith("aun") for key in keys)


def test_a_card_that_had_to_fetch_what_it_shows_is_not_kept(story):
    """A card given a story without its byline loaded reads the authors itself: nothing of them is in its key,
    so it is made afresh every time rather than kept."""
    card = Template('{% load newsroom %}{% card article size="lead" %}')

    def render():
        return card.render(Context({"article": Article.objects.get(pk=story.pk)}))

    assert "Jane Doe" in render()
    Author.objects.filter(slug="jane-doe").update(name="Jane Roe")
    assert "Jane Roe" in render()
