"""Parsing NITF, namespaced or not, in UTF-8 or Latin-1. No database needed."""

from datetime import UTC, datetime

from ingest.importers.formats import nitf
from tests.importing import FIXTURES, only_story, parse_all


def test_nitf_latin1_without_namespace_keeps_accents():
    story = only_story(nitf, "nitf/flood_latin1.xml")
    assert story.headline == "Floods reach Sainte-Hélène in the Brackenvale valley"
    assert story.byline == "Zoë Lefèvre"
    assert "Amélie Durand" in story.body_html
    assert story.regions == ["Sainte-Hélène", "England"]


def test_nitf_docdata_gives_guid_version_and_dates():
    story = only_story(nitf, "nitf/flood_latin1.xml")
    assert story.guid == "PA-2024-12-02-0412"
    assert story.version == 3
    assert story.published_at == datetime(2024, 12, 2, 13, 14, tzinfo=UTC)
    assert story.source_name == "Press Association"
    assert story.topic_codes == ["subj:17004000"]
    assert story.topics == ["Weather warning"]
    assert story.standfirst == "Water reached the café terraces of Sainte-Hélène on Monday."


def test_nitf_first_media_is_lead_and_the_next_is_placed_inline():
    story = only_story(nitf, "nitf/flood_latin1.xml")
    lead, inline = story.images
    assert lead.source == "https://img.example.org/helene-large.jpg"
    assert (lead.caption, lead.credit, lead.alt) == ("Flood water in the town centre", "PA", "Flooded square")
    assert (inline.caption, inline.credit) == ("A rescue boat on the high street.", "Sam Reed / PA")
    assert '<figure data-import-image="media2"></figure><p>More rain is forecast.</p>' in story.body_html
    assert "<h2>Roads closed</h2>" in story.body_html and "&amp; Millbridge" in story.body_html
    assert "tagline" not in story.body_html and "PA Media" not in story.body_html


def test_nitf_namespaced_body_converts_quotes_and_lists():
    story = only_story(nitf, "nitf/flood_namespaced.xml")
    assert "<blockquote><p>We are relieved.</p><cite>A resident</cite></blockquote>" in story.body_html
    assert "<ul><li>Schools open</li><li>Buses running</li></ul>" in story.body_html
    assert story.guid.startswith("nitf:sha1:")
    assert story.regions == ["MILLBRIDGE"]


def test_nitf_missing_headline_and_bad_date_are_item_errors():
    assert parse_all(nitf, "nitf/missing_headline.xml")[0].error.field == "headline"
    assert parse_all(nitf, "nitf/bad_date.xml")[0].error.where == "bad_date.xml item 1"


def test_nitf_undeclared_latin1_is_read_as_windows_1252_with_a_warning():
    story = only_story(nitf, "nitf/undeclared_latin1.xml")
    assert story.headline == "Crêpes for flood volunteers"
    assert any("Windows-1252" in warning for warning in story.warnings)


def test_nitf_sniff():
    assert nitf.sniff((FIXTURES / "nitf/flood_latin1.xml").read_bytes()[:4096])
    assert not nitf.sniff((FIXTURES / "newsml/flood_package.xml").read_bytes()[:4096])
