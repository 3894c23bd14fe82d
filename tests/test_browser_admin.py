"""The editors' journeys in a real browser (Debian chromium through Playwright): writing in the prose editor,
placing a library picture, and the workflow buttons as a writer and an editor see them.
Screenshots go to artifacts/screenshots/admin-*.png."""

import importlib
import re

import pytest
from django.contrib.auth.models import Group, Permission

from articles import renditions, services
from articles.models import Article, Status
from tests.browser import BROWSER_TESTS, SHOTS
from tests.factories import DraftArticleFactory, ImageFactory, SectionFactory, UserFactory, jpeg_bytes

PASSWORD = "correct horse battery staple"  # what UserFactory sets
WIDTH = 1280
ROLES = importlib.import_module("articles.migrations.0002_roles")
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)").expect
expect.set_options(timeout=20_000)

pytestmark = BROWSER_TESTS


@pytest.fixture
def roles(transactional_db):
    """The Writer and Editor groups of migration 0002: a transactional test's flush empties the tables they live in."""
    for name, codenames in (("Writer", ROLES.WRITER), ("Editor", ROLES.WRITER + ROLES.EDITOR_EXTRA)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


class Desk:
    """One person's browser tab on the admin, with every console error and uncaught exception it saw."""

    def __init__(self, browser, live_server):
        self.url = live_server.url
        self.context = browser.new_context(viewport={"width": WIDTH, "height": 900})
        self.page = self.context.new_page()
        # A loaded 2-core CI machine answers slower than a desk: give every wait room before calling it a failure.
        self.page.set_default_timeout(20_000)
        self.errors = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        # Requests on their way to the server: the story form's last beacons (autosave, lock release) included.
        self.in_flight = set()
        self.context.on("request", lambda request: self.in_flight.add(request))
        self.context.on("requestfinished", lambda request: self.in_flight.discard(request))
        self.context.on("requestfailed", lambda request: self.in_flight.discard(request))

    def _console(self, message):
        # Chromium asks for /favicon.ico on its own; the site has none, and that 404 is not the page's fault.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.errors.append(f"{message.text} ({message.location.get('url')})")

    def log_in(self, username: str) -> None:
        self.page.goto(self.url + "/admin/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        expect(self.page).to_have_url(self.url + "/admin/")

    def open(self, path: str) -> None:
        self.page.goto(self.url + path)

    def type_body(self, *paragraphs: str) -> None:
        body = self.page.locator(".prose-editor .ProseMirror[contenteditable=true]")
        body.click()
        for n, paragraph in enumerate(paragraphs):
            if n:
                self.page.keyboard.press("Enter")
            self.page.keyboard.type(paragraph)

    def pick_section(self, name: str) -> None:
        self.page.locator("#id_section + .select2 .select2-selection").click()
        self.page.locator(".select2-container--open .select2-search__field").fill(name)
        self.page.get_by_role("option", name=name, exact=True).click()

    def insert_picture(self, search: str, label: str) -> None:
        self.page.get_by_role("searchbox", name="Search the picture library").fill(search)
        choices = self.page.locator(".picture-library-choice")
        # The panel searches on focus and again as one types: wait for the typed search's answer.
        expect(choices).to_have_count(1)
        expect(choices).to_contain_text(label)
        choices.click()

    def press(self, button: str) -> None:
        """Submit the form with one of its buttons; the caller waits for the message the answer carries."""
        self.page.get_by_role("button", name=button, exact=True).click()

    def message(self, level: str, text: str):
        return self.page.locator(f".messagelist .{level}", has_text=text)

    def shoot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"admin-{name}-{WIDTH}.png"), full_page=True)

    def close(self) -> None:
        """Let what the page still has to send land before the browser goes (and before the test's database is
        flushed): the story form's last autosave and lock release (static/js/desk-editing.js), and any request on
        its way."""
        if not self.page.is_closed():
            self.page.evaluate("() => window.deskEditing && window.deskEditing.settle()")
            self.page.goto("about:blank")
        waiting = self.context.pages[0] if self.context.pages else None
        for _ in range(100):
            if waiting is None or not any(request.url.startswith(self.url) for request in self.in_flight):
                break
            waiting.wait_for_timeout(50)
        self.context.close()


@pytest.fixture
def desk(browser, live_server, roles):
    """A fresh browser context (no cookies) per test, in the module's one browser."""
    opened = Desk(browser, live_server)
    yield opened
    opened.close()


