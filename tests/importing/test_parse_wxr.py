"""Parsing WordPress exports (WXR) (no database)."""

from datetime import UTC, datetime

import pytest

from ingest.importers.formats import wxr
from ingest.importers.records import ImportFailure
from tests.importing import FIXTURES


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
