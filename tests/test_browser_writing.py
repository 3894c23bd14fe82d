"""Writing on the desk in a real browser: the body editor's size and toolbar, embedding a YouTube post, and the
reader's click-to-load block that swaps in the player only when asked (YouTube's host answered by Playwright, so
nothing leaves the machine). Screenshots go to artifacts/screenshots/admin-writing-*.png and site-embed-*.png."""

import pytest

from articles.models import Article
from tests.browser import BROWSER_TESTS, SHOTS
from tests.factories import SectionFactory, UserFactory
from tests.test_browser_admin import Desk, desk, expect, roles  # noqa: F401 - the fixtures

pytestmark = BROWSER_TESTS

VIDEO = "https://youtu.be/dQw4w9WgXcQ"
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"

TOOLBAR_REPORT = """() => [...document.querySelectorAll('.prose-menubar__button')]
  .filter((b) => b.offsetParent !== null)
  .map((b) => {
    const r = b.getBoundingClientRect();
    return {
      name: (b.getAttribute('aria-label') || b.textContent || '').trim(),
      icon: b.classList.contains('material-icons'),
      svg: !!b.querySelector('svg'),
      text: b.textContent.trim(),
      width: r.width,
    };
  })"""


def _outside_requests(page, allowed_host: str) -> list[str]:
    """Every request the page makes off the test server, answered here; YouTube's player gets a small page."""
    seen = []

    def answer(route):
        url = route.request.url
        if url.startswith(f"http://{allowed_host}"):
            route.continue_()
            return
        seen.append(url)
        if url.startswith(PLAYER):
            route.fulfill(
                status=200, content_type="text/html", body="<!doctype html><title>Player</title><p>The player</p>"
            )
        else:
            route.abort()

    page.route("**/*", answer)
    return seen


