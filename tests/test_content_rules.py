"""The content model's rules: what is public, slugs, bylines, sanitising, the picture library, tag merges."""

from datetime import timedelta

import pytest
import reversion
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, ArticleAuthor, Image, Region, Status
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    ScheduledArticleFactory,
    SourceFactory,
    TopicFactory,
    WithdrawnArticleFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db


def test_only_live_published_stories_are_public():
    live = PublishedArticleFactory()
    ArticleFactory()
    ScheduledArticleFactory()
    WithdrawnArticleFactory()
    assert list(Article.objects.published()) == [live]


def test_scheduled_story_goes_live_when_its_time_comes_without_a_job():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        story = ScheduledArticleFactory(published_at=start + timedelta(hours=2))
        assert story not in Article.objects.published()
    with time_machine.travel(start + timedelta(hours=2, seconds=1), tick=False):
        assert story in Article.objects.published()


def test_publish_article_schedules_for_a_future_time():
    story = ArticleFactory()
    later = timezone.now() + timedelta(days=1)
    services.publish_article(article=story, at=later)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.is_scheduled
    assert story not in Article.objects.published()
    assert story.first_published_at == later and not story.was_ever_public


def test_a_story_published_before_keeps_its_first_publication_time_when_republished():
    story = ArticleFactory()
    services.publish_article(article=story)
    first = story.first_published_at
    services.withdraw_article(article=story)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        services.publish_article(article=story)
    assert story.first_published_at == first and story.was_ever_public


def test_publish_article_names_everything_missing():
    story = ArticleFactory(headline="Bare", body="", section=None)
    with pytest.raises(ValidationError) as error:
        services.publish_article(article=story)
    assert "a body" in str(error.value) and "a section" in str(error.value)
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_publishing_is_refused_when_the_lead_image_has_no_alt_text():
    story = ArticleFactory(lead_image=ImageFactory(alt_text=""))
    with pytest.raises(ValidationError, match="alt text on the lead image"):
        services.publish_article(article=story)


def test_publishing_is_refused_when_a_body_image_has_no_alt_text():
    image = ImageFactory()
    story = ArticleFactory(
        body=f'<p>Text.</p><figure data-image-id="{image.pk}"><img src="/x.jpg" alt="">'
        f'<figcaption>Crowds <span class="credit">(AP)</span></figcaption></figure>'
    )
    services.sync_inline_images(article=story)
    with pytest.raises(ValidationError, match="1 image"):
        services.publish_article(article=story)


def test_slugs_come_from_the_headline_and_stay_unique():
    first = ArticleFactory(headline="Storm closes mountain pass")
    second = ArticleFactory(headline="Storm closes mountain pass")
    assert first.slug == "storm-closes-mountain-pass"
    assert second.slug == "storm-closes-mountain-pass-2"


def test_a_changed_slug_remembers_the_old_one():
    story = PublishedArticleFactory(headline="Old headline")
    story.slug = "new-headline"
    story.save()
    assert story.slug_redirects.get().old_slug == "old-headline"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Jane Doe"], "Jane Doe"),
        (["Jane Doe", "John Roe"], "Jane Doe and John Roe"),
        (["Ann Ash", "Ben Birch", "Cal Cole"], "Ann Ash, Ben Birch and Cal Cole"),
    ],
)
def test_byline_lists_authors_in_their_order(names, expected):
    story = ArticleFactory(source=SourceFactory())
    for position, name in enumerate(names):
        ArticleAuthor.objects.create(article=story, author=AuthorFactory(name=name), position=position)
    assert Article.objects.for_listing().get(pk=story.pk).byline == expected


def test_agency_copy_is_bylined_with_the_agency():
    story = ArticleFactory(source=SourceFactory(name="Press Association"))
    assert story.byline == "Press Association"


def test_body_is_sanitised_on_save_keeping_figures_and_captions():
    story = ArticleFactory(
        body='<p onclick="steal()">Hello <a href="javascript:alert(1)">link</a></p><script>alert(1)</script>'
        '<figure data-image-id="3"><img src="/media/a.jpg" alt="A crowd" onerror="x()">'
        '<figcaption>Crowds gather <span class="credit">(AP)</span></figcaption></figure>'
        '<p style="color:red">Styled</p>'
    )
    body = Article.objects.get(pk=story.pk).body
    for bad in ("onclick", "<script", "javascript:", "onerror", "style="):
        assert bad not in body
    assert '<figure data-image-id="3">' in body
    assert '<img src="/media/a.jpg" alt="A crowd">' in body
    assert '<figcaption>Crowds gather <span class="credit">(AP)</span></figcaption>' in body


