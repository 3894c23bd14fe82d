"""Regions and topics in the admin: published counts, autocomplete by term, rename and merge."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from articles.models import Region, Topic
from tests.factories import (
    DraftArticleFactory,
    PublishedArticleFactory,
    RegionFactory,
    ScheduledArticleFactory,
    TopicFactory,
    WithdrawnArticleFactory,
)

pytestmark = pytest.mark.django_db

REGIONS = reverse("admin:articles_region_changelist")
TOPICS = reverse("admin:articles_topic_changelist")


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_region_list_counts_only_published_articles(editor_client):
    wales = RegionFactory(name="Wales", slug="wales")
    PublishedArticleFactory.create_batch(2, regions=[wales])
    for factory in (DraftArticleFactory, ScheduledArticleFactory, WithdrawnArticleFactory):
        factory(regions=[wales])

    response = editor_client.get(REGIONS, {"o": "4"})

    [row] = response.context["cl"].result_list
    assert (row.name, row.published) == ("Wales", 2)
    assert re.search(r'<td class="field-published_articles[^"]*"[^>]*>\s*2\s*</td>', response.text)


def test_editor_merges_two_topics_and_the_articles_move_over(editor_client):
    keep = TopicFactory(name="Flooding", slug="flooding")
    typo = TopicFactory(name="Floding", slug="floding")
    both = PublishedArticleFactory(topics=[keep, typo])
    only_typo = PublishedArticleFactory.create_batch(2, topics=[typo])

    confirm = editor_client.post(TOPICS, {"action": "merge_two", ACTION_CHECKBOX_NAME: [keep.pk, typo.pk]})
    done = editor_client.post(
        TOPICS,
        {"action": "merge_two", ACTION_CHECKBOX_NAME: [keep.pk, typo.pk], "apply": "1", "target": keep.pk},
        follow=True,
    )

    assert "Choose the topic to keep" in confirm.text
    assert "Merged “Floding” into “Flooding”: 2 articles moved over." in _messages(done)  # one already had both
    assert not Topic.objects.filter(pk=typo.pk).exists()
    assert [list(a.topics.values_list("name", flat=True)) for a in [both, *only_typo]] == [["Flooding"]] * 3


def test_merging_needs_exactly_two(editor_client):
    regions = RegionFactory.create_batch(3)

    response = editor_client.post(
        REGIONS, {"action": "merge_two", ACTION_CHECKBOX_NAME: [r.pk for r in regions]}, follow=True
    )

    assert "Select exactly two to merge." in _messages(response)
    assert Region.objects.count() == 3


def test_writer_cannot_merge_tags(writer_client):
    one, two = TopicFactory.create_batch(2)

    writer_client.post(
        TOPICS, {"action": "merge_two", ACTION_CHECKBOX_NAME: [one.pk, two.pk], "apply": "1", "target": one.pk}
    )

    assert Topic.objects.count() == 2


def test_renaming_a_region_keeps_its_articles(editor_client):
    region = RegionFactory(name="Burma", slug="burma")
    article = PublishedArticleFactory(regions=[region])

    editor_client.post(
        reverse("admin:articles_region_change", args=[region.pk]), {"name": "Myanmar", "slug": "myanmar", "parent": ""}
    )

    assert list(article.regions.values_list("name", "slug")) == [("Myanmar", "myanmar")]


def test_region_autocomplete_answers_by_term_without_listing_every_region(writer_client):
    RegionFactory(name="Syria", slug="syria")
    RegionFactory.create_batch(30)
    url = reverse("admin:autocomplete")
    params = {"app_label": "articles", "model_name": "article", "field_name": "regions"}

    found = writer_client.get(url, {**params, "term": "syr"}).json()
    first_page = writer_client.get(url, {**params, "term": ""}).json()

    assert [item["text"] for item in found["results"]] == ["Syria"]
    assert len(first_page["results"]) == 20 and first_page["pagination"]["more"]


def test_article_form_renders_only_the_chosen_regions(editor_client):
    chosen = RegionFactory(name="Kent", slug="kent")
    RegionFactory(name="Never shown", slug="never-shown")
    article = DraftArticleFactory(regions=[chosen])

    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert ">Kent</option>" in page.text
    assert "Never shown" not in page.text


def test_published_counts_follow_the_clock(editor_client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    region = RegionFactory()
    ScheduledArticleFactory(regions=[region], published_at=timezone.now() + timedelta(hours=1))

    before = editor_client.get(REGIONS).context["cl"].result_list[0].published
    time_machine.shift(timedelta(hours=2))
    after = editor_client.get(REGIONS).context["cl"].result_list[0].published

    assert (before, after) == (0, 1)
