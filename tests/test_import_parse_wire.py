"""Parsing of wire formats (ninjs, NewsML-G2, NITF) and the safe XML reader. No database needed."""

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from articles.importers.formats import newsml, ninjs, nitf, xmlsafe
from articles.importers.records import ImportFailure

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def parse_all(module, relative: str):
    return list(module.parse(FIXTURES / relative))


def only_story(module, relative: str):
    items = parse_all(module, relative)
    assert len(items) == 1 and items[0].error is None, items
    return items[0].story


# --- ninjs ---------------------------------------------------------------------------------------


def test_ninjs_1_flat_keys_give_headline_body_and_standfirst():
    story = only_story(ninjs, "ninjs/flood_v1.json")
    assert story.guid == "urn:example-agency:2024:flood-brackenvale-1"
    assert story.version == 2
    assert story.headline == "Floods cut off villages in the Brackenvale valley"
    assert story.standfirst.startswith("Rescue teams used boats")
    assert story.body_html == (
        "<p>Rescue teams used boats to reach residents on Monday.</p><p>The River Wenn rose two metres overnight.</p>"
    )
    assert story.byline == "Jane Marlowe"
    assert story.where == "flood_v1.json item 1"


def test_ninjs_1_dates_are_timezone_aware():
    story = only_story(ninjs, "ninjs/flood_v1.json")
    assert story.updated_at == datetime(2024, 12, 2, 13, 14, tzinfo=UTC)
    assert story.first_published_at == datetime(2024, 12, 2, 9, 0, tzinfo=UTC)


def test_ninjs_1_subject_scheme_and_code_become_media_topic_qcodes():
    story = only_story(ninjs, "ninjs/flood_v1.json")
    assert story.topic_codes == ["medtop:20000151", "medtop:17000000"]
    assert story.topics == ["flooding", "weather"]
    assert story.regions == ["Millbridge", "Brackenvale", "England"]


def test_ninjs_1_picture_uses_the_original_rendition_with_caption_and_credit():
    story = only_story(ninjs, "ninjs/flood_v1.json")
    image = story.lead_image
    assert image.source == "https://img.example.org/flood-original.jpg"
    assert (image.width, image.height) == (3000, 2000)
    assert image.caption == "Flood water in the town centre"
    assert image.credit == "PA"
    assert image.alt == "Flooded high street in Millbridge"


def test_ninjs_2_prefers_the_html_body_and_reads_uri_media_topics():
    story = only_story(ninjs, "ninjs/flood_v2.json")
    assert story.body_html.startswith("<p>Shopkeepers in Millbridge began pumping")
    assert story.topic_codes == ["medtop:20000151"]
    assert story.updated_at == datetime(2024, 12, 2, 14, 0, tzinfo=timezone(timedelta(hours=1)))
    assert story.source_name == "Example Agency"


def test_ninjs_text_association_is_ignored_with_a_warning():
    story = only_story(ninjs, "ninjs/flood_v2.json")
    assert [image.key for image in story.images] == ["pic1"]
    assert any("'related'" in warning for warning in story.warnings)
    assert story.lead_image.credit == "Sam Reed/PA"


def test_ninjs_3_headlines_array_is_read():
    story = only_story(ninjs, "ninjs/flood_v3.json")
    assert story.headline == "Insurers brace for Brackenvale flood claims"
    assert story.version == 4
    assert story.byline == "Jane Marlowe and Tom Aldous"
    assert story.first_published_at == datetime(2024, 12, 2, 9, 0, tzinfo=UTC)
    assert story.updated_at == datetime(2024, 12, 3, 8, 30, tzinfo=UTC)


def test_ninjs_3_feature_media_is_lead_and_embedded_picture_stays_in_place():
    story = only_story(ninjs, "ninjs/flood_v3.json")
    assert story.lead_image.key == "featuremedia"
    assert story.lead_image.source == "https://img.example.org/sandbags-base.jpg"
    assert story.body_html == (
        '<p>Hundreds of homes were damaged.</p><figure data-import-image="editor_1"></figure>'
        "<p>Claims are expected to pass a million pounds.</p>"
    )
    inline = story.images[1]
    assert (inline.role, inline.credit) == ("inline", "Example Agency")


def test_ninjs_json_lines_yield_one_item_per_line_and_a_missing_headline_is_an_item_error():
    items = parse_all(ninjs, "ninjs/batch.jsonl")
    assert [bool(item.story) for item in items] == [True, False, True]
    assert items[1].error.field == "headline"
    assert items[1].error.where == "batch.jsonl item 2"


def test_ninjs_without_uri_gets_a_stable_hashed_guid_and_naive_date_is_utc():
    first = parse_all(ninjs, "ninjs/batch.jsonl")[2].story
    again = parse_all(ninjs, "ninjs/batch.jsonl")[2].story
    assert first.guid.startswith("ninjs:sha1:") and first.guid == again.guid
    assert first.first_published_at == datetime(2024, 12, 5, 7, 0, tzinfo=UTC)
    assert any("no time zone" in warning for warning in first.warnings)


