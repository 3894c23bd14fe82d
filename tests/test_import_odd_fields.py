"""Wire items with fields of unexpected types fail on their own, or are read sensibly; the file goes on."""

import json
from pathlib import Path

import pytest

from articles.importers.formats import nitf
from articles.importers.records import Outcome
from articles.importers.run import run_import
from articles.models import Article
from tests.importing import ninjs_story

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _write(path: Path, *items) -> Path:
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    return path


def test_a_ninjs_byline_given_as_a_list_becomes_the_joined_names(tmp_path):
    run_import([_write(tmp_path / "w.jsonl", ninjs_story(by=["Ann Lee", {"name": "Bo Chen"}]))])

    assert Article.objects.get().byline == "Ann Lee, Bo Chen"


def test_a_ninjs_source_name_that_is_not_text_is_read_as_text(tmp_path):
    run_import([_write(tmp_path / "w.jsonl", ninjs_story(infosource=[{"name": 42}]))])

    assert Article.objects.get().source.name == "42"


def test_a_ninjs_item_with_an_unreadable_field_fails_alone_and_the_next_item_imports(tmp_path):
    bad = ninjs_story("urn:newsroom:test:bad", headlines=5)
    good = ninjs_story("urn:newsroom:test:good", headline="Pier repairs finished")

    report = run_import([_write(tmp_path / "w.jsonl", bad, good)])

    assert [item.outcome for item in report.items] == [Outcome.FAILED, Outcome.CREATED]
    assert report.items[0].where == "w.jsonl item 1"
    assert "(field: texts)" in report.items[0].reason
    assert Article.objects.get().headline == "Pier repairs finished"


def test_an_nitf_picture_with_height_auto_does_not_stop_the_story():
    [parsed] = list(nitf.parse(FIXTURES / "nitf" / "auto_height_picture.xml"))

    assert parsed.error is None
    assert parsed.story.images[0].source == "large.jpg"
