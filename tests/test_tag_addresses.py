"""Tags keep their addresses: a merged or renamed topic or region answers 301 at its old pages and feeds; names are
unique regardless of case and surrounding spaces, in the database, the admin, taggit and the importers."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles import services
from articles.models import Article, Region, Topic, TopicRedirect
from ingest.importers.lookups import Lookups
from tests.factories import PublishedArticleFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _feed(kind, slug, fmt="rss"):
    return reverse(f"feeds:{kind}", kwargs={"fmt": fmt, "slug": slug})


@pytest.mark.parametrize("kind", ["topic", "region"])
def test_a_merged_tags_pages_and_feeds_redirect_for_good_to_the_tag_it_went_into(client, kind):
    factory = TopicFactory if kind == "topic" else RegionFactory
    old, kept = factory(name="Econ", slug="econ"), factory(name="Economy", slug="economy")
    PublishedArticleFactory(**{f"{kind}s": [old]})

    services.merge_tags(source=old, target=kept)

    page = client.get(f"/{kind}/econ/?page=2")
    assert page.status_code == 301 and page["Location"] == f"/{kind}/economy/?page=2"
    for fmt in ("rss", "atom", "json"):
        feed = client.get(_feed(kind, "econ", fmt) + "?full=1")
        assert feed.status_code == 301 and feed["Location"] == _feed(kind, "economy", fmt) + "?full=1"
    assert client.get(page["Location"]).status_code == 200


def test_merging_again_moves_the_earlier_redirects_along(client):
    first, second, last = TopicFactory(slug="a"), TopicFactory(slug="b"), TopicFactory(slug="c")
    PublishedArticleFactory(topics=[first, second, last])
    services.merge_tags(source=first, target=second)
    services.merge_tags(source=second, target=last)

    assert client.get("/topic/a/")["Location"] == "/topic/c/"
    assert client.get("/topic/b/")["Location"] == "/topic/c/"


def test_a_renamed_tags_old_slug_redirects_and_a_new_tag_may_take_it_back(client):
    topic = TopicFactory(name="Climate", slug="climate")
    PublishedArticleFactory(topics=[topic])
    topic.slug = "climate-crisis"
    topic.save()

    assert client.get("/topic/climate/")["Location"] == "/topic/climate-crisis/"
    assert client.get(_feed("topic", "climate"))["Location"] == _feed("topic", "climate-crisis")
    newcomer = TopicFactory(name="Climate (science)", slug="climate")
    PublishedArticleFactory(topics=[newcomer])
    assert client.get("/topic/climate/").status_code == 200
    assert client.get("/topic/unknown-thing/").status_code == 404


def test_the_database_refuses_a_second_name_differing_only_in_case_or_spaces():
    TopicFactory(name="Economy", slug="economy")
    for name, slug in (("ECONOMY", "economy-2"), ("  economy ", "economy-3")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Topic.objects.create(name=name, slug=slug)
    RegionFactory(name="Wales", slug="wales")
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(name="WALES", slug="wales-2")


def test_tags_added_by_name_reuse_the_existing_one_whatever_the_case():
    existing = TopicFactory(name="Economy", slug="economy")
    article = PublishedArticleFactory()

    article.topics.add("ECONOMY")

    assert list(article.topics.all()) == [existing] and Topic.objects.count() == 1


def test_names_are_stored_without_surrounding_spaces():
    assert Topic.objects.create(name="  Energy  ", slug="energy").name == "Energy"


def test_the_admin_refuses_a_topic_named_like_an_existing_one(editor_client):
    TopicFactory(name="Economy", slug="economy")
    response = editor_client.post(reverse("admin:articles_topic_add"), {"name": "ECONOMY", "slug": "economy-again"})
    assert response.status_code == 200
    assert "already exists" in response.text and Topic.objects.count() == 1


def test_imports_use_the_existing_tag_whatever_the_case():
    economy = TopicFactory(name="Economy", slug="economy")
    wales = RegionFactory(name="Wales", slug="wales")
    warnings = []

    lookups = Lookups()
    assert lookups.topics([], ["ECONOMY", " economy "], warnings) == [economy]
    assert lookups.regions(["WALES"], warnings) == [wales]
    assert Topic.objects.count() == 1 and warnings == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_existing_duplicates_into_the_oldest_and_redirects_them():
    before = [("articles", "0009_corrections_pending_expiry_tag_redirects")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        # The tables as they were then: today's models know columns later migrations added.
        old = executor.loader.project_state(before).apps
        topics, articles, links = (old.get_model("articles", name) for name in ("Topic", "Article", "TaggedTopic"))
        kept = topics.objects.create(name="Economy", slug="economy")
        shouted = topics.objects.create(name="ECONOMY ", slug="economy-2")
        story = articles.objects.create(headline="Rates held", slug="rates-held", status="published")
        both = articles.objects.create(headline="Prices rise", slug="prices-rise", status="published")
        for article, tag in ((story, shouted), (both, kept), (both, shouted)):
            links.objects.create(content_object=article, tag=tag)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    kept = Topic.objects.get()
    assert kept.name == "Economy" and kept.slug == "economy"
    assert [tag.pk for tag in Article.objects.get(pk=story.pk).topics.all()] == [kept.pk]
    assert [tag.pk for tag in Article.objects.get(pk=both.pk).topics.all()] == [kept.pk]
    assert TopicRedirect.objects.get(old_slug="economy-2").tag == kept
