"""Regions travel in ninjs both as places and as subjects marked rel "place", and come back as regions only."""

import pytest
from django.urls import reverse

from tests.factories import PublishedArticleFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_regions_are_subjects_marked_as_places_beside_the_topics(client):
    story = PublishedArticleFactory(regions=[RegionFactory(name="Idlib")], topics=[TopicFactory(name="Aid")])

    ninjs = client.get(reverse("api:article", args=[story.pk]) + "?format=ninjs").json()

    subjects = {(subject["name"], subject.get("rel")) for subject in ninjs["subjects"]}
    assert {("Idlib", "place"), ("Aid", None)} <= subjects
    assert [place["name"] for place in ninjs["places"]] == ["Idlib"]


def test_the_importer_reads_place_subjects_as_regions_not_topics():
    from ingest.importers.formats import ninjs
    from ingest.importers.records import ImportedStory

    story = ImportedStory(guid="urn:x", headline="x")
    ninjs._subjects({"subjects": [{"name": "Idlib", "rel": "place"}, {"name": "Aid"}]}, story)

    assert story.regions == ["Idlib"] and story.topics == ["Aid"]
