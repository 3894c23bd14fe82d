"""An edition's HTML as a mail client shows it: rendered in Debian chromium (Playwright) at 600 px (desktop clients)
and 375 px (a phone), light and dark; the pictures load from their absolute addresses under MEDIA_URL, nothing
scrolls sideways. Screenshots: artifacts/screenshots/newsletter-*.png."""

from pathlib import Path

import pytest
from django.conf import settings

from articles import services
from newsletters import assembly, render
from tests.browser import BROWSER_TESTS, assert_fits, shoot
from tests.factories import PublishedArticleFactory, jpeg_bytes

pytestmark = BROWSER_TESTS

HEADLINES = [
    "Harbour wall repaired a week early after the winter storms",
    "Ferry timetable changes for the summer",
    "Council approves the new cycle lane on the seafront",
    "Lifeboat crew rescues two walkers cut off by the tide",
]


@pytest.fixture
def edition(morning, committed):
    stories = []
    for n, headline in enumerate(HEADLINES):
        picture, _ = committed(  # the renditions are made once the upload commits
            services.save_image,
            data=jpeg_bytes(1600, 1000, (30 + 40 * n, 90, 160 - 30 * n)),
            filename=f"p{n}.jpg",
            alt_text=f"Picture {n}",
        )
        picture.credit = "PA"
        picture.save()
        stories.append(
            PublishedArticleFactory(
                headline=headline, standfirst="What happened, in one sentence a reader can scan.", lead_image=picture
            )
        )
    made = assembly.new_edition(
        newsletter=morning, subject="Tuesday's briefing", intro="Good morning. Here is the news."
    )
    assembly.fill(made, stories)
    return made


def _serve_media(route):
    path = route.request.url.split("/media/", 1)[1]
    route.fulfill(path=str(Path(settings.MEDIA_ROOT) / path))


@pytest.mark.parametrize(("width", "scheme"), [(600, "light"), (600, "dark"), (375, "light"), (375, "dark")])
def test_an_edition_reads_at_600_and_375_pixels_in_light_and_dark(browser, edition, width, scheme):
    html = render.render(edition, assembly.public_stories(edition)).html
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.route("https://news.example.org/media/**", _serve_media)
    page.set_content(html, wait_until="load")

    assert_fits(page)
    pictures = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.naturalWidth, e.alt, e.getBoundingClientRect().right])"
    )
    assert len(pictures) == len(HEADLINES) and all(w > 0 and alt and right <= width for w, alt, right in pictures)
    for headline in HEADLINES:
        assert page.get_by_role("link", name=headline).first.is_visible()
    lead = page.get_by_role("link", name=HEADLINES[0]).last
    colour = lead.evaluate("e => getComputedStyle(e).color")
    assert colour == ("rgb(156, 194, 255)" if scheme == "dark" else "rgb(11, 61, 145)")  # legible on either ground
    shoot(page, f"newsletter-digest-{scheme}", width)
    context.close()
