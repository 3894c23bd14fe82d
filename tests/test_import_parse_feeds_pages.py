"""Parsing RSS/Atom feeds, WordPress exports, saved article pages and plain-text copy (no database)."""

import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from articles.importers.formats import feed, html, text, wxr
from articles.importers.records import ImportFailure

FIXTURES = Path(__file__).parent / "fixtures" / "import"
LONDON = ZoneInfo("Europe/London")


def _stories(items):
    return [item.story for item in items if item.story]


def test_rss_item_maps_media_rss_caption_credit_byline_topics_and_date():
    items = list(feed.parse(FIXTURES / "feed" / "media-rss.xml"))
    story = items[0].story
    assert story.headline == "Ferry timetable cut as river levels fall"
    assert story.guid == "gazette-1001"
    assert story.canonical_url == "https://gazette.example/news/ferry-timetable-cut"
    assert story.byline == "Mara Quill"
    assert story.topics == ["Transport", "Rivers"]
    assert story.published_at == datetime(2024, 9, 3, 7, 30, tzinfo=UTC)
    assert "four crossings a day" in story.body_html
    assert story.standfirst == "Fewer crossings until the autumn rains return."
    assert story.language == "en-gb"
    lead = story.lead_image
    assert lead.source == "https://img.gazette.example/ferry.jpg?w=960"
    assert lead.caption == "The ferry waits at a half-empty slipway"
    assert lead.credit == "Tom Reed/Gazette"
    assert (lead.width, lead.height) == (960, 540)
    assert story.where == "media-rss.xml item 1"


def test_rss_item_with_a_bad_date_imports_undated_with_a_warning_and_image_enclosure():
    story = list(feed.parse(FIXTURES / "feed" / "media-rss.xml"))[1].story
    assert story.published_at is None
    assert any("Someday after the summer" in warning for warning in story.warnings)
    assert story.lead_image.source == "https://img.gazette.example/library.png"


def test_rss_item_without_a_title_fails_alone_and_names_the_field():
    items = list(feed.parse(FIXTURES / "feed" / "media-rss.xml"))
    assert len(items) == 3
    assert items[2].error.field == "headline"
    assert items[2].error.where == "media-rss.xml item 3"


def test_atom_entry_gives_aware_dates_author_and_enclosure_picture():
    story = _stories(feed.parse(FIXTURES / "feed" / "atom.xml"))[0]
    assert story.headline == "New pontoon for the fishing fleet"
    assert story.guid == "urn:example:harbour:42"
    assert story.published_at == datetime(2024, 5, 1, 7, 15, tzinfo=UTC)
    assert story.updated_at == datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    assert story.byline == "Ines Varga"
    assert story.topics == ["Harbour"]
    assert story.lead_image.source == "https://harbour.example/pontoon.jpg"
    assert story.language == "en"


def test_feed_with_a_blank_first_line_and_windows_1252_bytes_declared_utf8_is_repaired():
    path = FIXTURES / "feed" / "windows-1252-declared-utf8.xml"
    assert feed.sniff(path.read_bytes()[:4096])
    story = _stories(feed.parse(path))[0]
    assert story.headline == "Café owner’s “best” year"
    assert "–" in story.body_html
    assert any("Windows-1252" in warning for warning in story.warnings)


def test_large_feed_streams_items_through_the_same_mapping(monkeypatch):
    monkeypatch.setattr(feed, "STREAM_THRESHOLD", 10)
    stories = _stories(feed.parse(FIXTURES / "feed" / "media-rss.xml"))
    headlines = [story.headline for story in stories]
    assert headlines == ["Ferry timetable cut as river levels fall", "Library opens on Sundays"]
    assert stories[0].lead_image.credit == "Tom Reed/Gazette"


def test_feed_sniff_accepts_feeds_and_leaves_wordpress_exports_alone():
    assert feed.sniff((FIXTURES / "feed" / "atom.xml").read_bytes())
    assert not feed.sniff((FIXTURES / "wxr" / "export.xml").read_bytes())
    assert wxr.sniff((FIXTURES / "wxr" / "export.xml").read_bytes())


def test_wordpress_post_maps_author_dates_terms_and_standfirst():
    items = list(wxr.parse(FIXTURES / "wxr" / "export.xml"))
    assert len(items) == 2  # the page and the attachments are not stories
    story = items[0].story
    assert story.headline == "Shearing season starts early"
    assert story.guid == "wordpress:10:https://farm.example/?p=10"
    assert story.status == "published"
    assert story.byline == "Olive Dunn"
    assert story.published_at == datetime(2024, 5, 14, 8, 0, tzinfo=UTC)
    assert story.standfirst == "Shearers arrive a fortnight ahead of schedule."
    assert story.section == "Farming"
    assert story.topics == ["Farming", "Wool"]
    assert story.where == "export.xml item 1"


def test_wordpress_caption_shortcode_and_wp_image_become_placeholders_with_images():
    story = next(wxr.parse(FIXTURES / "wxr" / "export.xml")).story
    inline = [image for image in story.images if image.role == "inline"]
    assert [image.key for image in inline] == ["wp-1", "wp-2"]
    assert inline[0].source == "https://farm.example/uploads/shed.jpg"
    assert inline[0].caption == "Ewes wait outside the shed."
    assert inline[0].credit == "Olive Dunn"
    assert inline[0].alt == "Sheep in a pen"
    assert inline[1].caption == "A graded fleece ready for market"
    assert '<figure data-import-image="wp-1"></figure>' in story.body_html
    assert '<figure data-import-image="wp-2"></figure>' in story.body_html
    assert "[caption" not in story.body_html and "[gallery" not in story.body_html
    assert "<p>Each fleece is weighed<br>\nand graded by hand.</p>" in story.body_html
    assert "<h2>Prices</h2>" in story.body_html
    assert any("[gallery]" in warning for warning in story.warnings)


