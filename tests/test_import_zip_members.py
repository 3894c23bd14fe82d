"""Zip members with odd names: nothing unpacks over another file, and a member naming no file is passed over."""

import json
import zipfile

import pytest

from articles.importers.records import Outcome
from articles.importers.run import run_import
from articles.models import Article
from tests.importing import ninjs_story

pytestmark = pytest.mark.django_db


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return path


def _story(headline: str) -> bytes:
    return json.dumps(ninjs_story(f"urn:newsroom:test:{headline}", headline=headline)).encode()


def test_a_zip_member_named_dot_is_passed_over_and_the_stories_import(tmp_path):
    path = _zip(tmp_path / "batch.zip", {".": b"junk", "wire.json": _story("Harbour wall rebuilt")})

    report = run_import([path])

    assert [item.outcome for item in report.items] == [Outcome.CREATED]
    assert Article.objects.get().headline == "Harbour wall rebuilt"


def test_two_zip_members_unpacking_to_the_same_file_are_refused_naming_both(tmp_path):
    path = _zip(tmp_path / "batch.zip", {"a/story.json": _story("First"), "a\\story.json": _story("Second")})

    report = run_import([path])

    assert [item.outcome for item in report.items] == [Outcome.FAILED]
    assert "'a/story.json' and 'a\\\\story.json' unpack to the same file" in report.items[0].reason
    assert not Article.objects.exists()
