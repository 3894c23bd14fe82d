"""The related-stories sidebar: what it shows, in what order, how fast, and how it stays current."""

import math
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection

from articles import services
from articles.models import PinnedRelation, Region, Topic
from articles.related.index import refresh_related_index
from articles.related.ranking import archive_size, related_articles, related_ids, weighted_tags
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PublishedArticleFactory,
    RegionFactory,
    ScheduledArticleFactory,
    SectionFactory,
    TopicFactory,
    WithdrawnArticleFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_and_uncached():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def story(days_ago=1.0, factory=PublishedArticleFactory, **kwargs):
    return factory(published_at=NOW - timedelta(days=days_ago), **kwargs)


def shown(article, **kwargs):
    return related_articles(article, **kwargs)


def test_pinned_stories_come_first_in_the_editors_order_and_only_when_published():
    conflict = TopicFactory()
    article = story(topics=[conflict])
    automatic = story(days_ago=0.5, topics=[conflict])
    first, second, draft = story(days_ago=40), story(days_ago=30), ArticleFactory()
    for position, pinned in enumerate([first, draft, second]):
        PinnedRelation.objects.create(from_article=article, to_article=pinned, position=position)

    assert shown(article)[:3] == [first, second, automatic]


def test_a_story_sharing_a_specific_tag_ranks_above_one_sharing_a_generic_tag():
    world, idlib = RegionFactory(name="World"), RegionFactory(name="Idlib")
    for days in range(10, 30):
        story(days_ago=days, regions=[world])
    article = story(regions=[world, idlib])
    generic = story(days_ago=2, regions=[world])
    specific = story(days_ago=3, regions=[idlib])

    result = shown(article)
    assert result[0] == specific
    assert result.index(specific) < result.index(generic)


def test_an_exact_region_match_ranks_above_a_parent_or_child_region_which_still_counts():
    syria = RegionFactory(name="Syria")
    idlib = RegionFactory(name="Idlib", parent=syria)
    town = RegionFactory(name="Saraqib", parent=idlib)
    elsewhere = RegionFactory(name="Peru")
    article = story(regions=[idlib])
    parent, child, exact = story(2, regions=[syria]), story(2, regions=[town]), story(3, regions=[idlib])
    story(2, regions=[elsewhere], section=SectionFactory(name="Americas"))

    result = shown(article)
    assert result[0] == exact
    assert set(result[1:]) == {child, parent}


def test_a_story_near_in_time_ranks_above_one_far_away_so_old_stories_get_their_contemporaries():
    flood = TopicFactory(name="Flood")
    archived = story(days_ago=5 * 365, topics=[flood])
    contemporary = story(days_ago=5 * 365 - 3, topics=[flood])
    same_year = story(days_ago=5 * 365 - 120, topics=[flood])
    today = story(days_ago=0.1, topics=[flood])

    result = shown(archived)
    assert result[:2] == [contemporary, same_year]
    assert today not in result[:2]


def test_a_same_section_story_wins_a_tie_on_tags_and_time():
    topic = TopicFactory()
    article = story(topics=[topic])
    other_section = story(2, topics=[topic], section=SectionFactory(name="Business"))
    same_section = story(2, topics=[topic])

    assert shown(article)[:2] == [same_section, other_section]


def test_the_story_itself_and_unpublished_stories_never_show():
    topic, region = TopicFactory(), RegionFactory()
    article = story(topics=[topic], regions=[region])
    live = story(2, topics=[topic])
    tagged = {"topics": [topic], "regions": [region]}
    hidden = [ArticleFactory(**tagged), ScheduledArticleFactory(**tagged), WithdrawnArticleFactory(**tagged)]

    result = shown(article)
    assert live in result
    assert article not in result
    assert not set(hidden) & set(result)