def test_the_same_picture_uploaded_twice_is_offered_back_not_duplicated():
    data = jpeg_bytes(800, 600)
    first, created = services.save_image(data=data, filename="a.jpg", alt_text="A harbour")
    second, created_again = services.save_image(data=data, filename="copy-of-a.jpg")
    assert created and not created_again
    assert second.pk == first.pk
    assert Image.objects.count() == 1


def test_a_file_that_is_not_a_picture_is_refused_with_its_name():
    with pytest.raises(ValidationError, match="notes.jpg: not a picture"):
        services.save_image(data=b"%PDF-1.4 not an image", filename="notes.jpg")
    assert Image.objects.count() == 0


def test_an_oversized_upload_is_refused(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMAGE_MAX_BYTES": 1000}
    with pytest.raises(ValidationError, match="the limit is"):
        services.save_image(data=jpeg_bytes(800, 600), filename="big.jpg")


def test_a_picture_with_too_many_pixels_is_refused(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMAGE_MAX_PIXELS": 10_000}
    with pytest.raises(ValidationError, match="pixels"):
        services.save_image(data=jpeg_bytes(800, 600), filename="huge.jpg")


def test_merging_topics_moves_the_articles_and_removes_the_old_topic():
    old, new = TopicFactory(name="Footy"), TopicFactory(name="Football")
    both = ArticleFactory(topics=[old, new])
    only_old = ArticleFactory(topics=[old])
    PublishedArticleFactory(topics=[old])
    moved = services.merge_tags(source=old, target=new)
    assert moved == 2
    new.refresh_from_db()
    assert new.article_count == 1  # the live story counts for the specificity of related stories
    assert list(both.topics.names()) == ["Football"]
    assert list(only_old.topics.names()) == ["Football"]
    assert not type(old).objects.filter(pk=old.pk).exists()


def test_merging_regions_keeps_the_tree_under_the_target():
    europe = RegionFactory(name="Europe")
    uk = RegionFactory(name="UK", parent=europe)
    britain = RegionFactory(name="Britain", parent=europe)
    london = RegionFactory(name="London", parent=uk)
    story = ArticleFactory(regions=[uk])
    services.merge_tags(source=uk, target=britain)
    london.refresh_from_db()
    britain.refresh_from_db()
    assert london.parent == britain and london.path.startswith(britain.path)
    assert list(story.regions.names()) == ["Britain"]
    assert list(Article.objects.in_region(europe)) == [story]


def test_region_pages_include_child_regions():
    middle_east = RegionFactory(name="Middle East")
    syria = RegionFactory(name="Syria", parent=middle_east)
    idlib = RegionFactory(name="Idlib", parent=syria)
    story = PublishedArticleFactory(regions=[idlib])
    assert [r.name for r in idlib.ancestors()] == ["Middle East", "Syria"]
    assert story in Article.objects.published().in_region(middle_east)
    assert story not in Article.objects.published().in_region(RegionFactory(name="Europe"))


def test_a_revision_restores_the_words_the_byline_and_the_tags():
    syria, lebanon = TopicFactory(name="Syria"), TopicFactory(name="Lebanon")
    jane, john = AuthorFactory(name="Jane Doe"), AuthorFactory(name="John Roe")
    with reversion.create_revision():
        story = ArticleFactory(headline="First version", topics=[syria], authors=[jane])
    with reversion.create_revision():
        story.headline = "Second version"
        story.save()
        story.topics.set([lebanon])
        story.article_authors.all().delete()
        ArticleAuthor.objects.create(article=story, author=john, position=0)
    oldest = Version.objects.get_for_object(story).order_by("pk").first()
    oldest.revision.revert(delete=True)
    story = Article.objects.for_listing().get(pk=story.pk)
    assert story.headline == "First version"
    assert list(story.topics.names()) == ["Syria"]
    assert story.byline == "Jane Doe"


def test_regions_move_with_their_subtree():
    europe, asia = RegionFactory(name="Europe"), RegionFactory(name="Asia")
    turkey = RegionFactory(name="Turkey", parent=europe)
    ankara = RegionFactory(name="Ankara", parent=turkey)
    turkey.parent = asia
    turkey.save()
    ankara.refresh_from_db()
    assert ankara.path == f"{asia.path}{turkey.pk}/{ankara.pk}/"
    assert Region.objects.get(pk=ankara.pk).depth == 2
