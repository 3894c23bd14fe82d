"""Every page of the desk in a real browser after the move to django-unfold: it loads with no console error (the
Content-Security-Policy refuses nothing the page needs), its scripts run (Alpine hides unfold's closed menus), and
nothing scrolls sideways at 1280 px. Screenshots: artifacts/screenshots/admin-page-<name>-1280.png."""

import pytest
from django.urls import reverse

from articles import renditions
from articles.models import Region
from live.models import LiveCoverage
from tests.browser import BROWSER_TESTS
from tests.factories import (
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)
from tests.test_browser_admin import desk, roles  # noqa: F401  (fixtures)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)").expect
pytestmark = BROWSER_TESTS


def _pages(story, picture, region, live) -> dict[str, str]:
    return {
        "index": reverse("admin:index"),
        "articles": reverse("admin:articles_article_changelist"),
        "article-add": reverse("admin:articles_article_add"),
        "article-change": reverse("admin:articles_article_change", args=[story.pk]),
        "article-history": reverse("admin:articles_article_history", args=[story.pk]),
        "import": reverse("admin:articles_article_import"),
        "activity": reverse("admin:articles_article_activity"),
        "images": reverse("admin:articles_image_changelist"),
        "image-change": reverse("admin:articles_image_change", args=[picture.pk]),
        "image-upload": reverse("admin:articles_image_upload"),
        "regions": reverse("admin:articles_region_changelist"),
        "region-change": reverse("admin:articles_region_change", args=[region.pk]),
        "topics": reverse("admin:articles_topic_changelist"),
        "sections": reverse("admin:articles_section_changelist"),
        "live": reverse("admin:live_livecoverage_change", args=[live.pk]),
        "alerts": reverse("admin:live_breakingalert_changelist"),
        "sources": reverse("admin:ingest_source_add"),
        "users": reverse("admin:auth_user_changelist"),
    }


def test_every_desk_page_loads_cleanly_at_1280(desk):  # noqa: F811
    UserFactory(username="chief", role="Editor", is_superuser=True)
    SectionFactory(name="World", slug="world")
    picture = ImageFactory(alt_text="Rescue boats on the river", credit="PA")
    story = PublishedArticleFactory(
        headline="Rescue boats reach flooded villages", lead_image=picture, topics=[TopicFactory(name="Floods")]
    )
    region = RegionFactory(name="Yorkshire")
    live = LiveCoverage.objects.create(article=story)
    assert Region.objects.exists()

    renditions.make_renditions(picture)
    failures = []
    desk.open(reverse("two_factor:login"))
    expect(desk.page.get_by_label("Username")).to_be_visible()
    desk.shoot("page-login")
    desk.log_in("chief")
    for name, path in _pages(story, picture, region, live).items():
        desk.open(path)
        expect(desk.page.locator("#content-main, #content").first).to_be_visible()
        # Alpine ran: unfold's closed dropdowns (x-show) are hidden, not laid over the page.
        assert desk.page.evaluate("() => !!window.Alpine"), f"{name}: Alpine did not start"
        overflow = desk.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px"
        desk.shoot(f"page-{name}")
        failures += [f"{name}: {error}" for error in desk.errors]
        desk.errors.clear()
    assert failures == []