def test_ninjs_list_with_a_bad_date_fails_only_that_item():
    items = parse_all(ninjs, "ninjs/list_bad_date.json")
    assert items[0].story.headline == "Rail line through Brackenvale reopens"
    assert items[1].error.field == "versioncreated"
    assert "the day after tomorrow" in items[1].error.message


def test_ninjs_invalid_json_is_a_file_error_with_the_line():
    with pytest.raises(ImportFailure) as caught:
        parse_all(ninjs, "ninjs/invalid.json")
    assert caught.value.where == "invalid.json line 3"


def test_ninjs_json_that_is_not_ninjs_is_refused():
    with pytest.raises(ImportFailure, match="not ninjs"):
        parse_all(ninjs, "ninjs/not_ninjs.json")


def _wire_story(n: int) -> dict:
    return {"uri": f"urn:wire:{n}", "headline": f"Council meeting {n}", "body_html": "<p>The council met.</p>" * 20}


def test_ninjs_json_lines_are_read_a_line_at_a_time(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(_wire_story(n)) for n in range(2000)) + "\n", encoding="utf-8")

    with path.open("rb") as stream:
        items = ninjs.parse(stream, name="wire.jsonl")
        first = next(items)
        read_for_the_first = stream.tell()
        rest = list(items)

    assert first.story.headline == "Council meeting 0" and len(rest) == 1999
    assert read_for_the_first < path.stat().st_size / 10


def test_ninjs_list_is_read_an_item_at_a_time(tmp_path):
    path = tmp_path / "wire.json"
    path.write_text(json.dumps([_wire_story(n) for n in range(2000)], indent=1), encoding="utf-8")

    with path.open("rb") as stream:
        items = ninjs.parse(stream, name="wire.json")
        first = next(items)
        read_for_the_first = stream.tell()
        rest = list(items)

    assert first.story.headline == "Council meeting 0"
    assert [item.story.headline for item in rest[-2:]] == ["Council meeting 1998", "Council meeting 1999"]
    assert read_for_the_first < path.stat().st_size / 10


def test_ninjs_list_cut_short_keeps_the_items_before_and_names_the_line(tmp_path):
    path = tmp_path / "cut.json"
    text = json.dumps([_wire_story(n) for n in range(3)], indent=1)
    path.write_text(text[: text.index('"urn:wire:2"')], encoding="utf-8")

    items = ninjs.parse(path)
    headlines = [next(items).story.headline, next(items).story.headline]
    with pytest.raises(ImportFailure) as caught:
        next(items)

    assert headlines == ["Council meeting 0", "Council meeting 1"]
    assert caught.value.where == f"cut.json line {text[: text.index('urn:wire:2')].count(chr(10)) + 1}"
    assert "invalid JSON" in caught.value.message


def test_ninjs_empty_list_is_not_ninjs(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("[]\n", encoding="utf-8")

    with pytest.raises(ImportFailure, match="not ninjs"):
        list(ninjs.parse(path))


def test_ninjs_sniff_recognises_ninjs_and_not_xml():
    assert ninjs.sniff((FIXTURES / "ninjs/flood_v3.json").read_bytes()[:4096])
    assert not ninjs.sniff((FIXTURES / "nitf/flood_namespaced.xml").read_bytes()[:4096])


# --- NewsML-G2 -----------------------------------------------------------------------------------


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


# --- NITF ----------------------------------------------------------------------------------------


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


# --- safe XML ------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", [newsml, nitf])
def test_billion_laughs_is_refused(module):
    with pytest.raises(ImportFailure, match="entities") as caught:
        parse_all(module, "newsml/billion_laughs.xml")
    assert caught.value.where == "billion_laughs.xml"


def test_external_entity_is_refused_and_never_read():
    with pytest.raises(ImportFailure, match="entities") as caught:
        parse_all(newsml, "newsml/xxe.xml")
    assert "root:" not in str(caught.value)


def test_unknown_encoding_declaration_is_a_clear_file_error():
    with pytest.raises(ImportFailure, match="unknown character encoding 'x-brackenvale-7'"):
        parse_all(newsml, "newsml/unknown_encoding.xml")


def test_iter_elements_streams_items_and_clears_them():
    seen = []
    for element in xmlsafe.iter_elements(FIXTURES / "newsml/flood_package.xml", {"newsItem"}):
        seen.append(element.get("guid"))
    assert seen == [
        "urn:example-agency:2024:flood-pic-2",
        "urn:example-agency:2024:flood-text",
        "urn:example-agency:2024:flood-pic-1",
    ]
    assert len(element) == 0  # cleared once the loop moved past it


def test_iter_elements_refuses_entity_declarations():
    with pytest.raises(ImportFailure, match="entities"):
        list(xmlsafe.iter_elements(FIXTURES / "newsml/xxe.xml", {"newsItem"}))


def test_parse_xml_tolerates_bom_and_blank_lines_before_the_declaration():
    root = xmlsafe.parse_xml(b"\xef\xbb\xbf\n  <?xml version='1.0'?><a><b/></a>", name="x.xml")
    assert xmlsafe.localname(root) == "a"