@pytest.fixture
def library_picture(transactional_db):
    picture, _ = services.save_image(
        data=jpeg_bytes(1600, 900, (30, 110, 70)),
        filename="lorries.jpg",
        alt_text="Aid lorries queue at the border crossing",
        caption="Lorries waiting at the crossing at dawn.",
        credit="Reuters",
    )
    renditions.make_renditions(picture)
    # Another picture, so the search has something to leave out.
    services.save_image(data=jpeg_bytes(1600, 900, (200, 40, 40)), filename="fire.jpg", alt_text="A fire", credit="AP")
    return picture


def test_editor_writes_places_a_library_picture_and_publishes(desk, library_picture):
    SectionFactory(name="UK", slug="uk")
    UserFactory(username="editor", role="Editor")
    editor = desk
    editor.log_in("editor")

    editor.open("/admin/articles/article/add/")
    editor.page.get_by_label("Headline").fill("Aid convoy crosses the border")
    editor.page.get_by_label("Standfirst").fill("Forty lorries reached the town after a week's wait.")
    expect(editor.page.locator(".prose-editor .prose-menubar")).to_be_visible()
    editor.type_body("The convoy crossed at dawn on Tuesday.", "More lorries are expected by the weekend.")
    editor.insert_picture("lorries", "Aid lorries queue at the border crossing — Reuters")
    figure = editor.page.locator(".ProseMirror figure")
    expect(figure.locator("figcaption")).to_contain_text("Lorries waiting at the crossing at dawn.")
    expect(figure.locator("img")).not_to_have_js_property("naturalWidth", 0)
    editor.pick_section("UK")
    editor.shoot("add-article")

    editor.press("Publish")
    # No lead picture: the form asks first (static/js/desk-editing.js), and the editor goes on.
    editor.page.get_by_role("dialog", name="Publish without these?").get_by_role(
        "button", name="Publish anyway"
    ).click()

    expect(editor.message("success", "“Aid convoy crosses the border” is published.")).to_be_visible()
    editor.shoot("published-article")
    article = Article.objects.get(headline="Aid convoy crosses the border")
    assert article.is_published and article.section.slug == "uk"
    assert "<p>The convoy crossed at dawn on Tuesday.</p>" in article.body
    assert f'<figure data-image-id="{library_picture.pk}">' in article.body
    assert re.search(
        r"<figcaption>Lorries waiting at the crossing at dawn\. <span class=\"credit\">\(Reuters\)</span>", article.body
    )
    assert article.inline_images.get().image == library_picture

    editor.open(article.get_absolute_url())
    placed = editor.page.locator(f'.story figure[data-image-id="{library_picture.pk}"]')
    expect(placed.locator("figcaption")).to_contain_text("Lorries waiting at the crossing at dawn.")
    expect(placed.locator(".credit")).to_have_text("(Reuters)")
    expect(placed.locator("img")).to_have_attribute("alt", "Aid lorries queue at the border crossing")
    assert placed.locator("img").evaluate("img => img.complete && img.naturalWidth") > 0
    assert not editor.errors, editor.errors


def test_writer_submits_a_draft_for_review_and_never_sees_the_publishing_buttons(desk):
    SectionFactory(name="UK", slug="uk")
    UserFactory(username="writer", role="Writer")
    writer = desk
    writer.log_in("writer")

    writer.open("/admin/articles/article/add/")
    assert writer.page.locator("[name=_publish], [name=_schedule]").count() == 0
    writer.page.get_by_label("Headline").fill("Council approves the new bridge")
    writer.type_body("Councillors voted nine to two for the new bridge.")
    writer.pick_section("UK")
    writer.press("Submit for review")

    expect(writer.message("success", "is waiting for an editor’s review")).to_be_visible()
    expect(writer.page.locator('.field-line:has(label:text-is("Status")) .readonly')).to_have_text("In review")
    writer.shoot("writer-in-review")
    assert writer.page.locator("[name=_publish], [name=_schedule], [name=_withdraw]").count() == 0
    article = Article.objects.get(headline="Council approves the new bridge")
    assert (article.status, article.published_at) == (Status.IN_REVIEW, None)
    assert not writer.errors, writer.errors


def test_editor_is_told_the_lead_image_needs_alt_text_and_the_story_stays_a_draft(desk):
    lead = ImageFactory(alt_text="")
    renditions.make_renditions(lead)
    article = DraftArticleFactory(headline="Storm damage in the harbour", lead_image=lead)
    UserFactory(username="editor", role="Editor")
    editor = desk
    editor.log_in("editor")

    editor.open(f"/admin/articles/article/{article.pk}/change/")
    editor.press("Publish")

    refusal = "“Storm damage in the harbour” cannot be published: it needs alt text on the lead image."
    expect(editor.message("error", refusal)).to_be_visible()
    editor.shoot("publish-refused")
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.DRAFT, None)
    expect(editor.page.get_by_role("button", name="Publish", exact=True)).to_be_visible()
    assert not editor.errors, editor.errors
