"""Saved article pages: the shapes real news sites use for captions, bylines, dates and furniture."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.importers import html

PAGES = Path(__file__).parent / "fixtures" / "import" / "html"


def _story(name):
    return next(html.parse(PAGES / name)).story


def test_visible_headline_wins_when_the_title_tag_repeats_it_and_not_the_social_one():
    assert _story("photo-essay.html").headline == "Ferry crews prepare for the winter timetable"


def test_json_ld_headline_stands_when_the_title_tag_agrees_with_none():
    assert _story("article.html").headline == "Lighthouse keeper retires after 40 years on the rock"


def test_printed_byline_naming_every_json_ld_author_and_more_adds_the_missing_writers():
    story = _story("photo-essay.html")
    assert story.authors == ["Mina Castell", "Joe Prater"]
    assert story.byline == "Mina Castell, Joe Prater"


def test_desk_byline_is_kept_as_printed_but_is_not_an_author():
    story = _story("desk-byline.html")
    assert story.byline == "Our Political Staff"
    assert story.authors == []
    assert "Our Political Staff" not in story.body_html


def test_date_without_offset_takes_the_offset_of_the_same_time_printed_elsewhere():
    story = _story("photo-essay.html")  # JSON-LD naive, article:published_time with +00:00
    assert story.published_at == datetime(2024, 11, 2, 6, 30, tzinfo=UTC)
    assert not story.warnings


def test_meta_dates_without_offset_take_the_offset_of_the_time_element():
    story = _story("desk-byline.html")
    eastern = timezone(timedelta(hours=-4))
    assert story.published_at == datetime(2024, 7, 15, 18, 20, tzinfo=eastern)
    assert story.updated_at == datetime(2024, 7, 15, 19, 5, tzinfo=eastern)


def test_date_with_no_zone_anywhere_on_the_page_is_read_in_the_newsroom_time_zone(settings, tmp_path):
    settings.TIME_ZONE = "America/Los_Angeles"
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><title>Tide table</title><meta property="article:published_time" '
        'content="2024-04-28 06:01:07"></head><body><article><p>High water at noon.</p></article></body></html>'
    )
    story = next(html.parse(page)).story
    assert story.published_at == datetime(2024, 4, 28, 6, 1, 7, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert any("read as America/Los_Angeles" in warning for warning in story.warnings)


def test_lead_image_named_only_in_metadata_borrows_the_caption_of_the_same_picture_on_the_page():
    lead = _story("photo-essay.html").lead_image
    assert lead.source == "https://herald.example/img/ferry-deck.jpg?width=1200&sig=abc"
    assert (lead.caption, lead.credit) == (
        "A deckhand coils rope before the first crossing.",
        "Ana Ruiz/Harbour Herald",
    )
    assert lead.alt == "A deckhand coils rope"


def test_caption_block_after_a_figure_that_repeats_the_alt_text_becomes_its_caption_not_body_text():
    story = _story("photo-essay.html")
    engine = next(image for image in story.images if image.source.endswith("engine-room.jpg"))
    assert engine.caption == "An engineer checks the engine room gauges before the evening sailing"
    assert "evening sailing" not in story.body_html
    assert f'<figure data-import-image="{engine.key}"></figure>' in story.body_html


def test_element_marked_as_caption_next_to_a_figure_gives_caption_and_credit():
    story = _story("photo-essay.html")
    gangway = next(image for image in story.images if image.source.endswith("gangway.jpg"))
    assert (gangway.caption, gangway.credit) == ("The gangway is lifted for repainting", "Joe Prater")
    assert "repainting" not in story.body_html


def test_read_more_links_sign_ups_and_link_lists_leave_the_body_but_reporting_stays():
    body = _story("photo-essay.html").body_html
    for junk in ("Read more", "Sign up", "Pier reopens", "New lifeboat", "in your inbox"):
        assert junk not in body
    for kept in ("reduced winter timetable", "every life jacket", "the sea tests you"):
        assert kept in body


def test_a_picture_repeated_in_the_body_is_imported_once():
    story = _story("photo-essay.html")
    sources = [image.source.split("?")[0] for image in story.images]
    assert len(sources) == len(set(sources)) == 3
