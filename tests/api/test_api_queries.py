"""Fixed query counts whatever the page size: the list and the story cost the same for 1 story or 60."""

import pytest
from django.urls import reverse

from articles import caching, services
from tests.api.conftest import auth
from tests.factories import (
    AuthorFactory,
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    TopicFactory,
)

# The stories, their authors, regions, topics and inline pictures, the regions' ancestors, the corrections (only
# when a story on the page has some), the caller's rate-limit window (newsroom.limits: in the database without
# Redis, shared by every worker process): 8 whatever the page's length. A story: the same less the corrections when
# it has none, plus the key's look-up and its last-use stamp when a key is sent.
LIST_BUDGET = 8
DETAIL_BUDGET = 8


def _stories(count: int):
    parent = RegionFactory()
    for n in range(count):
        corrected = PublishedArticleFactory(
            lead_image=ImageFactory(),
            regions=[RegionFactory(parent=parent)],
            topics=[TopicFactory()],
            authors=[AuthorFactory(), AuthorFactory()],
        )
        if n % 2:
            services.add_correction(article=corrected, text="A correction.")
    caching.remember_next_scheduled()  # as the saves' story events leave it once they commit


@pytest.mark.parametrize("count", [1, 60])
def test_the_list_costs_the_same_queries_for_one_story_or_sixty(client, db, django_assert_max_num_queries, count):
    _stories(count)
    for query in ("?limit=200", "?limit=200&format=ninjs"):
        with django_assert_max_num_queries(LIST_BUDGET):
            response = client.get(reverse("api:articles") + query)
        assert len(response.json()["items"]) == count


def test_a_story_costs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, public_key):
    _stories(3)
    story = PublishedArticleFactory(lead_image=ImageFactory(), regions=[RegionFactory()], topics=[TopicFactory()])
    caching.remember_next_scheduled()
    for headers in ({}, auth(public_key)):
        with django_assert_max_num_queries(DETAIL_BUDGET):
            response = client.get(reverse("api:article", kwargs={"article_id": story.pk}), **headers)
        assert response.status_code == 200
