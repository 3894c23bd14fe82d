"""The live desk keeps the story's rule and the services' rules on every write: a writer cannot put a live story
under live coverage or change its updates however the request is made, a correction cannot empty an update, and
the desk's live pages run without a script error (Debian chromium through Playwright)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from live import services as live_services
from live.models import CoverageState, LiveCoverage, LiveUpdate
from tests.browser import BROWSER_TESTS, shoot
from tests.factories import DraftArticleFactory, PublishedArticleFactory, UserFactory
from tests.test_browser_admin import Desk, roles  # noqa: F401  (the Writer and Editor groups)


def split(moment) -> dict:
    """A date and time as the desk's split widget posts them."""
    local = timezone.localtime(moment)
    return {"0": local.strftime("%Y-%m-%d"), "1": local.strftime("%H:%M:%S")}


def coverage_form(article=None, *, state="live") -> dict:
    started = split(timezone.now() - timedelta(minutes=5))
    data = {
        "state": state,
        "started_at_0": started["0"],
        "started_at_1": started["1"],
        "ended_at_0": "",
        "ended_at_1": "",
    }
    return {**data, "article": article.pk} if article is not None else data


def correction_form(update, body: str) -> dict:
    published = split(update.published_at)
    return {"title": update.title, "body": body, "published_at_0": published["0"], "published_at_1": published["1"]}


def is_live_blog(client, story) -> bool:
    html = client.get(story.get_absolute_url()).content.decode()
    return '<span class="live-label">Live</span>' in html or "LiveBlogPosting" in html


# --- correcting an update ---


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["", "   ", "<p></p>", "<p>&nbsp;</p>", "<p><br></p>", "<p> </p><p></p>"])
def test_a_correction_to_an_empty_body_is_refused_and_the_update_keeps_its_text(editor_client, client, body):
    story = PublishedArticleFactory()
    update = live_services.post_live_update(article=story, body="<p>Ten people hurt.</p>")

    response = editor_client.post(
        reverse("admin:live_liveupdate_change", args=[update.pk]), correction_form(update, body)
    )

    assert response.status_code == 200  # the form again, not a redirect to the desk
    assert live_services.EMPTY_UPDATE in response.content.decode()
    update.refresh_from_db()
    assert update.body == "<p>Ten people hurt.</p>"
    assert "Ten people hurt." in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_correct_service_refuses_markup_without_words():
    update = live_services.post_live_update(article=PublishedArticleFactory(), body="<p>Ten people hurt.</p>")

    with pytest.raises(ValidationError):
        live_services.correct_live_update(update=update, body="<p>&nbsp;</p><p><br></p>")

    update.refresh_from_db()
    assert update.body == "<p>Ten people hurt.</p>"


@pytest.mark.django_db
def test_an_editor_corrects_an_update_through_the_desk(editor_client, client):
    story = PublishedArticleFactory()
    update = live_services.post_live_update(article=story, body="<p>Ten people hurt.</p>")

    response = editor_client.post(
        reverse("admin:live_liveupdate_change", args=[update.pk]), correction_form(update, "<p>Two people hurt.</p>")
    )

    assert response.status_code == 302
    assert "Two people hurt." in client.get(story.get_absolute_url()).content.decode()


# --- a writer and a live story ---


@pytest.mark.django_db
def test_a_writer_cannot_turn_a_published_story_into_a_live_blog_from_the_add_form(writer_client, client):
    story = PublishedArticleFactory()

    response = writer_client.post(reverse("admin:live_livecoverage_add"), coverage_form(story))

    assert response.status_code in {200, 403}
    assert not LiveCoverage.objects.filter(article=story).exists()
    assert not is_live_blog(client, story)


@pytest.mark.django_db
def test_a_writer_puts_their_draft_under_live_coverage_and_an_editor_a_published_story(writer_client, editor, client):
    draft, story = DraftArticleFactory(), PublishedArticleFactory()

    writer_client.post(reverse("admin:live_livecoverage_add"), coverage_form(draft))
    client.force_login(editor)
    client.post(reverse("admin:live_livecoverage_add"), coverage_form(story))

    assert LiveCoverage.objects.filter(article=draft).exists()
    assert LiveCoverage.objects.get(article=story).is_live


def _writes(coverage, update):
    """Every desk request that writes to a story's live coverage, as a writer could craft it."""
    return {
        "change the coverage": ("admin:live_livecoverage_change", coverage.pk, coverage_form(state="ended")),
        "post an update": ("admin:live_post_update", coverage.pk, {"update-body": "<p>Leak.</p>"}),
        "correct an update": ("admin:live_liveupdate_change", update.pk, correction_form(update, "<p>Changed.</p>")),
        "delete an update": ("admin:live_liveupdate_delete", update.pk, {"post": "yes"}),
        "delete updates from the list": (
            "admin:live_liveupdate_changelist",
            None,
            {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"},
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "write",
    ["change the coverage", "post an update", "correct an update", "delete an update", "delete updates from the list"],
)
def test_a_writer_cannot_change_the_live_coverage_of_a_published_story(writer_client, client, write):
    story = PublishedArticleFactory()
    coverage = live_services.start_coverage(article=story)
    update = live_services.post_live_update(article=story, body="<p>Ten people hurt.</p>")
    name, pk, data = _writes(coverage, update)[write]

    response = writer_client.post(reverse(name, args=[pk] if pk else []), data)

    assert response.status_code in {200, 403}
    coverage.refresh_from_db()
    assert coverage.state == CoverageState.LIVE
    assert list(LiveUpdate.objects.values_list("body", flat=True)) == ["<p>Ten people hurt.</p>"]
    assert "Ten people hurt." in client.get(story.get_absolute_url()).content.decode()


# --- the desk's live pages in a browser ---


def in_a_browser(test):
    for mark in BROWSER_TESTS:  # the browser marker and the skip when chromium is missing, for this test only
        test = mark(test)
    return test


@in_a_browser
def test_the_live_desk_pages_run_without_a_script_error(browser, live_server, roles):  # noqa: F811
    story = PublishedArticleFactory(headline="Storm Ada reaches the coast: live")
    coverage = live_services.start_coverage(article=story)
    update = live_services.post_live_update(article=story, body="<p>Winds of 80 mph at the pier.</p>")
    UserFactory(username="editor", role="Editor")
    desk = Desk(browser, live_server)
    desk.log_in("editor")
    pages = {
        "the list": reverse("admin:live_livecoverage_changelist"),
        "adding coverage": reverse("admin:live_livecoverage_add"),
        "a live story's desk": reverse("admin:live_livecoverage_change", args=[coverage.pk]),
        "correcting an update": reverse("admin:live_liveupdate_change", args=[update.pk]),
        "deleting coverage": reverse("admin:live_livecoverage_delete", args=[coverage.pk]),
    }
    seen = {}
    for name, path in pages.items():
        desk.errors.clear()
        desk.open(path)
        desk.page.wait_for_load_state("networkidle")  # module scripts have loaded, or failed to
        seen[name] = list(desk.errors)
        if name == "the list":
            shoot(desk.page, "live-desk-list", 1280)
        if name in {"a live story's desk", "correcting an update"}:  # the prose editor started there
            assert desk.page.locator(".prose-editor .ProseMirror[contenteditable=true]").count() == 1, name
    desk.close()

    assert seen == {name: [] for name in pages}
