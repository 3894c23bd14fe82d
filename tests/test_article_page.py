"""The article page: what a reader sees, its metadata, its answers for moved and withdrawn stories, its cost."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import caching
from articles.models import Article, ArticleImage, PinnedRelation, Status
from articles.services import sync_inline_images
from articles.views.article import SIDEBAR_FRESHNESS_SECONDS
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

pytestmark = pytest.mark.django_db


def inline_figure(image, caption="The rebels are backed by Turkey", credit="AP", alt="Fighters on a truck"):
    return (
        f'<figure data-image-id="{image.pk}"><img src="/media/original.jpg" alt="{alt}">'
        f'<figcaption>{caption} <span class="credit">({credit})</span></figcaption></figure>'
    )


def agency_story(**kwargs):
    """A story shaped like the reference page: agency copy, lead picture, an inline picture, tags."""
    lead = ImageFactory(caption="Opposition fighters in the city", credit="PA", alt_text="A building on fire")
    inline = ImageFactory(credit="AP")
    story = PublishedArticleFactory(
        headline="Militias cross the border to back the counter-offensive",
        standfirst="The insurgents took the city last week.",
        body=f"<p>Officials said the forces moved overnight.</p>{inline_figure(inline)}<p>More later.</p>",
        source=SourceFactory(name="Press Association"),
        lead_image=lead,
        lead_image_caption="Syria Opposition.",
        **kwargs,
    )
    sync_inline_images(article=story)
    return story


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_article_page_shows_the_story_as_on_the_reference_page(client):
    region, topic = RegionFactory(name="Syria"), TopicFactory(name="Conflict")
    story = agency_story(regions=[region], topics=[topic])

    response = client.get(story.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="story__headline">Militias cross the border to back the counter-offensive</h1>' in html
    assert '<p class="standfirst">The insurgents took the city last week.</p>' in html
    assert f'<time datetime="{timezone.localtime(story.published_at).isoformat(timespec="seconds")}">' in html
    assert '<figcaption>Syria Opposition. <span class="credit">Picture: PA</span></figcaption>' in html
    assert '<figcaption>The rebels are backed by Turkey <span class="credit">(AP)</span></figcaption>' in html
    assert '<p class="byline">By Press Association</p>' in html
    assert f'href="{region.get_absolute_url()}">Syria</a>' in html
    assert f'href="{topic.get_absolute_url()}">Conflict</a>' in html
    assert 'aria-label="Breadcrumb"' in html and f'href="{story.section.get_absolute_url()}">World</a>' in html


def test_lead_picture_loads_at_once_and_body_pictures_load_lazily_with_sizes_for_every_screen(client):
    story = agency_story()

    html = client.get(story.get_absolute_url()).content.decode()

    images = re.findall(r"<img [^>]*>", html)
    lead = next(tag for tag in images if 'alt="A building on fire"' in tag)
    inline = next(tag for tag in images if 'alt="Fighters on a truck"' in tag)
    for tag in (lead, inline):
        for attribute in ("srcset=", "sizes=", "width=", "height="):
            assert attribute in tag
    assert 'loading="lazy"' not in lead
    assert 'loading="lazy"' in inline
    assert "/media/original.jpg" not in inline, "the body picture is served from its renditions"


def test_byline_names_the_writers_with_links_to_their_pages(client):
    jane, john = AuthorFactory(name="Jane Doe"), AuthorFactory(name="John Roe")
    story = PublishedArticleFactory(authors=[jane, john])

    html = client.get(story.get_absolute_url()).content.decode()

    assert f'By <a href="{jane.get_absolute_url()}">Jane Doe</a> and <a href="{john.get_absolute_url()}">' in html


def test_sidebars_show_pinned_related_first_and_the_latest_from_the_section(client):
    region = RegionFactory()
    story = PublishedArticleFactory(regions=[region])
    sharing = PublishedArticleFactory(headline="A story sharing the region", regions=[region])
    pinned = PublishedArticleFactory(
        headline="The story the editor pinned", published_at=timezone.now() - timedelta(days=30)
    )
    PinnedRelation.objects.create(from_article=story, to_article=pinned, position=0)
    hidden = DraftArticleFactory(headline="An unpublished neighbour", regions=[region])

    html = client.get(story.get_absolute_url()).content.decode()

    related = html.split('id="related-heading"')[1].split("</section>")[0]
    assert related.index("The story the editor pinned") < related.index("A story sharing the region")
    latest = html.split('id="latest-heading"')[1].split("</section>")[0]
    assert "Latest World News" in html and sharing.headline in latest
    assert f'<a href="{story.section.get_absolute_url()}">See more Latest World News</a>' in latest
    assert hidden.headline not in html


def test_metadata_describes_the_story_for_search_engines_and_social_cards(client):
    story = agency_story(seo_description="What happened overnight.")

    response = client.get(story.get_absolute_url())

    html = response.content.decode()
    url = f"http://testserver{story.get_absolute_url()}"
    assert f"<title>{story.headline} | Newsroom</title>" in html
    assert '<meta name="description" content="What happened overnight.">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    social = story.lead_image.rendition("social")
    assert f'<meta property="og:image" content="http://testserver{social.src}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    article, breadcrumbs = json_ld(html)
    assert article["@type"] == "NewsArticle" and article["headline"] == story.headline
    assert article["sourceOrganization"]["name"] == "Press Association"
    assert article["image"]["caption"] == "Syria Opposition." and article["image"]["creditText"] == "PA"
    assert article["mainEntityOfPage"]["@id"] == url and article["publisher"]["name"] == "Newsroom"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == ["Home", "World", story.headline]


def test_structured_data_cannot_be_broken_out_of_by_a_headline(client):
    story = PublishedArticleFactory(headline="</script><script>alert(1)</script> & more")

    html = client.get(story.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["headline"] == story.headline


def test_updated_time_shows_only_when_the_story_was_edited_after_publishing(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        story = PublishedArticleFactory(published_at=timezone.now())
        assert "Updated" not in client.get(story.get_absolute_url()).content.decode()

        traveller.shift(timedelta(hours=2))
        story.standfirst = "A corrected summary."
        story.save()
        html = client.get(story.get_absolute_url()).content.decode()

    assert 'Updated <time datetime="' in html


def test_changed_slug_answers_the_old_address_with_a_permanent_redirect(client):
    story = PublishedArticleFactory(slug="first-version")
    old_url = story.get_absolute_url()
    story.slug = "second-version"
    story.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_story_asked_for_under_the_wrong_section_redirects_to_its_address(client):
    story = PublishedArticleFactory()
    SectionFactory(name="Sport", slug="sport")

    response = client.get(reverse("articles:detail", kwargs={"section": "sport", "slug": story.slug}))

    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()


def test_withdrawn_story_is_gone_and_unpublished_or_unknown_stories_are_not_found(client):
    withdrawn = WithdrawnArticleFactory(headline="The withdrawn claim")
    draft, scheduled = DraftArticleFactory(headline="Draft words"), ScheduledArticleFactory(headline="Future words")

    gone = client.get(withdrawn.get_absolute_url())
    assert gone.status_code == 410
    assert "has been withdrawn" in gone.content.decode() and "The withdrawn claim" not in gone.content.decode()
    for story in (draft, scheduled):
        response = client.get(story.get_absolute_url())
        assert response.status_code == 404 and story.headline not in response.content.decode()
    missing = client.get(reverse("articles:detail", kwargs={"section": "world", "slug": "no-such-story"}))
    assert missing.status_code == 404
    assert 'class="skip-link"' in missing.content.decode() and "Page not found" in missing.content.decode()


# The clock starts at the beginning of a ten-minute sidebar period (the validators move on with each), so a slow run
# cannot cross into the next one between the requests.
@time_machine.travel("2026-03-02 09:00:10 +00:00", tick=True)
def test_article_page_is_publicly_cacheable_and_answers_304_when_unchanged(client):
    story = PublishedArticleFactory()

    first = client.get(story.get_absolute_url())
    again = client.get(story.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    since = client.get(story.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]})

    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert again.status_code == 304 and since.status_code == 304
    story.standfirst = "Changed."
    story.save()
    assert client.get(story.get_absolute_url(), headers={"if-none-match": first["ETag"]}).status_code == 200


def test_unpublished_stories_never_get_a_304(client):
    draft = DraftArticleFactory()
    assert client.get(draft.get_absolute_url(), headers={"if-none-match": "*"}).status_code == 404


def test_article_page_costs_the_same_queries_however_many_tags_pictures_and_neighbours(
    client, django_assert_max_num_queries
):
    regions, topics = RegionFactory.create_batch(4), TopicFactory.create_batch(4)
    authors = AuthorFactory.create_batch(3)
    pictures = ImageFactory.create_batch(4)
    story = PublishedArticleFactory(
        regions=regions,
        topics=topics,
        authors=authors,
        lead_image=ImageFactory(),
        body="".join(f"<p>Paragraph.</p>{inline_figure(p)}" for p in pictures),
    )
    sync_inline_images(article=story)
    for n in range(8):
        neighbour = PublishedArticleFactory(
            regions=regions[:2], topics=topics[:1], authors=authors[:1], lead_image=ImageFactory()
        )
        if n < 2:
            PinnedRelation.objects.create(from_article=story, to_article=neighbour, position=n)
    assert ArticleImage.objects.filter(article=story).count() == 4
    caching.remember_next_scheduled()  # as the saves' story events leave it once they commit
    # Nothing cached: the related engine works out this story's list and its site-wide figures from scratch.
    with django_assert_max_num_queries(10):
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count('loading="lazy"') >= 4 + 5


def test_preview_shows_any_state_to_editors_and_nothing_to_anyone_else(editor_client):
    draft = DraftArticleFactory(headline="Not out yet", status=Status.IN_REVIEW)
    url = reverse("articles:preview", args=[draft.pk])

    assert Client().get(url).status_code == 404
    response = editor_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200 and "Not out yet" in html
    assert "Preview — not published" in html and '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_article_page_reads_in_the_reference_order_with_the_sidebar_as_a_labelled_aside(client):
    story = agency_story()
    neighbours = [
        PublishedArticleFactory(headline=f"World neighbour {n}", lead_image=ImageFactory(), published_at=ago(n + 2))
        for n in range(10)
    ]

    html = client.get(story.get_absolute_url()).content.decode()

    order = [
        '<h1 class="story__headline">',
        f'<time datetime="{timezone.localtime(story.published_at).isoformat(timespec="seconds")}">',
        '<span class="credit">Picture: PA</span>',
        '<p class="standfirst">The insurgents took the city last week.</p>',
        "Officials said the forces moved overnight.",
        '<p class="byline">By Press Association</p>',
        '<aside class="sidebar" aria-label="More stories">',
        '<h2 id="latest-heading" class="block-title">Latest World News</h2>',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    latest = html.split('id="latest-heading"')[1].split("</section>")[0]
    assert latest.index(">See more Latest World News</a>") < latest.index("<li>"), "the link sits under the heading"
    shown = [n for n in neighbours if n.headline in latest]
    assert shown == neighbours[:8]
    assert latest.count("<img ") == 8, "each of the latest stories has its thumbnail"


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_old_address_of_a_withdrawn_story_is_gone_not_missing(client):
    story = PublishedArticleFactory(slug="first-version")
    old_url = story.get_absolute_url()
    story.slug = "second-version"
    story.save()
    Article.objects.filter(pk=story.pk).update(status=Status.WITHDRAWN)

    response = client.get(old_url)

    assert response.status_code == 410
    assert "has been withdrawn" in response.content.decode()


def test_story_withdrawn_before_it_ever_went_out_is_not_found_rather_than_gone(client):
    never_live = WithdrawnArticleFactory(headline="Spiked before publication", first_published_at=None)

    response = client.get(never_live.get_absolute_url())

    assert response.status_code == 404
    assert "was published at this address" not in response.content.decode()


def test_story_scheduled_then_withdrawn_before_its_time_is_not_found(client):
    from articles import services

    story = DraftArticleFactory(headline="Embargoed results")
    services.publish_article(article=story, at=timezone.now() + timedelta(hours=3))
    services.withdraw_article(article=story)

    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_client_revalidating_by_date_sees_the_sidebars_refresh_each_period(client):
    with time_machine.travel("2026-03-02 09:00:10 +00:00", tick=False) as traveller:
        story = PublishedArticleFactory(published_at=timezone.now() - timedelta(days=2))
        Article.objects.filter(pk=story.pk).update(updated_at=timezone.now() - timedelta(days=1))
        first = client.get(story.get_absolute_url())
        assert (
            client.get(story.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]}).status_code
            == 304
        )

        traveller.shift(timedelta(seconds=SIDEBAR_FRESHNESS_SECONDS))
        PublishedArticleFactory(headline="A newer story for the sidebar")
        later = client.get(story.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]})

    assert later.status_code == 200
    assert "A newer story for the sidebar" in later.content.decode()


def test_body_written_around_the_sanitiser_is_cleaned_before_readers_get_it(client):
    story = PublishedArticleFactory()
    Article.objects.filter(pk=story.pk).update(
        body='<p>Fine words.</p><script>alert("x")</script><img src="/media/a.jpg" alt="" onerror="alert(1)">'
        '<a href="javascript:alert(2)">link</a>'
    )

    html = client.get(story.get_absolute_url()).content.decode()

    assert "Fine words." in html
    assert 'alert("x")' not in html and "onerror" not in html and "javascript:" not in html


def test_open_graph_modified_time_follows_the_same_rule_as_the_structured_data(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        story = PublishedArticleFactory(published_at=timezone.now())
        traveller.shift(timedelta(minutes=2))
        story.standfirst = "A typo fixed at once."
        story.save()
        html = client.get(story.get_absolute_url()).content.decode()

    published = timezone.localtime(story.published_at).isoformat(timespec="seconds")
    assert f'<meta property="article:modified_time" content="{published}">' in html
    assert json_ld(html)[0]["dateModified"] == published


def test_a_note_for_editors_about_a_missing_picture_never_reaches_readers(client):
    note = '<p><strong>Picture missing:</strong> Crowds at the harbour wall <span class="credit">(PA)</span></p>'
    story = PublishedArticleFactory(body=f"<p>The harbour wall held.</p>{note}<p>Crews stayed all night.</p>")

    page = client.get(story.get_absolute_url()).content.decode()
    feed = client.get(reverse("feeds:latest", kwargs={"fmt": "rss"}) + "?full=1").content.decode()
    api = client.get(f"/api/v1/articles/{story.pk}/").content.decode()
    assert "The harbour wall held." in api

    assert "The harbour wall held." in page and "Crews stayed all night." in page
    for seen in (page, feed, api):
        assert "Picture missing" not in seen and "Crowds at the harbour wall" not in seen
