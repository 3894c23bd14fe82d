"""An editor curates the home page's lead in a real browser, and a reader's home page leads with it.
Screenshots: artifacts/screenshots/admin-front-*-1280.png and front-home-pinned-1280.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import renditions
from articles.models import Front, FrontSlot
from tests.browser import BROWSER_TESTS, SHOTS
from tests.factories import ImageFactory, PublishedArticleFactory, UserFactory
from tests.test_browser_admin import WIDTH, desk, roles  # noqa: F401  (the desk fixture and what it needs)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)").expect

pytestmark = BROWSER_TESTS


@pytest.fixture
def stories(transactional_db, settings):
    settings.SERVE_MEDIA = True
    now = timezone.now()

    def picture():
        image = ImageFactory()
        renditions.make_renditions(image)
        return image

    for n in range(9):
        PublishedArticleFactory(
            headline=f"Council news round-up, part {n}",
            published_at=now - timedelta(hours=1 + n),
            lead_image=picture() if n < 4 else None,
        )
    return PublishedArticleFactory(
        headline="Inquiry report: the full findings",
        standfirst="The report runs to 400 pages; these are its conclusions.",
        published_at=now - timedelta(days=2),
        lead_image=picture(),
    )


def test_editor_pins_the_home_lead_and_the_home_page_shows_it(desk, stories, browser, live_server):  # noqa: F811
    UserFactory(username="editor", role="Editor")
    desk.log_in("editor")

    # The sidebar names the page (it may be folded away at this width: the link is there either way).
    expect(desk.page.locator('a[href="/admin/articles/front/"]', has_text="Fronts").first).to_be_attached()
    desk.open("/admin/articles/front/")
    expect(desk.page.get_by_role("link", name="Home page")).to_be_visible()
    desk.shoot("front-list")
    desk.page.get_by_role("link", name="Home page").click()

    # The empty row the inline offers: choose the story by searching, slot 1, save.
    desk.page.locator("#id_slots-0-position").fill("1")
    desk.page.locator("#id_slots-0-article + .select2 .select2-selection").click()
    desk.page.locator(".select2-container--open .select2-search__field").fill("Inquiry")
    desk.page.get_by_role("option", name="Inquiry report: the full findings").click()
    desk.shoot("front-home-choosing")
    desk.page.get_by_role("button", name="Save and continue editing").click()

    expect(desk.message("success", "was changed successfully")).to_be_visible()
    expect(desk.page.locator(".field-showing").first).to_contain_text("Yes")
    desk.shoot("front-home-saved")
    assert FrontSlot.objects.get(front=Front.objects.get(section=None)).article == stories
    assert desk.errors == []

    reader = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = reader.new_page()
    page.goto(live_server.url + "/")
    lead = page.locator(".front-lead")
    expect(lead).to_contain_text("Inquiry report: the full findings")
    expect(page.locator(".front-latest")).to_contain_text("Council news round-up, part 0")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"front-home-pinned-{WIDTH}.png"), full_page=True)
    reader.close()


def test_editor_pins_a_story_as_home_lead_from_its_page(desk, stories, live_server):  # noqa: F811
    UserFactory(username="editor", role="Editor")
    lead = PublishedArticleFactory(headline="Council news: today's lead", published_at=timezone.now())
    FrontSlot.objects.create(front=Front.objects.create(section=None), article=lead, position=1)
    desk.log_in("editor")

    desk.open(f"/admin/articles/article/{stories.pk}/change/")
    desk.page.get_by_role("link", name="Pin as home lead").click()
    expect(desk.page.locator("#id_slots-1-article")).to_have_value(str(stories.pk))
    desk.shoot("front-pin-offered")
    desk.page.get_by_role("button", name="Save and continue editing").click()

    expect(desk.message("success", "was changed successfully")).to_be_visible()
    expect(desk.page.locator("#id_slots-0-position")).to_have_value("1")
    expect(desk.page.locator("#id_slots-1-position")).to_have_value("2")
    assert list(FrontSlot.objects.values_list("article__headline", flat=True)) == [stories.headline, lead.headline]
    assert desk.errors == []
