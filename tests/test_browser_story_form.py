"""The story form an editor lives in, in a real browser (Debian chromium through Playwright): pictures dropped on the
lead and into the body with their IPTC caption and credit, an imported story's placeholder replaced where it stands,
two editors on one story (lock, take over, autosave restored after a closed tab), one main button per state with
Withdraw behind its dialog, and the sidebar and form at every width from 390 to 1920 px.

The two journeys at the end count the clicks and time an editor spends writing a story shaped like the shared seed
(headline, standfirst, body, a lead picture with caption and credit, two inline pictures) and publishing a pasted
story; each writes its figures to artifacts/story-form-journeys.jsonl (measured, never asserted).
Screenshots: artifacts/screenshots/story-form-*.png."""

import base64
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import renditions
from articles.models import Article, Image, Status, StoryDraft
from tests.browser import BROWSER_TESTS, ROOT, SHOTS
from tests.factories import DraftArticleFactory, ImageFactory, PublishedArticleFactory, SectionFactory, UserFactory
from tests.importing import FIXTURES
from tests.test_browser_admin import Desk, desk, expect, roles  # noqa: F401  (the shared fixtures)
from tests.test_picture_metadata import tagged

pytestmark = BROWSER_TESTS
JOURNEYS = ROOT / "artifacts" / "story-form-journeys.jsonl"


def agency_jpeg(caption: str, credit: str, byline: str, color=(70, 90, 110)) -> bytes:
    """A 1600×900 JPEG as an agency sends it: IPTC caption, credit line and by-line inside."""
    from tests.factories import jpeg_bytes

    return tagged(
        jpeg_bytes(1600, 900, color),
        iptc={
            "Iptc.Application2.Caption": caption,
            "Iptc.Application2.Credit": credit,
            "Iptc.Application2.Byline": [byline],
        },
    )


DROP = """async ({selector, name, b64, type, where}) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, {type}));
  const target = document.querySelector(selector);
  const box = target.getBoundingClientRect();
  const y = where === 'end' ? box.bottom - 8 : box.top + 8;
  const options = {dataTransfer: data, bubbles: true, cancelable: true, clientX: box.left + 12, clientY: y};
  target.dispatchEvent(new DragEvent('dragenter', options));
  target.dispatchEvent(new DragEvent('dragover', options));
  target.dispatchEvent(new DragEvent('drop', options));
}"""


class Counted(Desk):
    """A desk tab that counts what the editor does: clicks (buttons, links, fields), drops and pastes."""

    clicks = 0

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def drop(self, selector: str, name: str, data: bytes, *, where: str = "top") -> None:
        self.clicks += 1
        payload = {"selector": selector, "name": name, "b64": base64.b64encode(data).decode(), "type": "image/jpeg"}
        self.page.evaluate(DROP, {**payload, "where": where})


@pytest.fixture
def counted(browser, live_server, roles, settings):  # noqa: F811
    settings.SERVE_MEDIA = True
    tab = Counted(browser, live_server)
    yield tab
    tab.close()


def shoot(tab, name: str, width: int = 1280) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=str(SHOTS / f"story-form-{name}-{width}.png"), full_page=True)


def body_editor(page):
    return page.locator(".prose-editor .ProseMirror[contenteditable=true]")


def record(journey: str, **figures) -> None:
    JOURNEYS.parent.mkdir(parents=True, exist_ok=True)
    with JOURNEYS.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"journey": journey, **figures}) + "\n")
    print(json.dumps({"journey": journey, **figures}))


# --- pictures from the story form ---


