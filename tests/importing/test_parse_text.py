"""Parsing copy-pasted plain text: headline, date, byline, pictures and credits (no database)."""

import shutil
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from ingest.importers.formats import text
from tests.importing import FIXTURES

LONDON = ZoneInfo("Europe/London")


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
    assert not story.warnings  # a picture without its file is reported once, by the import (pictures.py)
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
