"""Parsing ninjs (versions 1 to 3, JSON and JSON lines). No database needed."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ingest.importers.formats import ninjs
from ingest.importers.records import ImportFailure
from tests.importing import FIXTURES, only_story, parse_all


def _wire_story(n: int) -> dict:
    return {"uri": f"urn:wire:{n}", "headline": f"Council meeting {n}", "body_html": "<p>The council met.</p>" * 20}


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