def test_editor_embeds_a_youtube_post_and_readers_load_it_on_a_click(desk, live_server):  # noqa: F811
    SectionFactory(name="UK", slug="uk")
    UserFactory(username="editor", role="Editor", first_name="Eleanor", last_name="Marsh")
    editor = desk
    host = live_server.url.removeprefix("http://")
    outside = _outside_requests(editor.page, host)
    editor.log_in("editor")

    editor.open("/admin/articles/article/add/")
    menubar = editor.page.locator(".prose-editor .prose-menubar")
    expect(menubar).to_be_visible()
    body = editor.page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    assert body.bounding_box()["height"] >= 300

    editor.page.evaluate("document.fonts.ready")
    assert editor.page.evaluate("""() => document.fonts.check('20px "Material Icons"')""")
    buttons = editor.page.evaluate(TOOLBAR_REPORT)
    assert len(buttons) > 10
    for button in buttons:
        assert button["name"], button
        assert button["width"] >= 20, button
        assert button["icon"] or button["svg"] or button["text"], button
    # The drop-downs' arrow is drawn, not a character the default fonts lack (it showed as an empty box).
    arrows = editor.page.evaluate(
        "() => [...document.querySelectorAll('.prose-menubar__selected')].map((e) => getComputedStyle(e, '::after').content)"
    )
    assert arrows and all(content in {'""', "none"} for content in arrows), arrows
    menubar.screenshot(path=str(SHOTS / "admin-writing-toolbar-1280.png"))

    editor.page.get_by_label("Headline").fill("Storm batters the coast")
    editor.type_body("Waves topped the sea wall overnight.")
    editor.page.get_by_role(
        "button", name="Embed a post from YouTube, Vimeo, X, Instagram, TikTok, Bluesky or Facebook"
    ).click()
    editor.page.get_by_label("Address of the post").fill(VIDEO)
    editor.page.locator(".prose-editor-dialog button[type=submit]").click()
    embedded = editor.page.locator(".ProseMirror figure.embed")
    expect(embedded).to_have_attribute("data-embed-url", VIDEO)
    editor.pick_section("UK")
    editor.shoot("writing-embed")

    editor.press("Publish")
    # No lead picture: the form asks first (static/js/desk-editing.js), and the editor goes on.
    editor.page.get_by_role("dialog", name="Publish without these?").get_by_role(
        "button", name="Publish anyway"
    ).click()
    expect(editor.message("success", "“Storm batters the coast” is published.")).to_be_visible()
    story = Article.objects.get(headline="Storm batters the coast")
    assert 'data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in story.body
    assert ">A post on YouTube</a>" in story.body  # no oEmbed answer here: plain words

    editor.page.set_viewport_size({"width": 1280, "height": 900})
    editor.open(story.get_absolute_url())
    block = editor.page.locator("figure.embed")
    load = block.get_by_role("link", name="Load the post from YouTube")
    expect(load).to_be_visible()
    expect(block).to_contain_text("This loads content from youtube.com, which may set cookies.")
    assert editor.page.locator("iframe").count() == 0
    assert not [url for url in outside if "youtube" in url or "ytimg" in url]  # nothing from YouTube yet
    block.screenshot(path=str(SHOTS / "site-embed-placeholder-1280.png"))

    load.click()
    frame = block.locator("iframe.embed__frame")
    expect(frame).to_have_attribute("src", PLAYER)
    expect(editor.page.frame_locator("iframe.embed__frame").get_by_text("The player")).to_be_visible()
    assert outside and all(url.startswith(PLAYER) for url in outside), outside
    block.screenshot(path=str(SHOTS / "site-embed-loaded-1280.png"))

    editor.open(f"/admin/articles/article/{story.pk}/change/")
    editor.page.get_by_label("Headline").fill("Storm batters the south coast")
    minor = editor.page.get_by_label("Minor edit (typo fix) — don't change the public 'Updated' time")
    minor.scroll_into_view_if_needed()
    expect(minor).not_to_be_checked()
    editor.page.screenshot(path=str(SHOTS / "admin-writing-minor-edit-1280.png"))
    editor.press("Publish changes")  # a live story's plain Save no longer puts edits live
    expect(editor.page.locator(".messagelist .success")).to_be_visible()
    editor.open(f"/admin/articles/article/{story.pk}/history/")
    events = editor.page.locator("td.history-event")
    expect(events).to_have_text(["Changed headline by Eleanor Marsh", "Published by Eleanor Marsh"])
    expect(editor.page.get_by_role("button", name="Compare the chosen versions")).to_be_visible()
    editor.shoot("writing-history")
    assert editor.errors == [], editor.errors


@pytest.fixture(autouse=True)
def _shots_folder():
    SHOTS.mkdir(parents=True, exist_ok=True)


PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const target = document.querySelector('.prose-editor .ProseMirror[contenteditable=true]');
  target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_pasting_a_posts_address_on_an_empty_line_embeds_it_and_in_a_sentence_keeps_it_text(desk):  # noqa: F811
    UserFactory(username="editor", role="Editor")
    desk.log_in("editor")
    desk.open("/admin/articles/article/add/")
    expect(desk.page.locator(".prose-editor .prose-menubar")).to_be_visible()

    desk.type_body("The council streamed the meeting: ")
    desk.page.evaluate(PASTE, "https://vimeo.com/76979871")
    expect(desk.page.locator(".ProseMirror figure.embed")).to_have_count(0)
    expect(desk.page.locator(".ProseMirror[contenteditable=true] > p").first).to_contain_text(
        "https://vimeo.com/76979871"
    )

    desk.page.keyboard.press("End")
    desk.page.keyboard.press("Enter")
    desk.page.evaluate(PASTE, "https://vimeo.com/76979871")
    embedded = desk.page.locator(".ProseMirror[contenteditable=true] figure.embed")
    expect(embedded).to_have_attribute("data-embed-provider", "vimeo")
    expect(embedded).to_have_attribute("data-embed-url", "https://vimeo.com/76979871")
    assert desk.errors == [], desk.errors
