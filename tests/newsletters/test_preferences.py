"""A reader's preferences page, reached from every mail by a signed link with no account: change lists, pause and
resume, leave everything, take their data away as JSON, have it erased."""

import json

import pytest

from newsletters import tokens
from newsletters.models import Delivery, Subscriber, SubscriberStatus
from tests.newsletters.conftest import subscribe


@pytest.fixture
def reader(morning, breaking):
    [ann] = subscribe(morning, "ann@example.org")
    return ann


def page(reader) -> str:
    return f"/newsletters/preferences/{tokens.preferences(reader.key)}/"


def test_a_reader_changes_lists_pauses_and_resumes(client, reader, morning, breaking):
    html = client.get(page(reader)).content.decode()
    assert "ann@example.org" in html and "The Morning Briefing" in html and "Breaking news" in html

    client.post(page(reader), {"action": "lists", "lists": [breaking.pk]})
    assert list(reader.lists.all()) == [breaking]
    client.post(page(reader), {"action": "pause", "pause": "7"})
    reader.refresh_from_db()
    assert reader.status == SubscriberStatus.PAUSED and reader.paused_until and not reader.receives
    client.post(page(reader), {"action": "resume"})
    reader.refresh_from_db()
    assert reader.status == SubscriberStatus.ACTIVE and reader.receives
    client.post(page(reader), {"action": "leave"})
    reader.refresh_from_db()
    assert reader.status == SubscriberStatus.UNSUBSCRIBED and not reader.lists.exists()


def test_a_reader_downloads_their_data_as_json(client, reader):
    response = client.get(page(reader) + "data.json")
    assert response["Content-Disposition"].startswith("attachment") and response["Cache-Control"].startswith(
        "max-age=0"
    )
    data = json.loads(response.content)
    assert data["email"] == "ann@example.org" and [entry["name"] for entry in data["lists"]] == ["The Morning Briefing"]


def test_a_reader_erases_their_data_and_the_links_stop_working(client, reader, morning):
    link = page(reader)
    assert client.post(link, {"action": "erase"}).status_code == 400  # the box must be ticked
    response = client.post(link, {"action": "erase", "sure": "on"})
    assert "Your data is erased" in response.content.decode()
    assert not Subscriber.objects.filter(email="ann@example.org").exists()
    assert not Delivery.objects.filter(email="ann@example.org").exists()
    assert client.get(link).status_code == 410


def test_the_page_is_never_cached_and_a_forged_link_shows_nothing(client, reader):
    assert "no-store" in client.get(page(reader))["Cache-Control"]
    forged = client.get("/newsletters/preferences/forged-token/")
    assert forged.status_code == 410 and "ann@example.org" not in forged.content.decode()
