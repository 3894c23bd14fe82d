"""List pages in a real browser (Debian chromium through Playwright): a story card without a picture uses the
list's full width for its words, on section, region and topic pages, beside cards with pictures, at phone and
desktop widths. Screenshots: artifacts/screenshots/list-cards-*.png."""

import pytest
from django.core.cache import cache

from articles import renditions
from articles.models import Region, Topic
from tests.browser import BROWSER_TESTS, assert_fits, shoot
from tests.factories import ImageFactory, PublishedArticleFactory, SectionFactory

pytestmark = BROWSER_TESTS


@pytest.fixture
def lists(transactional_db, live_server, settings):
    settings.SERVE_MEDIA = True
    world = SectionFactory(name="World", slug="world")
    region = Region.objects.create(name="Northern Syria", slug="northern-syria")
    topic = Topic.objects.create(name="Conflict", slug="conflict")
    for n in range(6):
        lead = None
        if n % 2:
            lead = ImageFactory()
            renditions.make_renditions(lead)
        story = PublishedArticleFactory(
            section=world,
            headline=f"Aid convoys reach the north, day {n}"
            if lead
            else f"Ceasefire talks resume in Geneva, round {n}",
            standfirst="Lorries crossed overnight with flour, medicine and fuel for the winter.",
            lead_image=lead,
        )
        story.regions.add(region)
        story.topics.add(topic)
    cache.clear()
    return ["/world/", region.get_absolute_url(), topic.get_absolute_url()]


@pytest.mark.parametrize("width", (390, 1280))
def test_a_card_without_a_picture_gives_its_words_the_lists_full_width(browser, live_server, lists, width):
    page = browser.new_page(viewport={"width": width, "height": 844 if width < 500 else 800})
    for path in lists:
        page.goto(live_server.url + path)
        cards = page.locator(".story-list > li")
        assert cards.count() == 6
        for n in range(cards.count()):
            card = cards.nth(n)
            words = card.locator(".card__text").bounding_box()
            whole = card.bounding_box()
            if card.locator(".card__image").count():
                assert words["width"] < whole["width"] * 0.8, f"{path}: a picture's card keeps its picture column"
            else:
                assert words["width"] >= whole["width"] - 2, f"{path}: a card without a picture is squeezed"
        assert_fits(page)
        shoot(page, f"list-cards-{path.strip('/').replace('/', '-')}", width)
    page.close()
