"""Parsing RSS and Atom feeds (no database)."""

from datetime import UTC, datetime

from ingest.importers.formats import feed, wxr
from tests.importing import FIXTURES


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