def test_a_story_pinned_and_also_matching_shows_once():
    topic = TopicFactory()
    article = story(topics=[topic])
    both = story(2, topics=[topic])
    PinnedRelation.objects.create(from_article=article, to_article=both)

    result = shown(article)
    assert result.count(both) == 1
    assert result[0] == both


def test_too_few_matches_are_topped_up_with_the_latest_in_the_same_section():
    topic, world, sport = TopicFactory(), SectionFactory(name="World"), SectionFactory(name="Sport")
    article = story(topics=[topic], section=world)
    match = story(200, topics=[topic], section=world)
    older, newer = story(5, section=world), story(1, section=world)
    story(0.5, section=sport)
    ScheduledArticleFactory(section=world)

    assert shown(article) == [match, newer, older]


def test_the_number_shown_defaults_to_six_and_comes_from_settings(settings):
    topic = TopicFactory()
    article = story(topics=[topic])
    for days in range(2, 12):
        story(days, topics=[topic])

    assert len(shown(article)) == 6
    settings.RELATED_STORIES = {**settings.RELATED_STORIES, "LIMIT": 3}
    assert len(shown(article)) == 3
    assert len(shown(article, limit=8)) == 8


def test_a_region_reached_twice_through_the_tree_keeps_its_better_weight_under_the_region_limit(settings):
    middle_east = RegionFactory(name="Middle East")
    syria = RegionFactory(name="Syria", parent=middle_east)
    idlib = RegionFactory(name="Idlib", parent=syria)
    RegionFactory(name="Lebanon", parent=middle_east)
    for days in range(2, 6):
        story(days, regions=[syria])
    for days in range(6, 16):
        story(days, regions=[middle_east])
    article = story(regions=[idlib, middle_east])
    settings.RELATED_STORIES = {**settings.RELATED_STORIES, "MAX_REGIONS": 3}

    weights = {tag: weight for _, tag, weight in weighted_tags(article)}
    # Both own regions, then Syria (the most used at distance one), reached from Idlib (weighed by Syria, the
    # more general) and from the Middle East (weighed by the Middle East): the limit keeps the better of the two.
    assert set(weights) == {idlib.pk, middle_east.pk, syria.pk}
    # The archive's size is stood in for by the most-used tag: the Middle East, on 10 stories plus this one.
    stories, syria_stories = archive_size(), 4
    assert stories == 11
    tree_weight = settings.RELATED_STORIES["TREE_REGION_WEIGHT"]
    assert weights[syria.pk] == pytest.approx(tree_weight * math.log(1 + stories / (1 + syria_stories)))


def test_weights_come_from_settings(settings):
    syria = RegionFactory(name="Syria")
    idlib = RegionFactory(name="Idlib", parent=syria)
    article = story(regions=[idlib])
    parent, exact = story(2, regions=[syria]), story(2, regions=[idlib])
    assert shown(article)[:2] == [exact, parent]

    settings.RELATED_STORIES = {**settings.RELATED_STORIES, "TREE_REGION_WEIGHT": 50.0}
    cache.clear()
    assert shown(article)[:2] == [parent, exact]


def test_ties_break_by_publish_time_then_id_the_same_way_every_time():
    topic = TopicFactory()
    article = story(topics=[topic])
    first, second = story(3, topics=[topic]), story(3, topics=[topic])
    nearer = story(2, topics=[topic])

    expected = [nearer, second, first]
    assert shown(article) == expected
    cache.clear()
    assert shown(article) == expected


def _sidebar_queries(tag_count, assert_max_queries):
    """Queries to build the sidebar and render its cards, for a story with 2 × tag_count tags."""
    topics = TopicFactory.create_batch(tag_count)
    regions = RegionFactory.create_batch(tag_count)
    article = story(topics=topics, regions=regions)
    for n in range(8):
        story(2 + n, topics=topics[n % tag_count : n % tag_count + 1], authors=[AuthorFactory()])
    cache.clear()
    with assert_max_queries(7) as queries:
        cards = shown(article)
        assert len([(card.byline, card.section.name) for card in cards]) == 6
    return len(queries)


