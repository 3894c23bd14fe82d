"""Fronts editors curate: pinned stories lead the home page and section pages, leave by themselves, reach readers."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Front, FrontSlot, Status
from tests.factories import (
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def home_front():
    return Front.objects.get_or_create(section=None)[0]


def pin(article, *, front=None, position=1, until=None):
    return FrontSlot.objects.create(front=front or home_front(), article=article, position=position, until=until)


def home_html(client=None) -> str:
    return (client or Client()).get(reverse("articles:home")).content.decode()


def lead_of(html: str) -> str:
    return html.split('class="front-lead"')[1].split("</section>")[0]


def latest_of(html: str) -> str:
    return html.split('id="latest-heading"')[1].split("</section>")[0]


@pytest.fixture
def newest():
    """Ten stories, the newest first; the one at index 0 leads the home page while nothing is pinned."""
    return [PublishedArticleFactory(headline=f"Fresh story {n}", published_at=ago(1 + n)) for n in range(10)]


@pytest.fixture
def older():
    return PublishedArticleFactory(headline="Inquiry report published in full", published_at=ago(48))


# --- what readers see ---


def test_nothing_pinned_the_home_page_leads_with_the_newest_story(newest):
    home_front()  # an empty front changes nothing

    html = home_html()

    assert "Fresh story 0" in lead_of(html)
    assert all(f"Fresh story {n}" in latest_of(html) for n in range(1, 9))
    assert "Fresh story 9" not in latest_of(html)


def test_a_pinned_lead_shows_first_on_the_home_page_and_only_once(newest, older):
    pin(older, position=1)

    html = home_html()

    assert older.headline in lead_of(html) and "Fresh story 0" not in lead_of(html)
    assert html.count(older.headline) == 1, "the pinned story is not repeated in Latest or a section block"
    assert "Fresh story 0" in latest_of(html), "the newest stories fill the slots left"


def test_top_slots_follow_the_lead_in_their_order_then_the_latest_fill_the_rest(newest, older):
    second = PublishedArticleFactory(headline="Budget analysis in charts", published_at=ago(30))
    pin(second, position=3)
    pin(older, position=2)
    pin(newest[5], position=1)

    html = home_html()
    latest = latest_of(html)

    assert "Fresh story 5" in lead_of(html)
    order = [latest.index(older.headline), latest.index(second.headline), latest.index("Fresh story 0")]
    assert order == sorted(order), "pins in slot order, then the newest"
    assert latest.count('<article class="card') == 8, (
        "the front keeps its size: pins take slots, the latest fill the rest"
    )
    assert "Fresh story 8" not in latest, "the story pushed off the end"


def test_a_section_front_shows_its_pins_above_its_list_and_each_story_once(newest, older):
    sport = SectionFactory(name="Sport", slug="sport")
    match = PublishedArticleFactory(headline="Cup final goes to extra time", section=sport, published_at=ago(2))
    report = PublishedArticleFactory(headline="Season review: the numbers", section=sport, published_at=ago(40))
    pin(report, front=Front.objects.create(section=sport), position=1)

    html = Client().get(reverse("articles:section", kwargs={"slug": "sport"})).content.decode()

    top = lead_of(html)
    assert report.headline in top and match.headline not in top
    assert html.count(report.headline) == 1 and match.headline in html
    assert older.headline not in home_html().split('class="front-lead"')[1].split("</section>")[0]
    assert report.headline not in lead_of(home_html()), "a section's pin stays on its own front"


def test_a_section_front_pins_show_on_its_first_page_only(django_assert_max_num_queries):
    sport = SectionFactory(name="Sport", slug="sport")
    stories = [
        PublishedArticleFactory(section=sport, headline=f"Sport story {n:02d}", published_at=ago(n)) for n in range(25)
    ]
    pin(stories[24], front=Front.objects.create(section=sport))
    url = reverse("articles:section", kwargs={"slug": "sport"})

    with django_assert_max_num_queries(12):
        first = Client().get(url).content.decode()
    second = Client().get(url, {"page": 2}).content.decode()

    assert "Sport story 24" in lead_of(first) and 'class="front-lead"' not in second
    assert (first + second).count("Sport story 24") == 1, "listed once: above the list, not in it"
    assert "Sport story 20" in second, "the list moved up by the pinned story"


def test_nothing_pinned_a_section_page_has_no_top_stories_block():
    sport = SectionFactory(name="Sport", slug="sport")
    PublishedArticleFactory(section=sport)
    Front.objects.create(section=sport)

    html = Client().get(reverse("articles:section", kwargs={"slug": "sport"})).content.decode()

    assert 'class="front-lead"' not in html and "Top stories" not in html
    assert '<h2 class="card__headline">' in html, "the list's headlines as before"


def test_under_a_section_fronts_pins_the_list_is_headed_latest_one_level_down():
    sport = SectionFactory(name="Sport", slug="sport")
    PublishedArticleFactory(section=sport, headline="Cup final goes to extra time")
    pin(PublishedArticleFactory(section=sport, headline="Season review"), front=Front.objects.create(section=sport))

    html = Client().get(reverse("articles:section", kwargs={"slug": "sport"})).content.decode()

    below = html.split('<h2 class="block-title">Latest</h2>')[1]
    assert '<h3 class="card__headline"><a href="/sport/cup-final-goes-to-extra-time/">' in below
    assert '<h2 class="card__headline">' not in html


@pytest.mark.parametrize(
    "take_away",
    [
        pytest.param(
            lambda story: story.__class__.objects.filter(pk=story.pk).update(status=Status.WITHDRAWN), id="withdrawn"
        ),
        pytest.param(
            lambda story: story.__class__.objects.filter(pk=story.pk).update(expires_at=ago(0.1)), id="expired"
        ),
        pytest.param(lambda story: story.__class__.objects.filter(pk=story.pk).update(status=Status.DRAFT), id="draft"),
    ],
)
def test_a_pinned_story_that_leaves_the_site_leaves_its_slot_by_itself(newest, older, take_away):
    pin(older, position=1)
    take_away(older)

    html = home_html()

    assert older.headline not in html
    assert "Fresh story 0" in lead_of(html)


def test_a_pinned_story_that_expires_later_leaves_the_front_when_its_time_comes(newest, older):
    older.expires_at = timezone.now() + timedelta(hours=2)
    older.save()
    pin(older)

    assert older.headline in lead_of(home_html())
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        html = home_html()
    assert older.headline not in html and "Fresh story 0" in lead_of(html)


def test_a_time_limited_pin_leaves_its_slot_when_the_limit_passes(newest, older):
    pin(older, until=timezone.now() + timedelta(hours=1))

    assert older.headline in lead_of(home_html())
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        html = home_html()
    assert "Fresh story 0" in lead_of(html)
    assert older.headline not in lead_of(html) + latest_of(html), "an old story is not among the newest"


def test_a_pinned_scheduled_story_takes_its_slot_when_it_goes_out(newest):
    embargoed = ScheduledArticleFactory(headline="Embargoed results", published_at=timezone.now() + timedelta(hours=1))
    pin(embargoed)

    assert "Embargoed results" not in home_html()
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert "Embargoed results" in lead_of(home_html())


def test_a_pinned_draft_never_leaks_onto_any_front(newest):
    draft = DraftArticleFactory(headline="Unfinished draft about the merger")
    sport = SectionFactory(name="Sport", slug="sport")
    pin(draft)
    pin(draft, front=Front.objects.create(section=sport))

    assert draft.headline not in home_html()
    assert draft.headline not in Client().get(reverse("articles:section", kwargs={"slug": "sport"})).content.decode()


# --- what it costs ---


def home_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("articles:home")).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_home_page_costs_one_query_more_for_its_pins_whether_or_not_any_are_pinned(client, newest):
    for story in newest:
        story.lead_image = ImageFactory()
        story.save()
    home_queries(client)  # warm what the process keeps between requests

    unpinned = home_queries(client)
    for position, story in enumerate(newest[4:9], start=1):
        pin(story, position=position)
    pinned = home_queries(client)

    assert len(pinned) == len(unpinned) <= 12, "the home page's budget (tests/test_fronts.py) holds"
    assert sum("frontslot" in sql for sql in pinned) == 1
    assert sum("frontslot" in sql for sql in unpinned) == 1


# --- the editors' desk ---


@pytest.fixture
def reader():
    return Client()


def slot_rows(*rows: dict, initial: int = 0) -> dict:
    data = {
        "slots-TOTAL_FORMS": len(rows),
        "slots-INITIAL_FORMS": initial,
        "slots-MIN_NUM_FORMS": 0,
        "slots-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"slots-{index}-{key}": value for key, value in {"until_0": "", "until_1": "", **row}.items()})
    return data


def front_url(front: Front) -> str:
    return reverse("admin:articles_front_change", args=[front.pk])


def test_the_fronts_list_offers_the_home_page_and_every_section_with_what_leads_it(editor_client, older):
    SectionFactory(name="Sport", slug="sport")
    withdrawn = PublishedArticleFactory(headline="Story taken down")
    pin(withdrawn, position=1)
    pin(older, position=2)
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()

    html = editor_client.get(reverse("admin:articles_front_changelist")).content.decode()

    assert "Home page" in html and "Sport front" in html
    assert older.headline in html and withdrawn.headline not in html, "the first pin readers see"
    assert "The latest story (nothing pinned)" in html, "the Sport front"
    assert Front.objects.filter(section__isnull=True).count() == 1


def test_an_editor_pins_the_home_lead_and_readers_see_it(editor_client, editor, reader, newest, older):
    front = home_front()

    response = editor_client.post(front_url(front), slot_rows({"position": 1, "article": older.pk}))

    assert response.status_code == 302, response.content.decode()[:2000]
    slot = FrontSlot.objects.get(front=front)
    assert slot.article == older and slot.pinned_by == editor
    assert older.headline in lead_of(home_html(reader))


def test_pinning_one_story_twice_on_a_front_is_refused_with_a_message(editor_client, older):
    response = editor_client.post(
        front_url(home_front()),
        slot_rows({"position": 1, "article": older.pk}, {"position": 2, "article": older.pk}),
    )

    assert response.status_code == 200 and "duplicate" in response.content.decode().lower()
    assert not FrontSlot.objects.exists()


def test_an_editors_pin_with_a_time_limit_is_saved_with_it(editor_client, older):
    front = home_front()
    until = timezone.localtime(timezone.now() + timedelta(days=1))

    editor_client.post(
        front_url(front),
        slot_rows({"position": 1, "article": older.pk, "until_0": f"{until:%d/%m/%Y}", "until_1": f"{until:%H:%M:%S}"}),
    )

    assert abs(FrontSlot.objects.get(front=front).until - until) < timedelta(seconds=1)


def test_the_front_page_tells_editors_which_pins_readers_do_not_see(editor_client, newest, older):
    front = home_front()
    pin(older, position=1, until=timezone.now() - timedelta(minutes=5))
    pin(newest[3], position=2)
    withdrawn = PublishedArticleFactory(headline="Story taken down")
    pin(withdrawn, position=3)
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()

    html = editor_client.get(front_url(front)).content.decode()

    assert "No: its time limit has passed" in html
    assert "No: the story is not public" in html
    assert "editor" in html or "someone" in html


def test_writers_cannot_open_or_change_fronts(writer_client, older):
    front = home_front()

    assert writer_client.get(reverse("admin:articles_front_changelist")).status_code == 403
    assert writer_client.get(front_url(front)).status_code == 403
    response = writer_client.post(front_url(front), slot_rows({"position": 1, "article": older.pk}))
    assert response.status_code == 403
    assert not FrontSlot.objects.exists()
    assert "Fronts" not in writer_client.get(reverse("admin:index")).content.decode()


def test_the_story_search_offers_published_stories_only(editor_client, older):
    DraftArticleFactory(headline="Inquiry draft not ready")
    url = reverse("admin:autocomplete")

    answer = editor_client.get(
        url, {"term": "Inquiry", "app_label": "articles", "model_name": "frontslot", "field_name": "article"}
    ).json()

    assert [row["text"] for row in answer["results"]] == [older.headline]


def test_staff_without_the_publish_permission_cannot_curate_even_with_model_permissions(client, older):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="clerk", role="Writer")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_front", "view_front", "add_frontslot"]))
    client.force_login(user)

    assert client.get(front_url(home_front())).status_code == 403


# --- cached pages ---


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}


def test_a_cached_home_page_shows_the_new_lead_on_the_next_request(
    page_cache, editor_client, reader, newest, older, django_capture_on_commit_callbacks
):
    reader.get(reverse("articles:home"))
    assert reader.get(reverse("articles:home")).get("X-Page-Cache") == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(front_url(home_front()), slot_rows({"position": 1, "article": older.pk}))

    response = reader.get(reverse("articles:home"))
    assert response.get("X-Page-Cache") != "hit"
    assert older.headline in lead_of(response.content.decode())


def test_unpinning_purges_the_cached_home_page(page_cache, reader, newest, older, django_capture_on_commit_callbacks):
    slot = pin(older)
    reader.get(reverse("articles:home"))
    assert reader.get(reverse("articles:home")).get("X-Page-Cache") == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        slot.delete()

    response = reader.get(reverse("articles:home"))
    assert response.get("X-Page-Cache") != "hit" and "Fresh story 0" in lead_of(response.content.decode())


def test_a_cached_section_page_shows_a_new_pin_on_the_next_request(
    page_cache, reader, django_capture_on_commit_callbacks
):
    sport = SectionFactory(name="Sport", slug="sport")
    PublishedArticleFactory(section=sport, headline="Cup final goes to extra time", published_at=ago(1))
    report = PublishedArticleFactory(section=sport, headline="Season review", published_at=ago(30))
    url = reverse("articles:section", kwargs={"slug": "sport"})
    reader.get(url)
    assert reader.get(url).get("X-Page-Cache") == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        pin(report, front=Front.objects.create(section=sport))

    response = reader.get(url)
    assert response.get("X-Page-Cache") != "hit" and report.headline in lead_of(response.content.decode())


def test_no_page_is_kept_past_a_pins_time_limit(newest, older):
    pin(older, until=timezone.now() + timedelta(minutes=10))

    cache_control = Client().get(reverse("articles:home"))["Cache-Control"]

    shared = int(cache_control.split("s-maxage=")[1].split(",")[0])
    assert 0 < shared <= 600


def test_a_slot_in_hand_runs_exactly_while_the_running_query_finds_it(older):
    slots = [pin(older, position=n, front=Front.objects.create(section=SectionFactory(name=f"Desk {n}", slug=f"desk-{n}")), until=until)
             for n, until in enumerate([None, timezone.now() + timedelta(minutes=1), timezone.now() - timedelta(minutes=1)])]  # fmt: skip

    running = set(FrontSlot.objects.running().values_list("pk", flat=True))

    assert {slot.pk for slot in slots if slot.is_running} == running and len(running) == 2


# --- "Pin as home lead" from a story's page ---


def test_a_story_page_offers_editors_pin_as_home_lead_and_writers_not(editor_client, writer, older):
    draft = DraftArticleFactory()
    change = reverse("admin:articles_article_change", args=[older.pk])
    pin_url = reverse("admin:articles_front_pin", args=[older.pk])

    assert pin_url in editor_client.get(change).content.decode()
    assert (
        "Pin as home lead"
        not in editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    )
    editor_client.force_login(writer)
    assert "Pin as home lead" not in editor_client.get(change).content.decode()
    assert editor_client.get(pin_url).status_code == 403


def test_pin_as_home_lead_opens_the_home_front_with_the_story_offered_at_slot_1(editor_client, older):
    response = editor_client.get(reverse("admin:articles_front_pin", args=[older.pk]), follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?pin={older.pk}")
    assert f'<option value="{older.pk}" selected>{older.headline}</option>' in html
    assert not FrontSlot.objects.exists(), "offered, not saved until the editor saves"


def test_a_new_lead_pushes_the_old_one_to_slot_2_and_the_slots_are_numbered_again(editor_client, newest, older):
    front = home_front()
    old_lead, third = pin(newest[3], position=1), pin(newest[4], position=5)
    rows = [
        {"id": old_lead.pk, "front": front.pk, "position": 1, "article": newest[3].pk},
        {"id": third.pk, "front": front.pk, "position": 5, "article": newest[4].pk},
        {"position": 1, "article": older.pk},
    ]

    response = editor_client.post(front_url(front), slot_rows(*rows, initial=2))

    assert response.status_code == 302
    assert list(front.slots.values_list("article__headline", "position")) == [
        (older.headline, 1),
        ("Fresh story 3", 2),
        ("Fresh story 4", 3),
    ]
    assert older.headline in lead_of(home_html())