def test_a_jpeg_dropped_on_a_new_storys_lead_and_body_brings_its_iptc_caption_and_credit(counted):
    SectionFactory(name="World", slug="world")
    UserFactory(username="editor", role="Editor")
    tab = counted
    tab.log_in("editor")
    tab.open("/admin/articles/article/add/")
    expect(tab.page.locator(".prose-editor .prose-menubar")).to_be_visible()
    lead = agency_jpeg("A building on fire in Idlib city", "PA", "Ghaith Alsayed", (150, 60, 20))
    inline = agency_jpeg("Syrian air strikes continued in Hama and Idlib provinces", "AP", "Omar Albam")

    tab.drop(".picture-drop[data-drop-target=lead]", "idlib-fire.jpg", lead)

    chosen = tab.page.locator(".lead-picture__chosen")
    expect(chosen).to_contain_text("Credit: PA/Ghaith Alsayed")
    expect(tab.page.locator("#id_lead_image_caption")).to_have_value("A building on fire in Idlib city")
    expect(tab.page.locator("#id_lead_image_alt")).to_have_value("A building on fire in Idlib city")
    expect(chosen).to_contain_text("Alt text suggested")
    expect(tab.page.locator("#id_lead_image + .select2 .select2-selection__rendered")).to_contain_text(
        "A building on fire"
    )
    expect(chosen.locator("img")).not_to_have_js_property("naturalWidth", 0)

    tab.type_body("Government troops built a defensive line in northern Hama.")
    tab.drop(".prose-editor .ProseMirror[contenteditable=true]", "strikes.jpg", inline, where="end")
    figure = body_editor(tab.page).locator("figure")
    expect(figure.locator("figcaption")).to_contain_text("Syrian air strikes continued in Hama and Idlib provinces")
    expect(figure.locator(".credit")).to_have_text("(AP/Omar Albam)")
    expect(figure.locator("img")).not_to_have_js_property("naturalWidth", 0)
    shoot(tab, "dropped-pictures")

    tab.page.get_by_label("Headline").fill("Iraqi militias back Syrian government counter-offensive")
    tab.pick_section("World")
    tab.press("Publish")
    expect(tab.message("success", "is published")).to_be_visible()
    story = Article.objects.get()
    assert story.lead_image.caption == "A building on fire in Idlib city"
    assert story.lead_image.credit == "PA/Ghaith Alsayed"
    assert story.lead_image_caption == "A building on fire in Idlib city"
    [placed] = story.inline_images.all()
    assert (placed.caption, placed.credit) == (
        "Syrian air strikes continued in Hama and Idlib provinces",
        "AP/Omar Albam",
    )
    assert Image.objects.count() == 2
    assert not tab.errors, tab.errors


def test_an_imported_storys_placeholder_is_replaced_where_it_stands_and_publishing_asks_first(counted):
    SectionFactory(name="World", slug="world")
    UserFactory(username="editor", role="Editor")
    note = '<p><strong>Picture missing:</strong> Flour is handed out to families <span class="credit">(AP)</span></p>'
    story = DraftArticleFactory(
        headline="Aid convoys reach northern Syria",
        body=f"<p>The convoy crossed overnight.</p>{note}<p>More crossings are needed.</p>",
        published_at=timezone.now() - timedelta(days=3),  # the copy's own date, as imports keep it
        source_guid="paste:aid-convoys",
        section=None,
    )
    tab = counted
    tab.log_in("editor")
    tab.open(f"/admin/articles/article/{story.pk}/change/")
    panel = tab.page.locator(".picture-placeholders")
    expect(panel).to_contain_text("1 picture missing from the imported copy")
    shoot(tab, "placeholder-before")

    tab.page.get_by_label("Replace missing picture 1: Flour is handed out to families (AP)").set_input_files(
        files=[{"name": "flour.jpg", "mimeType": "image/jpeg", "buffer": agency_jpeg("Flour", "Reuters", "X")}]
    )

    figure = body_editor(tab.page).locator("figure")
    expect(figure.locator("figcaption")).to_contain_text("Flour is handed out to families")
    expect(figure.locator(".credit")).to_have_text("(AP)")  # the copy's credit, written for this story
    expect(body_editor(tab.page)).not_to_contain_text("Picture missing")
    expect(panel).to_be_hidden()
    paragraphs = body_editor(tab.page).locator(":scope > *")
    expect(paragraphs.nth(1)).to_have_js_property("tagName", "FIGURE")  # where the note stood
    shoot(tab, "placeholder-replaced")

    tab.pick_section("World")
    tab.press("Publish")
    dialog = tab.page.get_by_role("dialog", name="Publish without these?")
    expect(dialog).to_contain_text("It has no lead picture")
    shoot(tab, "publish-asks")
    dialog.get_by_role("button", name="Publish anyway").click()
    expect(tab.message("success", "is published with the date")).to_be_visible()
    story.refresh_from_db()
    assert story.is_published and story.published_at < timezone.now() - timedelta(days=2)  # the copy's date kept
    assert not story.was_updated  # going out is not an update
    assert "Picture missing" not in story.body and story.inline_images.count() == 1
    assert not tab.errors, tab.errors