def test_wordpress_featured_image_listed_after_its_post_becomes_the_lead():
    story = next(wxr.parse(FIXTURES / "wxr" / "export.xml")).story
    assert story.lead_image.source == "https://farm.example/uploads/shed.jpg"
    assert story.lead_image.alt == "Sheep in a pen"


def test_wordpress_draft_keeps_status_and_falls_back_to_local_post_date():
    story = list(wxr.parse(FIXTURES / "wxr" / "export.xml"))[1].story
    assert story.status == "draft"
    assert story.published_at == datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
    assert story.warnings


def test_wordpress_export_from_an_old_exporter_is_repaired_as_wordpress_reads_it():
    items = list(wxr.parse(FIXTURES / "wxr" / "old_exporter_quirks.xml"))

    code, fete = (item.story for item in items)
    assert code.headline == "Code club shows off its robots"
    assert "if a[b[0]]> 3" in code.body_html  # the "]]>" that broke the CDATA section is kept as text
    assert "to make the robot turn" in code.body_html
    assert fete.headline == "Village fête raises £2,000"
    assert code.warnings[-1].startswith("not well-formed XML (line 13: ")
    assert code.warnings[-1].endswith(
        'repaired a "]]>" inside CDATA and a non-ASCII namespace URI, as WordPress\'s importer reads it'
    )


def test_malformed_wordpress_export_fails_cleanly_with_the_line():
    with pytest.raises(ImportFailure) as caught:
        list(wxr.parse(FIXTURES / "wxr" / "malformed.xml"))
    assert caught.value.where == "malformed.xml line 8"


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


@pytest.fixture
def text_story(tmp_path):
    shutil.copy(FIXTURES / "text" / "story.txt", tmp_path / "story.txt")
    Image.new("RGB", (4, 3), "white").save(tmp_path / "story-1.jpg")
    return tmp_path / "story.txt"


def test_text_copy_reads_headline_local_date_byline_and_standfirst(text_story):
    story = next(text.parse(text_story, tz=LONDON)).story
    assert story.headline == "Storm closes mountain pass as snow traps lorries"
    assert story.published_at == datetime(2025, 1, 14, 7, 40, tzinfo=LONDON)
    assert story.standfirst.startswith("Dozens of drivers spent the night")
    assert story.byline == "Press Association"
    assert story.source_name == "Press Association" and story.authors == []
    assert story.where == "story.txt line 1"


def test_text_copy_image_blocks_become_lead_and_inline_figures(text_story):
    story = next(text.parse(text_story, tz=LONDON)).story
    lead, inline = story.images
    assert lead.role == "lead" and lead.alt == "Lorries stuck in deep snow on a mountain road"
    assert (lead.caption, lead.credit) == ("Drivers waited overnight for the ploughs.", "PA")
    assert lead.source == str((text_story.parent / "story-1.jpg").resolve())
    assert (inline.caption, inline.credit) == ("Crews cleared one lane by dawn", "AP Photo/Rita Moss, File")
    assert inline.source == ""
    assert any("no image file for picture 2" in warning for warning in story.warnings)
    assert f'<figure data-import-image="{inline.key}"></figure>' in story.body_html


def test_text_copy_leaves_out_the_latest_news_block_and_byline(text_story):
    story = next(text.parse(text_story, tz=LONDON)).story
    assert "soup until 3am" in story.body_html
    for left_out in ("Latest UK News", "bakery", "By Press Association", "Dozens of drivers"):
        assert left_out not in story.body_html


def test_text_guid_is_stable_across_reimports(text_story, tmp_path):
    first = next(text.parse(text_story, tz=LONDON)).story.guid
    copy = tmp_path / "again.txt"
    shutil.copy(text_story, copy)
    assert next(text.parse(copy, tz=LONDON)).story.guid == first


def test_text_without_a_headline_fails_on_line_one(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n   \n")
    error = next(text.parse(path)).error
    assert (error.field, error.where) == ("headline", "empty.txt line 1")


def test_undated_text_imports_with_a_warning(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Village fete raises record sum\n\nBy Jane Doe and John Roe\n\nThe tombola did well.\n")
    story = next(text.parse(path)).story
    assert story.published_at is None
    assert story.authors == ["Jane Doe", "John Roe"]
    assert any("no date" in warning for warning in story.warnings)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2 Dec 2024 13:14", datetime(2024, 12, 2, 13, 14, tzinfo=LONDON)),
        ("December 2, 2024 1:14pm", datetime(2024, 12, 2, 13, 14, tzinfo=LONDON)),
        ("2 July 2024, 13:14", datetime(2024, 7, 2, 12, 14, tzinfo=UTC)),
        ("2024-12-02T13:14:00+01:00", datetime(2024, 12, 2, 12, 14, tzinfo=UTC)),
    ],
)
def test_text_date_lines_in_common_shapes_are_read_in_the_site_zone(line, expected):
    assert text.parse_date_line(line, LONDON) == expected


def test_caption_credits_are_split_off_in_the_usual_shapes():
    assert text.split_credit("Fire in the square. Picture: PA") == ("Fire in the square.", "PA")
    assert text.split_credit("Troops on the road (AP)") == ("Troops on the road", "AP")
    assert text.split_credit("A quiet harbour") == ("A quiet harbour", "")


def test_an_archive_credit_keeps_its_file_marker_as_printed():
    assert text.split_credit("Crowds (AP Photo/Rita Moss, File)") == ("Crowds", "AP Photo/Rita Moss, File")
    assert text.split_credit("Summit. Photo: AP Photo/Ann Lee, Pool") == ("Summit.", "AP Photo/Ann Lee, Pool")
