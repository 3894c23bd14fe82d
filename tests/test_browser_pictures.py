"""The picture library in a real browser: the grid of cards, and setting a picture's focal point by clicking on it.
Screenshots: artifacts/screenshots/admin-pictures-*-1280.png."""

import io

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw

from articles import renditions, services
from tests.browser import BROWSER_TESTS, SHOTS
from tests.factories import DraftArticleFactory, UserFactory
from tests.test_browser_admin import desk, roles  # noqa: F401  (the desk fixture and the groups it needs)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev.txt)").expect

pytestmark = BROWSER_TESTS


def _scene(width: int, height: int, sky, ground, sun) -> bytes:
    """A picture with something to crop around: sky over ground, and a sun near one corner."""
    picture = PILImage.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, height * 2 // 3, width, height), fill=ground)
    draw.ellipse((width // 20, height // 10, width // 20 + height // 4, height // 10 + height // 4), fill=sun)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.fixture
def pictures(transactional_db):
    made = []
    for n, (name, alt, credit, size, colours) in enumerate(
        [
            (
                "harbour.jpg",
                "Fishing boats in the harbour at dawn",
                "PA",
                (1600, 900),
                ((120, 170, 220), (30, 70, 110)),
            ),
            (
                "fields.jpg",
                "Flooded fields outside the town",
                "Reuters",
                (1600, 1000),
                ((180, 200, 220), (60, 110, 50)),
            ),
            ("crowd.jpg", "", "", (400, 300), ((200, 190, 170), (90, 60, 40))),
            ("council.jpg", "Councillors vote on the flood plan", "AP", (1200, 800), ((230, 225, 210), (120, 40, 40))),
        ]
    ):
        picture, _ = services.save_image(
            data=_scene(*size, *colours, (250, 200 - n * 30, 40)), filename=name, alt_text=alt, credit=credit
        )
        renditions.make_renditions(picture)
        made.append(picture)
    return made


def test_editor_sets_a_focal_point_by_clicking_and_sees_the_crops_follow(desk, pictures):  # noqa: F811
    UserFactory(username="editor", role="Editor")
    editor, harbour = desk, pictures[0]
    editor.log_in("editor")

    editor.open("/admin/articles/image/")
    cards = editor.page.locator("#result_list tr.picture-card")
    expect(cards).to_have_count(4)
    expect(editor.page.get_by_role("link", name="Fishing boats in the harbour at dawn")).to_be_visible()
    expect(editor.page.get_by_role("img", name="No alt text yet: crowd.jpg")).not_to_have_js_property("naturalWidth", 0)
    editor.page.get_by_role("checkbox", name="Select Flooded fields outside the town").check()
    expect(editor.page.locator("#result_list tr.picture-card.selected")).to_have_count(1)  # actions.js saw it
    expect(editor.page.get_by_label("Select action to run")).to_be_visible()  # unfold's actions bar
    editor.shoot("pictures-grid-selected")
    editor.page.get_by_role("checkbox", name="Select Flooded fields outside the town").uncheck()
    editor.shoot("pictures-grid")
    editor.page.locator(".filter-open-button").click()
    expect(editor.page.get_by_role("link", name="Not in any story")).to_be_visible()
    editor.shoot("pictures-filters")
    editor.page.get_by_role("link", name="Not in any story").click()
    expect(cards).to_have_count(4)

    editor.open(f"/admin/articles/image/{harbour.pk}/change/")
    frame = editor.page.locator("[data-focal-frame]")
    expect(frame).to_have_attribute("tabindex", "0")
    card_preview = editor.page.locator(".crop-preview", has_text="Card").locator("img")
    social_preview = editor.page.locator(".crop-preview", has_text="Social").locator("img")
    expect(card_preview).to_have_css("object-position", "50% 50%")
    editor.shoot("pictures-picker")

    box = frame.bounding_box()
    frame.click(position={"x": box["width"] * 0.1, "y": box["height"] * 0.8})  # the sun's side, low down

    expect(editor.page.get_by_label("Focal point across")).to_have_value("0.10")
    expect(editor.page.get_by_label("Focal point down")).to_have_value("0.80")
    # 16:9 cut to 3:2 loses its sides: the crop moves to the left edge. Cut to 1200×630 it loses top and bottom: the
    # point low down takes the crop to the bottom edge.
    expect(card_preview).to_have_css("object-position", "0% 50%")
    expect(social_preview).to_have_css("object-position", "50% 100%")
    expect(editor.page.locator("[data-focal-marker]")).to_have_attribute("style", "left: 10%; top: 80%;")
    expect(editor.page.locator("[data-focal-readout]")).to_have_text("Focal point: 10% across, 80% down.")
    frame.press("ArrowRight")  # the keyboard's way: one per cent at a time
    expect(editor.page.get_by_label("Focal point across")).to_have_value("0.11")
    editor.shoot("pictures-picker-moved")

    editor.page.get_by_role("button", name="Save and continue editing").click()

    expect(editor.page.locator("body")).to_contain_text("was changed successfully")
    editor.page.reload()
    expect(editor.page.get_by_label("Focal point across")).to_have_value("0.11")
    expect(editor.page.get_by_label("Focal point down")).to_have_value("0.8")
    expect(editor.page.locator("[data-focal-marker]")).to_have_attribute("style", "left: 11%; top: 80%")
    expect(card_preview).to_have_css("object-position", "0% 50%")
    harbour.refresh_from_db()
    assert (harbour.focal_x, harbour.focal_y) == (0.11, 0.8)
    assert not editor.errors, editor.errors


def test_a_small_picture_says_what_it_is_too_small_for(desk, pictures):  # noqa: F811
    UserFactory(username="editor", role="Editor")
    editor, crowd = desk, pictures[2]
    editor.log_in("editor")

    editor.open(f"/admin/articles/image/{crowd.pk}/change/")

    expect(editor.page.locator(".crop-preview--too-small")).to_have_count(3)  # card, hero, social; not the thumbnail
    expect(editor.page.locator("ul.picture-too-small")).to_contain_text("hero: needs 1600 px wide, this is 400×300")
    editor.shoot("pictures-too-small")

    story = DraftArticleFactory(headline="Crowds gather at the flood barrier", lead_image=crowd)
    editor.open(f"/admin/articles/article/{story.pk}/change/")
    lead_warning = editor.page.locator("ul.picture-too-small")  # beside the lead; the body has no pictures
    expect(lead_warning).to_contain_text("Too small for link previews when the story is shared")
    lead_warning.scroll_into_view_if_needed()
    editor.page.screenshot(path=str(SHOTS / "admin-pictures-article-lead-too-small-1280.png"))
    assert not editor.errors, editor.errors
