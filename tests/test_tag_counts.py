"""Regions' and topics' story counts are kept by the amount each write changes them, never recounted on a publish:
exact through publishing, scheduling, withdrawing, retagging, merging, importing and deleting, at the same few
queries however large the archive, and exact when many stories are published at once."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Article, Region, TaggedRegion, TaggedTopic, Topic
from articles.related.index import count_drift
from tests.factories import ArticleFactory, PublishedArticleFactory, RegionFactory, SectionFactory, TopicFactory
from tests.worker_process import needs_postgresql


def counts() -> dict[str, int]:
    return {tag.name: tag.article_count for model in (Region, Topic) for tag in model.objects.order_by("pk")}


def assert_exact():
    """Every stored count equals the count of the tag's links to published stories."""
    assert count_drift(Region) == [] and count_drift(Topic) == []


@pytest.mark.django_db
def test_counts_follow_publishing_scheduling_withdrawing_and_deleting():
    coast, shipping = RegionFactory(name="Coast"), TopicFactory(name="Shipping")
    draft = ArticleFactory(regions=[coast], topics=[shipping])
    PublishedArticleFactory(regions=[coast], topics=[shipping])
    assert counts() == {"Coast": 1, "Shipping": 1}

    services.publish_article(article=draft)
    assert counts() == {"Coast": 2, "Shipping": 2}
    services.withdraw_article(article=draft)
    assert counts() == {"Coast": 1, "Shipping": 1}
    services.publish_article(article=draft, at=timezone.now() + timedelta(hours=2))  # a scheduled story counts
    assert counts() == {"Coast": 2, "Shipping": 2}
    Article.objects.get(pk=draft.pk).delete()
    assert counts() == {"Coast": 1, "Shipping": 1}
    assert_exact()


@pytest.mark.django_db
def test_counts_follow_retagging():
    coast, harbour, shipping = RegionFactory(name="Coast"), RegionFactory(name="Harbour"), TopicFactory(name="Shipping")
    story = PublishedArticleFactory(regions=[coast], topics=[shipping])
    draft = ArticleFactory(regions=[coast])

    story.regions.add(harbour)
    assert counts() == {"Coast": 1, "Harbour": 1, "Shipping": 1}
    story.regions.set([harbour])
    assert counts() == {"Coast": 0, "Harbour": 1, "Shipping": 1}
    story.topics.clear()
    assert counts() == {"Coast": 0, "Harbour": 1, "Shipping": 0}
    story.topics.add(shipping)
    story.topics.add(shipping)  # already there: no change
    draft.regions.add(harbour)  # a draft counts nowhere
    assert counts() == {"Coast": 0, "Harbour": 1, "Shipping": 1}

    story.regions.remove(harbour)
    story.regions.remove(harbour)  # gone already: no change
    assert counts() == {"Coast": 0, "Harbour": 0, "Shipping": 1}
    assert_exact()


@pytest.mark.django_db
def test_counts_follow_a_merge_and_a_deleted_tag():
    footy, football = TopicFactory(name="Footy"), TopicFactory(name="Football")
    PublishedArticleFactory(topics=[footy, football])
    PublishedArticleFactory(topics=[footy])
    ArticleFactory(topics=[footy])

    services.merge_tags(source=footy, target=football)

    assert counts() == {"Football": 2}
    PublishedArticleFactory(topics=[TopicFactory(name="Cricket")])
    Topic.objects.get(name="Cricket").delete()
    assert counts() == {"Football": 2}
    assert_exact()


@pytest.mark.django_db
def test_counts_follow_an_import_that_retags_a_live_story(tmp_path):
    from ingest.importers import run_import
    from tests.importing import ninjs_story, write_ninjs

    SectionFactory(name="World", slug="world")
    TopicFactory(name="Ferries")
    TopicFactory(name="Storms")
    first = ninjs_story("urn:wire:1", subject=[{"name": "Ferries"}, {"name": "Storms"}])
    run_import([write_ninjs(tmp_path / "v1.jsonl", first)], publish=True, section="world")
    assert counts() == {"Ferries": 1, "Storms": 1}

    second = ninjs_story("urn:wire:1", version=2, subject=[{"name": "Storms"}])
    run_import([write_ninjs(tmp_path / "v2.jsonl", second)], publish=True, section="world")

    assert counts() == {"Ferries": 0, "Storms": 1}
    assert_exact()


@pytest.mark.django_db
def test_a_recount_repairs_counts_that_drifted():
    shipping = TopicFactory(name="Shipping")
    PublishedArticleFactory(topics=[shipping])
    Topic.objects.update(article_count=7)  # a write that went around the signals
    out = StringIO()

    call_command("recount_tags", "--dry-run", stdout=out)
    assert "stored 7, counted 1" in out.getvalue() and counts() == {"Shipping": 7}
    call_command("recount_tags", stdout=StringIO())

    assert counts() == {"Shipping": 1}


def _archive(stories: int, topic: Topic, region: Region) -> None:
    """``stories`` published stories carrying the topic and region, written in bulk."""
    now, section = timezone.now(), SectionFactory()
    made = Article.objects.bulk_create(
        Article(headline=f"Archive {n}", slug=f"archive-{n}-{stories}", body="<p>Old news.</p>", section=section,
                status="published", published_at=now - timedelta(hours=n + 1))
        for n in range(stories)
    )  # fmt: skip
    TaggedTopic.objects.bulk_create(TaggedTopic(content_object=a, tag=topic, published_at=a.published_at) for a in made)
    TaggedRegion.objects.bulk_create(
        TaggedRegion(content_object=a, tag=region, published_at=a.published_at) for a in made
    )


@pytest.mark.django_db
def test_a_publish_costs_the_same_queries_and_counts_nothing_however_large_the_archive():
    topic, region = TopicFactory(name="Shipping"), RegionFactory(name="Coast")

    def publish_one() -> list[str]:
        draft = ArticleFactory(topics=[topic], regions=[region])
        with CaptureQueriesContext(connection) as queries:
            services.publish_article(article=Article.objects.get(pk=draft.pk))
        return [query["sql"] for query in queries.captured_queries]

    _archive(10, topic, region)
    small = publish_one()
    _archive(2_000, topic, region)
    call_command("recount_tags", stdout=StringIO())  # as after any write in bulk
    large = publish_one()

    assert len(large) == len(small)
    tag_tables = (Topic._meta.db_table, Region._meta.db_table)
    tag_writes = [sql for sql in large if sql.startswith("UPDATE") and any(f'"{t}"' in sql for t in tag_tables)]
    assert tag_writes and all("COUNT(" not in sql.upper() for sql in tag_writes)
    assert Topic.objects.get(pk=topic.pk).article_count == 2_012


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_counts_stay_exact_when_many_stories_are_published_and_withdrawn_at_once():
    shared, regions = TopicFactory(name="Shipping"), [RegionFactory(name=f"Region {n}") for n in range(3)]
    drafts = [ArticleFactory(topics=[shared], regions=regions[n % 3 :]) for n in range(24)]
    live = [PublishedArticleFactory(topics=[shared], regions=regions) for _ in range(8)]
    start = threading.Barrier(8)

    def work(n: int) -> None:
        start.wait()
        try:
            for story in drafts[n::8]:
                services.publish_article(article=Article.objects.get(pk=story.pk))
            services.withdraw_article(article=Article.objects.get(pk=live[n].pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Topic.objects.get(pk=shared.pk).article_count == 24
    assert_exact()
