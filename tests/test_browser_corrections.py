"""In a real browser: a writer saves changes to a live story as draft, an editor adds a public correction and
publishes the changes; readers see nothing of it until then. Screenshots: artifacts/screenshots/admin-*.png."""

import re

import pytest

from articles.models import Correction, PendingChange
from tests.browser import BROWSER_TESTS
from tests.factories import PublishedArticleFactory, UserFactory
from tests.test_browser_admin import Desk, desk, roles  # noqa: F401  (fixtures)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)").expect

pytestmark = BROWSER_TESTS


def test_a_writers_pending_changes_wait_for_an_editor_who_corrects_and_publishes(desk, browser, live_server):  # noqa: F811
    story = PublishedArticleFactory(headline="Bridge reopens after repairs")
    UserFactory(username="writer", role="Writer")
    UserFactory(username="editor", role="Editor")
    change = f"/admin/articles/article/{story.pk}/change/"

    writer = desk
    writer.log_in("writer")
    writer.open(change)
    assert writer.page.locator("[name=_publish_pending], [name=_save]").count() == 0
    writer.page.get_by_label("Headline").fill("Bridge reopens to cyclists only")
    writer.press("Save changes as draft")
    expect(writer.message("success", "saved as draft")).to_be_visible()
    expect(writer.page.locator(".pending-changes")).to_contain_text("writer")
    writer.shoot("writer-pending-changes")
    writer.open(story.get_absolute_url())
    expect(writer.page.locator("h1")).to_have_text("Bridge reopens after repairs")

    editor = Desk(browser, live_server)
    try:
        editor.log_in("editor")
        editor.open(change)
        expect(editor.page.get_by_label("Headline")).to_have_value("Bridge reopens to cyclists only")
        editor.page.locator("#corrections-group").get_by_role("link", name=re.compile("Add another Correction")).click()
        editor.page.locator("#id_corrections-0-text").fill("An earlier version gave the wrong reopening date.")
        editor.page.locator("#id_corrections-0-make_public").check()
        editor.press("Publish changes")
        expect(editor.page.locator(".messagelist .success").first).to_be_visible()
        editor.shoot("editor-published-changes")
        editor.open(story.get_absolute_url())
        expect(editor.page.locator("h1")).to_have_text("Bridge reopens to cyclists only")
        expect(editor.page.locator("#corrections")).to_contain_text("wrong reopening date")
        editor.shoot("story-with-correction")
        assert not editor.errors, editor.errors
    finally:
        editor.close()
    assert Correction.objects.get(article=story).is_public
    assert not PendingChange.objects.filter(article=story).exists()
    assert not writer.errors, writer.errors