def test_the_sidebar_takes_the_same_few_queries_with_two_tags_or_twenty(django_assert_max_num_queries):
    assert _sidebar_queries(1, django_assert_max_num_queries) == _sidebar_queries(10, django_assert_max_num_queries)


def test_pins_ranking_and_top_up_take_one_query_on_postgresql_two_on_sqlite(django_assert_num_queries):
    topic, region = TopicFactory(), RegionFactory(parent=RegionFactory())
    article = story(topics=[topic], regions=[region])
    pinned, match, latest = story(40), story(2, topics=[topic]), story(0.5)
    PinnedRelation.objects.create(from_article=article, to_article=pinned)
    archive_size()  # counted at most once an hour, not per lookup

    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert related_ids(article, limit=6) == [pinned.pk, match.pk, latest.pk]


def test_a_cached_list_is_served_without_ranking_again(django_assert_max_num_queries):
    topic = TopicFactory()
    article = story(topics=[topic])
    match = story(2, topics=[topic])
    assert shown(article)[0] == match

    with django_assert_max_num_queries(2):  # the story cards only
        assert shown(article)[0] == match


def test_publishing_a_story_that_shares_a_tag_puts_it_in_the_cached_list(django_capture_on_commit_callbacks):
    topic = TopicFactory()
    article = story(topics=[topic])
    old = story(30, topics=[topic])
    assert shown(article) == [old]

    draft = ArticleFactory(topics=[topic])
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=draft)

    assert shown(article) == [draft, old]


def test_withdrawing_a_story_takes_it_out_of_the_cached_list(django_capture_on_commit_callbacks):
    topic = TopicFactory()
    article = story(topics=[topic])
    doomed, other = story(2, topics=[topic]), story(30, topics=[topic])
    assert shown(article) == [doomed, other]

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_article(article=doomed)

    assert shown(article) == [other]
    assert doomed not in shown(doomed.__class__.objects.get(pk=other.pk))


def test_retagging_changes_the_cached_lists_it_should(django_capture_on_commit_callbacks):
    topic, other_topic = TopicFactory(), TopicFactory()
    business = SectionFactory(name="Business")
    article = story(topics=[topic])
    joins, leaves = story(2, section=business), story(3, topics=[topic], section=business)
    assert shown(article) == [leaves]

    with django_capture_on_commit_callbacks(execute=True):
        joins.topics.add(topic)
        leaves.topics.set([other_topic])

    assert shown(article) == [joins]


def test_rescheduling_keeps_the_index_in_step_until_the_story_goes_live():
    topic = TopicFactory()
    article = story(topics=[topic])
    later = ScheduledArticleFactory(topics=[topic])
    assert shown(article) == []

    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        cache.clear()  # the TTL expiring
        assert shown(article) == [later]


def test_tag_counts_follow_publishing_and_retagging():
    topic, region = TopicFactory(), RegionFactory()
    draft = ArticleFactory(topics=[topic], regions=[region])
    story(topics=[topic])
    assert Topic.objects.get(pk=topic.pk).article_count == 1
    assert Region.objects.get(pk=region.pk).article_count == 0

    services.publish_article(article=draft)
    assert Topic.objects.get(pk=topic.pk).article_count == 2
    assert Region.objects.get(pk=region.pk).article_count == 1

    draft.topics.clear()
    assert Topic.objects.get(pk=topic.pk).article_count == 1


def test_a_full_refresh_rebuilds_what_bulk_writes_left_behind():
    topic = TopicFactory()
    article = story(topics=[topic])
    match = story(2, topics=[topic], section=SectionFactory(name="Business"))
    Topic.objects.update(article_count=0)
    match.taggedtopic_set.update(published_at=None)
    assert shown(article) == []

    refresh_related_index()
    cache.clear()
    assert shown(article)[0] == match
    assert Topic.objects.get(pk=topic.pk).article_count == 2
