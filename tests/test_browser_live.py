"""A live blog in a real browser (Debian chromium through Playwright): an editor posts an update on the desk
while a reader has the story open; the reader's page offers "1 new update" without moving, and shows it on a
click. Screenshots: artifacts/screenshots/live-*.png."""

import json
import shutil
import subprocess

import pytest

from live import services as live_services
from tests.browser import BROWSER_TESTS, ROOT, SHOTS
from tests.factories import PublishedArticleFactory, UserFactory
from tests.test_browser_admin import Desk, roles  # noqa: F401  (the Writer and Editor groups)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)").expect
expect.set_options(timeout=20_000)

pytestmark = BROWSER_TESTS


@pytest.fixture
def live_story(transactional_db, roles):  # noqa: F811
    story = PublishedArticleFactory(
        headline="Storm Ada reaches the coast: live", standfirst="Follow the latest as the storm comes ashore."
    )
    coverage = live_services.start_coverage(article=story)
    live_services.post_live_update(
        article=story, body="<p>Winds of 80 mph are recorded at the pier.</p>", title="Winds strengthen", key_event=True
    )
    live_services.post_live_update(article=story, body="<p>The coastguard asks people to stay away.</p>")
    return story, coverage


def test_a_reader_sees_the_new_updates_button_when_an_editor_posts(browser, live_server, live_story):
    story, coverage = live_story
    UserFactory(username="editor", role="Editor")
    reader_context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = reader_context.new_page()
    errors = []
    reader.on("pageerror", lambda error: errors.append(str(error)))
    reader.clock.install()  # the 30-second poll, fast-forwarded rather than waited for
    reader.goto(live_server.url + story.get_absolute_url())
    expect(reader.locator(".live-label")).to_have_text("Live")
    expect(reader.get_by_role("navigation", name="Key events")).to_contain_text("Winds strengthen")
    new_updates = reader.get_by_role("button", name="Show 1 new update")
    reader.clock.run_for(31_000)
    expect(new_updates).to_be_hidden()  # nothing new yet

    editor = Desk(browser, live_server)
    editor.log_in("editor")
    editor.open(f"/admin/live/livecoverage/{coverage.pk}/change/")
    editor.page.get_by_label("Title").first.fill("Sea wall breached")
    editor.type_body("Water is over the sea wall at the harbour.")
    editor.page.get_by_role("button", name="Post update").click()
    expect(editor.page.locator(".messagelist")).to_contain_text("Update posted")
    SHOTS.mkdir(parents=True, exist_ok=True)
    editor.page.screenshot(path=str(SHOTS / "live-desk.png"), full_page=True)

    first_update = reader.locator("[data-updates] article").first
    expect(first_update).to_contain_text("The coastguard asks people to stay away.")  # the text did not move
    reader.clock.run_for(31_000)
    expect(new_updates).to_be_visible()
    expect(reader.locator("[data-live-status]")).to_have_text("1 new update")
    reader.screenshot(path=str(SHOTS / "live-new-update-button.png"), full_page=False)

    new_updates.click()
    expect(first_update).to_contain_text("Water is over the sea wall at the harbour.")
    expect(first_update).to_be_focused()
    expect(new_updates).to_be_hidden()
    reader.screenshot(path=str(SHOTS / "live-blog.png"), full_page=True)
    assert not errors and not editor.errors
    editor.close()
    reader_context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm install`")
def test_axe_finds_no_serious_problems_on_a_live_blog_with_the_banner(browser, live_server, live_story):
    story, _ = live_story
    live_services.set_breaking_alert(text="Storm Ada makes landfall", article=story)
    page = browser.new_page(viewport={"width": 375, "height": 800}, bypass_csp=True)  # axe is injected
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.get_by_role("region", name="Breaking news")).to_contain_text("Storm Ada makes landfall")
    page.screenshot(path=str(SHOTS / "live-blog-375.png"), full_page=True)
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    page.close()
    assert not serious, serious


@pytest.mark.skipif(not (VNU.exists() and shutil.which("java")), reason="vnu.jar (npm install) and java needed")
def test_the_live_blog_page_is_valid_html(client, live_story, tmp_path):
    story, _ = live_story
    page = tmp_path / "live.html"
    page.write_bytes(client.get(story.get_absolute_url()).content)
    checked = subprocess.run(  # noqa: S603 - java and the checker from node_modules, fixed arguments
        [shutil.which("java"), "-jar", str(VNU), "--errors-only", "--format", "json", str(page)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    assert not messages, [m["message"] for m in messages]
