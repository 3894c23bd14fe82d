"""The editors' edges of the reader's site in a real browser: a simple page reached from the footer, the editors'
header menu, visible feed links, and search results with the words found marked, at desktop and phone widths.
Screenshots go to artifacts/screenshots/ (pages-*.png); axe-core checks the pages."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from pages.models import MenuItem, Page, SiteSettings
from tests.browser import BROWSER_TESTS, ROOT, assert_fits, shoot
from tests.factories import AuthorFactory, PublishedArticleFactory, SectionFactory, jpeg_bytes

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1280)

pytestmark = BROWSER_TESTS


@pytest.fixture
def site(transactional_db, live_server):
    cache.clear()
    world = SectionFactory(name="World", slug="world")
    SectionFactory(name="Sport", slug="sport")
    about = Page.objects.create(
        slug="about",
        title="About us",
        published=True,
        body="<p>We are an independent local newsroom.</p><h2>Our standards</h2><p>We correct our mistakes.</p>",
    )
    Page.objects.create(slug="contact", title="Contact", published=True, body="<p>news@example.org</p>")
    MenuItem.objects.create(location="header", section=world, position=1)
    MenuItem.objects.create(location="header", label="Who we are", page=about, position=2)
    reporter = AuthorFactory(name="Ruth Harbour")
    for n in range(50):
        PublishedArticleFactory(
            section=world,
            headline=f"Harbour wall repaired after storm, part {n}" if n % 2 else f"Ferry timetable changes {n}",
            standfirst="Engineers worked through the night at the harbour." if n % 3 else "Crews stayed on.",
            authors=[reporter] if n % 4 == 0 else [],
        )
    PublishedArticleFactory(section=world, headline="<script>alert(1)</script> harbour headline as text")
    cache.clear()
    return {"about": about}


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_finds_the_about_page_from_the_menu_and_footer_and_the_feeds(browser, live_server, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page.goto(live_server.url + "/world/")

    menu = page.get_by_role("navigation", name="Main menu")
    assert menu.get_by_role("link").all_inner_texts() == ["World", "Who we are"]
    footer = page.get_by_role("navigation", name="About this site")
    assert footer.get_by_role("link", name="Contact").is_visible()
    assert page.get_by_role("link", name="RSS feed").first.is_visible(), "the section's feed is a visible link"
    page.get_by_role("contentinfo").scroll_into_view_if_needed()
    shoot(page, "pages-section-footer", width)
    assert_fits(page)

    footer.get_by_role("link", name="About us").click()
    assert page.url == live_server.url + "/about/"
    assert page.get_by_role("heading", level=1).inner_text() == "About us"
    assert page.get_by_role("heading", name="Our standards").is_visible()
    shoot(page, "pages-about", width)
    assert_fits(page)
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_mark_the_words_found_and_page_by_number(browser, live_server, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Search stories").fill("harbour -ferry")
    page.get_by_role("searchbox", name="Search stories").press("Enter")

    results = page.locator(".search-results")
    assert results.locator("mark").count() >= 10
    assert results.locator("mark").first.inner_text().lower() == "harbour"
    assert "Ferry" not in results.inner_text()
    assert page.get_by_text("<script>alert(1)</script> harbour headline as text").count() == 1, "shown as text"
    pages = page.get_by_role("navigation", name="Result pages")
    assert pages.get_by_role("link", name="Next page").is_visible()
    assert "Older" not in pages.inner_text() and "Newer" not in pages.inner_text()
    shoot(page, "pages-search", width)
    assert_fits(page)

    pages.get_by_role("link", name="Next page").click()
    assert "page=2" in page.url and page.locator('[aria-current="page"]', has_text="Page 2").count() == 1
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_editors_logo_replaces_the_name_in_the_header(browser, live_server, site, settings, width):
    settings.SERVE_MEDIA = True
    SiteSettings.objects.create(logo=ContentFile(jpeg_bytes(480, 96, color=(20, 60, 120)), name="masthead.jpg"))
    page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page.goto(live_server.url + "/about/")

    logo = page.get_by_role("link", name="Newsroom").get_by_role("img", name="Newsroom")
    assert logo.evaluate("img => img.naturalWidth") == 480
    assert logo.bounding_box()["height"] <= 48, "the logo is kept to the header's height"
    shoot(page, "pages-logo", width)
    assert_fits(page)
    page.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm install`")
def test_axe_finds_no_serious_problems_on_pages_and_search(browser, live_server, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    problems = {}
    for name, path in {"about": "/about/", "search": "/search/?q=harbour", "section": "/world/"}.items():
        page.goto(live_server.url + path)
        page.add_script_tag(content=AXE.read_text())
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]
        if serious:
            problems[name] = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in serious]
    page.close()
    assert not problems, problems
