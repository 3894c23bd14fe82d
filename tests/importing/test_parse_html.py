"""Saved article pages: the shapes real news sites use for captions, bylines, dates and furniture."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ingest.importers.formats import html
from tests.importing import FIXTURES

PAGES = FIXTURES / "html"


def test_article_page_prefers_json_ld_in_a_graph_for_headline_authors_and_dates():
    story = next(html.parse(FIXTURES / "html" / "article.html")).story
    assert story.headline == "Lighthouse keeper retires after 40 years on the rock"
    assert story.authors == ["Nell Harker", "Sam Otley"]
    assert story.byline == "Nell Harker, Sam Otley"
    assert story.source_name == "PA"
    assert story.published_at == datetime(2024, 3, 8, 7, 45, tzinfo=UTC)
    assert story.guid == story.canonical_url == "https://courier.example/news/lighthouse-keeper-retires"
    assert story.section == "Coast"
    assert story.topics == ["Lighthouses", "Retirement"]
    assert story.language == "en-GB"


def test_article_page_body_keeps_text_blocks_and_drops_furniture():
    story = next(html.parse(FIXTURES / "html" / "article.html")).story
    assert "winding the clockwork" in story.body_html
    assert "<h2>A quieter life</h2>" in story.body_html
    assert "best job in the world" in story.body_html
    for junk in ("Share this", "Related:", "Buy a boat", "trackPageView", "Home", "Copyright"):
        assert junk not in story.body_html


def test_article_page_figures_split_credits_and_pick_the_largest_srcset():
    story = next(html.parse(FIXTURES / "html" / "article.html")).story
    lead = story.lead_image
    assert lead.source == "https://courier.example/img/keeper-1200.jpg"
    assert (lead.caption, lead.credit) == ("The keeper on his last morning shift.", "PA")
    assert lead.alt == "A man on the lighthouse gallery"
    inline = story.images[1]
    assert (inline.caption, inline.credit) == ("The lamp room", "Jo Bell/Coast Courier")
    assert inline.source == "https://courier.example/img/lamp.jpg"
    assert f'<figure data-import-image="{inline.key}"></figure>' in story.body_html


def _story(name):
    return next(html.parse(PAGES / name)).story


def _dated_page(tmp_path, shown, published="2024-03-05T13:14:00"):
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><head><title>Ferry talks</title><meta property="article:published_time" content="{published}">'
        f"</head><body><article><p class=dateline>{shown}</p><p>Talks resume on Thursday.</p></article></body></html>"
    )
    return next(html.parse(page)).story


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


def test_bare_credit_line_closing_a_figcaption_becomes_the_credit():
    story = _story("amp-gallery.html")
    found = {image.source.split("/")[-1].split("?")[0]: (image.caption, image.credit) for image in story.images}
    assert found["pier.jpg"] == ("The pier stood empty by noon", "AFP via Getty Images")
    assert found["ticket-office.jpg"] == ("The ticket office was shuttered", "Jane Doe / Reuters")
    assert found["queue.jpg"] == ("Passengers queue for the last sailing", "Ana Ruiz")


def test_a_second_caption_line_that_names_no_agency_stays_caption():
    story = _story("amp-gallery.html")
    harbour = next(image for image in story.images if "harbour.jpg" in image.source)
    assert (harbour.caption, harbour.credit) == ("The harbour on Monday evening Before the crossings stopped", "")


def test_lead_in_an_amp_img_figure_outside_the_article_borrows_its_caption_and_credit():
    lead = _story("amp-gallery.html").lead_image
    assert lead.source == "https://static.tidings.example/2024/03/05/09/ferry-strike.jpg?width=1200"
    assert (lead.caption, lead.credit) == (
        "Pickets gather at the ferry terminal on the first morning of the strike",
        "PA Wire",
    )


@pytest.mark.parametrize(
    ("shown", "published", "zone"),
    [
        ("Updated 1:14 p.m. ET, March 5, 2024", "2024-03-05T13:14:00", "America/New_York"),
        ("March 5, 2024 13:14 EST", "2024-03-05T13:14:00", "America/New_York"),
        ("Updated 3:05 PM PT", "2024-07-05T15:05:00", "America/Los_Angeles"),
        ("5 July 2024, 10.45am BST", "2024-07-05T10:45:00", "Europe/London"),
        ("Posted 11:20 CST", "2024-03-05T11:20:00", "America/Chicago"),
        ("Publié 18:02 CEST", "2024-07-05T18:02:00", "Europe/Paris"),
    ],
)
def test_visible_time_with_a_zone_abbreviation_gives_the_zone_of_a_date_without_offset(
    tmp_path, settings, shown, published, zone
):
    settings.TIME_ZONE = "Asia/Tokyo"
    story = _dated_page(tmp_path, shown, published)
    assert story.published_at == datetime.fromisoformat(published).replace(tzinfo=ZoneInfo(zone))
    assert not story.warnings


def test_gmt_next_to_a_visible_time_is_read_as_utc_even_in_summer(tmp_path):
    story = _dated_page(tmp_path, "5 July 2024 09:30 GMT", "2024-07-05T09:30:00")
    assert story.published_at == datetime(2024, 7, 5, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "shown",
    [
        "Updated 1:14 p.m. IST",  # IST is India, Ireland or Israel: no guess
        "Updated 2:30 p.m. ET",  # a different time: not this date's zone
        "Kick-off 3 ET",  # no minutes, no am/pm: not a time
    ],
)
def test_ambiguous_or_unrelated_visible_zones_leave_the_time_zone_fallback(tmp_path, settings, shown):
    settings.TIME_ZONE = "Asia/Tokyo"
    story = _dated_page(tmp_path, shown)
    assert story.published_at == datetime(2024, 3, 5, 13, 14, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert any("read as Asia/Tokyo" in warning for warning in story.warnings)
