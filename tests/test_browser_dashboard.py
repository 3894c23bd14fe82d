"""The desk's front page and the article list in a real browser, at 1280 px: what an editor sees on logging in.
Screenshots: artifacts/screenshots/admin-dashboard-1280.png, admin-article-list-1280.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import BROWSER_TESTS
from tests.factories import (
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
    UserFactory,
)
from tests.test_browser_admin import desk, roles  # noqa: F401  (fixtures)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)").expect
pytestmark = BROWSER_TESTS


def _newsroom(editor):
    world = SectionFactory(name="World", slug="world")
    ReviewArticleFactory(headline="Ceasefire talks resume in Geneva", section=world)
    ScheduledArticleFactory(
        headline="Budget statement: what to expect", section=world, published_at=timezone.now() + timedelta(hours=3)
    )
    DraftArticleFactory(headline="Interview with the new harbour master", section=world, created_by=editor)
    for n in range(3):
        PublishedArticleFactory(
            headline=f"Flood defences hold on the river, day {n}", section=world, lead_image=ImageFactory(alt_text="")
        )


def test_an_editor_lands_on_the_desk_and_the_story_list_fits_the_screen(desk):  # noqa: F811
    editor = UserFactory(username="editor", role="Editor")
    _newsroom(editor)

    desk.log_in("editor")
    desk.open("/admin/")
    review = desk.page.get_by_role("region", name="Waiting for review")
    expect(review.get_by_role("link", name="Ceasefire talks resume in Geneva")).to_be_visible()
    expect(desk.page.get_by_role("region", name="Scheduled")).to_contain_text("goes live")
    expect(desk.page.get_by_role("region", name="Held by imports")).to_contain_text("No import is waiting")
    desk.shoot("dashboard")

    review.get_by_role("link", name="Ceasefire talks resume in Geneva").click()
    expect(desk.page.get_by_label("Headline")).to_have_value("Ceasefire talks resume in Geneva")

    desk.open("/admin/articles/article/")
    expect(desk.page.locator("#result_list")).to_contain_text("picture needs alt text")
    overflow = desk.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the story list scrolls sideways by {overflow} px at 1280 px"
    table = desk.page.evaluate(
        "() => { const t = document.querySelector('#result_list'); const box = t.parentElement;"
        " return [t.scrollWidth, box.clientWidth]; }"
    )
    assert table[0] <= table[1], f"the table ({table[0]} px) is wider than its box ({table[1]} px)"
    desk.shoot("article-list")
    assert desk.errors == []