# --- two editors on one story ---


def test_two_browsers_one_story_lock_take_over_and_autosave_restored_after_closing_the_tab(
    counted, browser, live_server
):
    SectionFactory(name="UK", slug="uk")
    UserFactory(username="editor", role="Editor", first_name="Eleanor", last_name="Marsh")
    UserFactory(username="second", role="Editor", first_name="Tom", last_name="Hale")
    story = DraftArticleFactory(headline="Harbour wall repairs begin", body="<p>Work starts on Monday.</p>")
    url = f"/admin/articles/article/{story.pk}/change/"
    eleanor = counted
    eleanor.log_in("editor")
    eleanor.open(url)
    expect(eleanor.page.locator(".prose-editor .prose-menubar")).to_be_visible()

    tom = Desk(browser, live_server)
    tom.log_in("second")
    tom.open(url)
    overlay = tom.page.get_by_role("alertdialog")
    expect(overlay).to_contain_text("Eleanor Marsh is editing this story")
    tom.page.screenshot(path=str(SHOTS / "story-form-locked-1280.png"))

    # Eleanor types; a few seconds after she stops, her words are autosaved (never into the story).
    eleanor.type_body("", "The council has set aside two million pounds for the work.")
    expect(eleanor.page.locator(".story-autosave")).to_contain_text("Draft autosaved at", timeout=30_000)

    overlay.get_by_role("button", name="Take over").click()
    expect(overlay).to_be_hidden()
    # Eleanor's form hears it at its next heartbeat (15 s) and says so; her words are kept as her draft.
    taken = eleanor.page.locator(".story-taken")
    expect(taken).to_contain_text("Tom Hale took this story over", timeout=40_000)
    eleanor.page.screenshot(path=str(SHOTS / "story-form-taken-over-1280.png"))
    eleanor.press("Save draft")
    expect(eleanor.page.locator(".errornote", has_text="took this story over at")).to_be_visible()
    expect(eleanor.page.locator(".story-kept")).to_contain_text("Your text is kept")
    story.refresh_from_db()
    assert "two million" not in story.body
    assert "two million" in StoryDraft.objects.get(article=story, user__username="editor").data["body"]

    # Tom closes his tab without saving, right after typing: his words are sent as the tab goes.
    tom.type_body("", "Residents were told on Friday.")
    tom.page.close(run_before_unload=True)
    kept = StoryDraft.objects.filter(article=story, user__username="second", data__body__icontains="told on Friday")
    for _ in range(100):  # the closing tab's beacon lands on the server
        if kept.exists():
            break
        eleanor.page.wait_for_timeout(100)
    tom.context.close()
    reopened = Desk(browser, live_server)
    reopened.log_in("second")
    reopened.open(url)
    offer = reopened.page.locator(".story-draft")
    expect(offer).to_contain_text("You have unsaved text of “Harbour wall repairs begin”")
    reopened.page.screenshot(path=str(SHOTS / "story-form-draft-offered-1280.png"))
    offer.get_by_role("link", name="Restore it").click()
    expect(body_editor(reopened.page)).to_contain_text("Residents were told on Friday.")
    expect(reopened.page.locator(".story-draft--restored")).to_contain_text("Restored your text")
    reopened.close()
    assert not eleanor.errors, eleanor.errors


