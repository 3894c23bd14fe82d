"""A reader's journey in a real browser (Debian chromium through Playwright), at phone and desktop widths,
with axe-core checking accessibility. Screenshots go to artifacts/screenshots/."""

import pytest
from django.core.cache import cache

from articles import renditions
from articles.services import sync_inline_images
from tests.browser import BROWSER_TESTS, ROOT, assert_fits, shoot
from tests.factories import ImageFactory, PublishedArticleFactory, RegionFactory, SectionFactory, TopicFactory

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (375, 1280)

pytestmark = BROWSER_TESTS


@pytest.fixture
def site(transactional_db, settings, live_server):
    settings.SERVE_MEDIA = True
    cache.clear()
    SectionFactory(name="UK", slug="uk")
    syria = RegionFactory(name="Syria", slug="syria")
    idlib = RegionFactory(name="Idlib", slug="idlib", parent=syria)
    topic = TopicFactory(name="Conflict", slug="conflict")
    stories = []
    for n in range(5):
        lead, inline = ImageFactory(), ImageFactory(credit="AP")
        story = PublishedArticleFactory(
            headline=f"Convoy reaches the besieged town, report {n}", lead_image=lead,
            standfirst="Aid workers said the road had been closed for a week.", regions=[idlib], topics=[topic],
            body=(f'<p>The convoy arrived at dawn.</p><figure data-image-id="{inline.pk}"><img src="/x.jpg" '
                  'alt="Lorries on a road"><figcaption>Lorries on the road <span class="credit">(AP)</span>'
                  "</figcaption></figure><p>More lorries are expected.</p>"),
        )  # fmt: skip
        sync_inline_images(article=story)
        for image in (lead, inline):
            renditions.make_renditions(image)
        stories.append(story)
    return {"stories": stories, "region": syria}


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_goes_from_home_to_section_article_region_and_search(browser, live_server, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page.goto(live_server.url + "/")
    shoot(page, "home", width)
    assert_fits(page)

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="World").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Latest World News"
    shoot(page, "section", width)

    page.get_by_role("link", name="Convoy reaches the besieged town, report 4").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Convoy reaches the besieged town, report 4"
    lead = page.locator(".story > .figure img")
    assert lead.get_attribute("loading") is None and lead.evaluate("img => img.naturalWidth") > 0
    shoot(page, "article", width)
    assert_fits(page)

    page.get_by_role("link", name="Idlib", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Idlib"

    page.get_by_role("searchbox", name="Search stories").fill("convoy")
    page.get_by_role("button", name="Search", exact=True).first.click()
    assert "5 stories found" in page.content()
    shoot(page, "search", width)
    assert_fits(page)
    page.close()


def test_skip_link_is_the_first_stop_and_is_visible_on_focus(browser, live_server, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + site["stories"][0].get_absolute_url())

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent")
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert focused == "Skip to content" and top >= 0
    page.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm install`")
def test_axe_finds_no_serious_accessibility_problems(browser, live_server, site):
    story = site["stories"][0]
    pages = {"home": "/", "section": story.section.get_absolute_url(), "article": story.get_absolute_url(),
             "search": "/search/?q=convoy"}  # fmt: skip
    # The site's CSP rightly refuses injected scripts; axe is a test tool, not page content.
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    problems = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        page.add_script_tag(content=AXE.read_text())
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]
        if serious:
            problems[name] = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in serious]
    page.close()
    assert not problems, problems
