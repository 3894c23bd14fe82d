"""Parsing NewsML-G2 packages and items. No database needed."""

from datetime import UTC, datetime

import pytest

from ingest.importers.formats import newsml
from ingest.importers.records import ImportFailure
from tests.importing import FIXTURES, only_story, parse_all


def test_newsml_package_gives_the_text_story_with_its_two_pictures_lead_first():
    items = parse_all(newsml, "newsml/flood_package.xml")
    assert len(items) == 1
    story = items[0].story
    assert story.guid == "urn:example-agency:2024:flood-text"
    assert story.version == 3
    assert [(image.role, image.source) for image in story.images] == [
        ("lead", "https://img.example.org/flood-high.jpg"),
        ("inline", "https://img.example.org/sandbags-high.jpg"),
    ]
    assert story.lead_image.caption == "Flood water in the town centre"
    assert story.lead_image.credit == "PA"
    assert story.body_html.endswith('<figure data-import-image="picture2"></figure>')


def test_newsml_text_item_metadata_is_extracted():
    story = parse_all(newsml, "newsml/flood_package.xml")[0].story
    assert story.headline == "Floods cut off villages in the Brackenvale valley"
    assert story.byline == "Jane Marlowe"
    assert story.standfirst == "Rescue teams used boats to reach residents."
    assert story.topic_codes == ["medtop:20000151", "medtop:17000000"]
    assert story.regions == ["Millbridge", "Brackenvale", "England"]
    assert story.first_published_at == datetime(2024, 12, 2, 9, 0, tzinfo=UTC)
    assert story.language == "en-GB"


def test_newsml_nitf_body_becomes_plain_html_without_namespaces():
    body = parse_all(newsml, "newsml/flood_package.xml")[0].story.body_html
    assert "<p>Rescue teams used <em>boats</em> to reach residents on Monday.</p>" in body
    assert "<h2>Rest centre opened</h2>" in body
    assert "nitf" not in body and "block" not in body


def test_newsml_without_namespace_after_bom_and_blank_lines_reads_xhtml_body():
    story = only_story(newsml, "newsml/flood_xhtml.xml")
    assert story.headline == "Café owners in Brackenvale count the cost"
    assert story.body_html == "<p>The café reopened <strong>on Friday</strong>.</p>"
    assert story.version is None
    assert story.updated_at == datetime(2024, 12, 2, 13, 14, tzinfo=UTC)
    assert len(story.warnings) == 2


def test_newsml_concept_item_is_not_a_news_story():
    items = parse_all(newsml, "newsml/concept.xml")
    assert len(items) == 1 and items[0].story is None
    assert "no news item with text content" in items[0].error.message


def test_newsml_picture_alone_is_not_a_story():
    items = parse_all(newsml, "newsml/picture_only.xml")
    assert "1 picture item" in items[0].error.message


def test_newsml_unreadable_date_is_an_item_error():
    items = parse_all(newsml, "newsml/bad_date.xml")
    assert items[0].error.field == "versionCreated"


def test_newsml_malformed_xml_reports_the_line():
    with pytest.raises(ImportFailure) as caught:
        parse_all(newsml, "newsml/invalid.xml")
    assert caught.value.where == "invalid.xml line 5"


def test_newsml_sniff_recognises_g2():
    assert newsml.sniff((FIXTURES / "newsml/flood_package.xml").read_bytes()[:4096])
    assert not newsml.sniff((FIXTURES / "nitf/flood_namespaced.xml").read_bytes()[:4096])