# --- one main action per state ---

STATES = {
    "draft, writer": ("writer", "draft", "Submit for review", ["Save draft"]),
    "draft, editor": ("editor", "draft", "Publish", ["Save draft", "More", "Delete…"]),
    "scheduled": ("editor", "scheduled", "Reschedule", ["Save", "More", "Withdraw…", "Delete…"]),
    "live": ("editor", "live", "Publish changes", ["Save as draft changes", "Withdraw…", "Delete…"]),
    "live, writer": ("writer", "live", "Save changes as draft", []),
    "withdrawn": ("editor", "withdrawn", "Publish again", ["Save", "Delete…"]),
}


def _story(state: str, user: str):
    now = timezone.now()
    headline = f"Bypass plans, {state}" if user == "editor" else f"Bypass plans, {state}, {user}"
    if state == "draft":
        return DraftArticleFactory(headline=headline)
    if state == "scheduled":
        return PublishedArticleFactory(headline=headline, published_at=now + timedelta(hours=3))
    if state == "withdrawn":
        return PublishedArticleFactory(headline=headline, status=Status.WITHDRAWN)
    return PublishedArticleFactory(headline=headline)


def test_each_state_has_one_main_button_and_withdraw_asks_first_naming_the_story(desk):  # noqa: F811
    UserFactory(username="editor", role="Editor")
    UserFactory(username="writer", role="Writer")
    bar = desk.page.locator("#submit-row")
    for who in ("writer", "editor"):
        desk.context.clear_cookies()
        desk.log_in(who)
        for name, (user, state, main, others) in STATES.items():
            if user != who:
                continue
            story = _story(state, user)
            desk.open(f"/admin/articles/article/{story.pk}/change/")
            primary = bar.locator(".desk-main-action")
            expect(primary).to_have_count(1)
            expect(primary).to_have_text(main)
            shown = bar.locator("button:visible, summary:visible")
            labels = [text.strip() for text in shown.all_inner_texts()]
            assert labels[0] == main and sorted(labels[1:]) == sorted(others), (name, labels)
            assert bar.get_by_role("button", name="Save", exact=True).count() <= (1 if "Save" in others else 0)
            desk.page.screenshot(path=str(SHOTS / f"story-form-buttons-{state}-{user}-1280.png"))
    live = Article.objects.get(headline="Bypass plans, live")
    desk.open(f"/admin/articles/article/{live.pk}/change/")
    desk.page.get_by_role("button", name="Withdraw…").click()
    dialog = desk.page.get_by_role("dialog", name="Withdraw “Bypass plans, live”?")
    expect(dialog).to_contain_text("410 Gone")
    desk.page.screenshot(path=str(SHOTS / "story-form-withdraw-dialog-1280.png"))
    dialog.get_by_role("button", name="Cancel").click()
    live.refresh_from_db()
    assert live.status == Status.PUBLISHED
    desk.page.get_by_role("button", name="Withdraw…").click()
    dialog.get_by_role("button", name="Withdraw the story").click()
    expect(desk.message("success", "is withdrawn")).to_be_visible()
    live.refresh_from_db()
    assert live.status == Status.WITHDRAWN
    assert not desk.errors, desk.errors


# --- the width sweep ---

