"""An editor pastes a story's copy into the import page, reads its card and suggestions, unticks one, confirms,
and finds the story filed with the rest and its missing pictures as placeholders in the editor.
Screenshots go to artifacts/screenshots/admin-import-*.png."""

import pytest

from articles.models import Article
from tests.browser import BROWSER_TESTS, SHOTS
from tests.factories import RegionFactory, SectionFactory, UserFactory
from tests.importing import FIXTURES
from tests.test_browser_admin import desk, roles  # noqa: F401  (the shared fixtures)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)").expect
expect.set_options(timeout=20_000)

pytestmark = BROWSER_TESTS
COPY = (FIXTURES / "pasted_copy.txt").read_text(encoding="utf-8")


@pytest.fixture
def places(transactional_db):
    world = RegionFactory(name="World", slug="world")
    syria = RegionFactory(name="Syria", slug="syria", parent=world)
    for name in ("Aleppo", "Idlib"):
        RegionFactory(name=name, slug=name.lower(), parent=syria)
    RegionFactory(name="Iraq", slug="iraq", parent=world)
    SectionFactory(name="World", slug="world")


def test_editor_pastes_copy_unticks_a_suggestion_and_confirms(desk, places):  # noqa: F811
    UserFactory(username="editor", role="Editor")
    desk.log_in("editor")
    desk.open("/admin/articles/article/import/")
    page = desk.page
    desk.shoot("import-form")

    page.get_by_label("Paste copy").fill(COPY)
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_role("heading", name="Dry run — nothing has been saved yet")).to_be_visible()

    card = page.get_by_role("article", name="Aid convoys reach northern Syria as fighting eases around Aleppo")
    expect(card).to_contain_text("The first convoy in a fortnight crossed into the north-west overnight.")
    expect(card).to_contain_text("Press Association")
    expect(card).to_contain_text("3 March 2025, 09:25")
    expect(card).to_contain_text("Picture missing: Aid lorries queue at the border. (PA)")
    suggestions = card.get_by_role("group", name="Suggested from the copy")
    for label in ("World (section)", "Aleppo", "Idlib", "Iraq", "Syria"):
        expect(suggestions.get_by_label(label, exact=True)).to_be_checked()
    expect(page.get_by_text('nonce="')).to_have_count(0)  # no markup printed as text
    desk.shoot("import-preview")

    suggestions.get_by_label("Iraq", exact=True).uncheck()
    card.screenshot(path=str(SHOTS / "admin-import-preview-card-1280.png"))
    page.get_by_role("button", name="Confirm import").click()

    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    article = Article.objects.get()
    assert sorted(article.regions.values_list("name", flat=True)) == ["Aleppo", "Idlib", "Syria"]
    assert article.section.name == "World"
    expect(page.get_by_text('nonce="')).to_have_count(0)  # no markup printed as text
    desk.shoot("import-finished")

    page.get_by_role("link", name=article.headline).click()
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    expect(editor).to_contain_text("Picture missing: Aid lorries queue at the border. (PA)")
    expect(editor).to_contain_text("Picture missing: Flour is handed out to families in the old city (AP)")
    desk.shoot("import-story-placeholders")

    desk.open("/admin/articles/article/activity/?action=import_run")
    run = page.get_by_role("row").filter(has_text="Import run (Import page) from pasted copy: 1 created")
    expect(run).to_contain_text("editor")
    expect(page.get_by_text('nonce="')).to_have_count(0)  # no markup printed as text
    desk.shoot("import-activity")
    run.get_by_role("link", name="Report").click()
    expect(page.get_by_role("link", name=article.headline)).to_be_visible()
    expect(page.get_by_text("Lead picture “Aid lorries queue at the border.” has no file")).to_be_visible()
    expect(page.get_by_text('nonce="')).to_have_count(0)  # no markup printed as text
    desk.shoot("import-run-report")
    assert not desk.errors, desk.errors
