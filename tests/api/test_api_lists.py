"""Lists: filters, cursor pages that stay right while stories are published, the vocabularies."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles import services
from tests.factories import AuthorFactory, PublishedArticleFactory, RegionFactory, SectionFactory, TopicFactory


def _all_pages(client, url, *, changes=None) -> list[str]:
    seen, page = [], 0
    while url:
        data = client.get(url).json()
        seen += [item["headline"] for item in data["items"]]
        if changes and page in changes:
            changes[page]()
        url, page = data["next"], page + 1
    return seen


def test_cursor_pages_neither_repeat_nor_skip_while_stories_are_published(client, db, editor):
    now = timezone.now()
    stories = [
        PublishedArticleFactory(headline=f"Story {n:02}", published_at=now - timedelta(minutes=n)) for n in range(7)
    ]
    withdrawn_later = stories[5]

    def meanwhile():
        PublishedArticleFactory(headline="Breaking news", published_at=timezone.now())
        services.withdraw_article(article=withdrawn_later, user=editor)

    seen = _all_pages(client, reverse("api:articles") + "?limit=2", changes={0: meanwhile})

    assert seen == [f"Story {n:02}" for n in range(7) if n != 5]


def test_lists_filter_by_section_region_with_places_under_it_topic_author_and_time(client, db):
    coast = RegionFactory(name="Coast", slug="coast")
    harbour = RegionFactory(name="Harbour", slug="harbour", parent=coast)
    topic, author, sport = TopicFactory(slug="ferries"), AuthorFactory(slug="kim"), SectionFactory(slug="sport")
    old = PublishedArticleFactory(headline="Harbour ferry", regions=[harbour], topics=[topic], authors=[author])
    PublishedArticleFactory(headline="Inland match", section=sport)
    from articles.models import Article

    Article.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))

    def headlines(query):
        return [item["headline"] for item in client.get(reverse("api:articles") + query).json()["items"]]

    assert headlines("?region=coast") == ["Harbour ferry"]
    assert headlines("?topic=ferries&author=kim") == ["Harbour ferry"]
    assert headlines("?section=sport") == ["Inland match"]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert headlines(f"?updated_since={since.replace('+', '%2B')}") == ["Inland match"]


def test_regions_come_as_a_tree_of_places_with_published_stories(client, db):
    coast = RegionFactory(name="Coast", slug="coast")
    harbour = RegionFactory(name="Harbour", slug="harbour", parent=coast)
    RegionFactory(name="Empty bay", slug="empty-bay", parent=coast)
    PublishedArticleFactory(regions=[harbour])

    tree = client.get(reverse("api:regions")).json()

    assert [(node["slug"], [child["slug"] for child in node["children"]]) for node in tree] == [("coast", ["harbour"])]