WIDTHS = (390, 768, 1024, 1279, 1280, 1281, 1440, 1920)
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8).map((e) => `${e.tagName}.${e.className}#${e.id}`)"""


def test_the_sidebar_works_and_the_story_form_never_scrolls_sideways_from_390_to_1920(desk):  # noqa: F811
    UserFactory(username="editor", role="Editor")
    lead = ImageFactory()
    renditions.make_renditions(lead)
    story = PublishedArticleFactory(
        headline="A long headline about the council's decision on the harbour wall repairs and the bypass",
        slug="a-long-headline-about-the-councils-decision-on-the-harbour-wall-repairs-and-the-bypass",
        lead_image=lead,
    )
    desk.log_in("editor")
    for width in WIDTHS:
        desk.page.set_viewport_size({"width": width, "height": 844 if width < 500 else 800})
        desk.page.goto(f"{desk.url}/admin/articles/article/{story.pk}/change/", wait_until="domcontentloaded")
        expect(desk.page.locator(".prose-editor .prose-menubar")).to_be_visible()
        # Measured once the page has settled: one run in about eight on a loaded machine (load average 19 on 2
        # cores) saw a 368 px overflow at 390 px that later runs never showed; allowed 5 s to settle, a lasting
        # overflow still fails, naming what sticks out.
        desk.page.wait_for_load_state("load")
        for _ in range(25):
            overflow = desk.page.evaluate(OVERFLOW)
            if overflow <= 0:
                break
            desk.page.wait_for_timeout(200)
        sticking_out = desk.page.evaluate(STICKING_OUT) if overflow > 0 else []
        assert overflow <= 0, f"the story form scrolls sideways by {overflow}px at {width}px: {sticking_out}"
        slug = desk.page.locator("#id_slug")
        assert slug.evaluate("el => el.scrollWidth <= el.clientWidth + 1") or width < 700, f"slug cut off at {width}"
        for box in ("#id_headline", "#id_slug", "#id_standfirst", "#id_lead_image_caption"):
            border = desk.page.locator(box).evaluate("el => getComputedStyle(el).borderTopWidth")
            assert border != "0px", f"{box} has no border at {width}px"
        sidebar = desk.page.locator("#nav-sidebar")
        header_toggle = desk.page.locator("#main [x-on\\:click='sidebarToggle()']")
        sidebar_close = sidebar.locator("[x-on\\:click='sidebarToggle()']")
        if not sidebar.is_visible():
            header_toggle.click()
        desk.page.wait_for_timeout(400)  # the instant close at 1280 px came right after opening
        expect(sidebar).to_be_visible()
        expect(sidebar.get_by_role("link", name="Stories")).to_be_visible()
        desk.page.screenshot(path=str(SHOTS / f"story-form-width-{width}.png"))
        # Close it again, and it stays closed (on every width).
        (sidebar_close if sidebar_close.is_visible() else header_toggle).click()
        desk.page.wait_for_timeout(400)
        expect(sidebar).to_be_hidden()
        shoot(desk, "form", width)  # the whole form as the editor works in it, sidebar closed
    assert not desk.errors, desk.errors


# --- journeys: clicks and time (measured, not asserted) ---


def test_journey_writing_a_seed_shaped_story_with_three_pictures(counted):
    SectionFactory(name="World", slug="world")
    UserFactory(username="editor", role="Editor")
    tab = counted
    tab.log_in("editor")
    pictures = [
        agency_jpeg("A building on fire in Idlib city", "PA", "Staff", (150, 60, 20)),
        agency_jpeg("Air strikes on rebel positions continued in Hama and Idlib", "AP", "Staff", (40, 80, 120)),
        agency_jpeg("Opposition fighters with seized ammunition", "AP", "Staff", (90, 120, 40)),
    ]
    started = time.monotonic()
    tab.click(tab.page.get_by_role("link", name="Stories").first)
    tab.click(tab.page.locator("a[href$='/admin/articles/article/add/']").first)
    expect(tab.page.locator(".prose-editor .prose-menubar")).to_be_visible()
    tab.click(tab.page.get_by_label("Headline"))
    tab.page.keyboard.type("Militias back government counter-offensive in the north")
    tab.click(tab.page.get_by_label("Standfirst"))
    tab.page.keyboard.type("The insurgents seized the city last week.")
    tab.drop(".picture-drop[data-drop-target=lead]", "lead.jpg", pictures[0])
    expect(tab.page.locator("#id_lead_image_caption")).to_have_value("A building on fire in Idlib city")
    tab.click(body_editor(tab.page))
    tab.page.keyboard.type("Militias have deployed to back the government's counter-offensive, officials said.")
    tab.page.keyboard.press("Enter")
    tab.page.keyboard.type("Troops built a fortified line while jets pounded rebel-held positions.")
    tab.drop(".prose-editor .ProseMirror[contenteditable=true]", "strikes.jpg", pictures[1], where="end")
    expect(body_editor(tab.page).locator("figure")).to_have_count(1)
    tab.click(body_editor(tab.page).locator("p").last)
    tab.page.keyboard.press("End")
    tab.page.keyboard.press("Enter")
    tab.page.keyboard.type("The rebels are backed by a neighbouring state, monitors said.")
    tab.drop(".prose-editor .ProseMirror[contenteditable=true]", "fighters.jpg", pictures[2], where="end")
    expect(body_editor(tab.page).locator("figure")).to_have_count(2)
    tab.click(tab.page.locator("#id_section + .select2 .select2-selection"))
    tab.page.locator(".select2-container--open .select2-search__field").fill("World")
    tab.click(tab.page.get_by_role("option", name="World", exact=True))
    tab.click(tab.page.get_by_role("button", name="Publish", exact=True))
    expect(tab.message("success", "is published")).to_be_visible()
    seconds = time.monotonic() - started
    story = Article.objects.get()
    assert story.is_published and story.lead_image_id and story.inline_images.count() == 2
    record("write a seed-shaped story with three pictures", clicks=tab.clicks, seconds=round(seconds, 1))
    shoot(tab, "journey-written")


def test_journey_publishing_a_pasted_story(counted):
    SectionFactory(name="World", slug="world")
    UserFactory(username="editor", role="Editor")
    tab = counted
    tab.log_in("editor")
    copy = (FIXTURES / "pasted_copy.txt").read_text(encoding="utf-8")
    started = time.monotonic()
    tab.click(tab.page.get_by_role("link", name="Import").first)
    tab.click(tab.page.get_by_label("Paste copy"))
    tab.page.get_by_label("Paste copy").fill(copy)  # one paste
    tab.click(tab.page.get_by_role("button", name="Preview import"))
    tab.click(tab.page.get_by_role("button", name="Confirm import"))
    expect(tab.page.get_by_role("heading", name="Import finished")).to_be_visible()
    story = Article.objects.get()
    tab.click(tab.page.get_by_role("link", name=story.headline))
    expect(tab.page.locator(".picture-placeholders")).to_be_visible()
    for n, name in enumerate(("lorries.jpg", "flour.jpg"), start=1):
        tab.clicks += 1  # choosing a file for each placeholder
        tab.page.get_by_label("Replace missing picture 1:", exact=False).set_input_files(
            files=[
                {"name": name, "mimeType": "image/jpeg", "buffer": agency_jpeg(name, "PA", "Staff", (n * 60, 90, 90))}
            ]
        )
        expect(body_editor(tab.page).locator("figure")).to_have_count(n)
    tab.click(tab.page.get_by_role("button", name="Publish", exact=True))
    dialog = tab.page.get_by_role("dialog", name="Publish without these?")
    expect(dialog).to_be_visible()  # no lead picture: asked once
    tab.click(dialog.get_by_role("button", name="Publish anyway"))
    expect(tab.message("success", "is published with the date 3 March 2025, 09:25")).to_be_visible()
    seconds = time.monotonic() - started
    story.refresh_from_db()
    assert story.is_published and "Picture missing" not in story.body
    record("publish a pasted story (2 placeholders replaced)", clicks=tab.clicks, seconds=round(seconds, 1))
    shoot(tab, "journey-pasted")
