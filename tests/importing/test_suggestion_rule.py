"""One rule for suggestions on every route: the desk, ``import_articles`` and polled sources.

Suggestions are proposals the desk's dry run shows for the stories the run will write, applied only when the
editor leaves them ticked; once applied they are the desk's addition to the story, not part of its copy. So a
re-import of unchanged copy is "unchanged" on every route, a route that offers no suggestions never takes applied
ones off, and the desk's dry run counts what its confirm (with the suggestions as offered) then does.
"""

import functools
import io
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from ingest import sources
from ingest.importers import run as run_module
from ingest.importers.fetch import ImageFetcher
from ingest.importers.records import Outcome
from ingest.importers.run import run_import
from ingest.models import Kind, Source
from tests.factories import RegionFactory, SectionFactory, TopicFactory
from tests.importing import FIXTURES, ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db
URL = "admin:articles_article_import"
WXR = FIXTURES / "wxr" / "export.xml"
WIRE_COPY = "<p>Shelling around Aleppo stopped overnight. Officials in Iraq said a second route was possible.</p>"


@pytest.fixture(autouse=True)
def _no_web_pictures(monkeypatch):
    """The export's pictures are on the web: every route leaves placeholders instead of fetching them."""
    monkeypatch.setattr(run_module, "ImageFetcher", functools.partial(ImageFetcher, fetch_remote=False))


@pytest.fixture
def vocabulary():
    """Tags the copy names: the export's "shearers … weather … wool prices" and the wire's Aleppo and Iraq."""
    world = RegionFactory(name="World", slug="world")
    RegionFactory(name="Aleppo", slug="aleppo", parent=world)
    RegionFactory(name="Iraq", slug="iraq", parent=world)
    TopicFactory(name="Weather", slug="weather")
    TopicFactory(name="Prices", slug="prices")
    SectionFactory(name="World", slug="world")


def _upload(path, name=None) -> io.BytesIO:
    file = io.BytesIO(path.read_bytes())
    file.name = name or path.name
    return file


def _desk(client, path, *, untick=()) -> tuple[dict, dict, list[dict]]:
    """Preview ``path`` on the desk and confirm it with the suggestions as offered (less ``untick``): the dry
    run's counts, the confirm's counts and the dry run's cards."""
    preview = client.post(reverse(URL), {"files": [_upload(path)], "format": "auto"})
    assert preview.status_code == 200
    cards = preview.context["cards"]
    ticked = [value for card in cards for value, label in card["choices"] if label not in untick]
    final = client.post(reverse(URL), {"token": preview.context["token"], "picks": "1", "pick": ticked})
    assert final.status_code == 200 and final.context["done"]
    return preview.context["summary"], final.context["summary"], cards


def _command(path) -> str:
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    return out.getvalue()


def _tags(headline: str) -> tuple[list[str], list[str], str]:
    article = Article.objects.get(headline=headline)
    regions = sorted(article.regions.values_list("name", flat=True))
    topics = sorted(article.topics.values_list("name", flat=True))
    return regions, topics, article.section.name if article.section else ""


def test_a_wordpress_export_reimported_by_desk_command_and_desk_stays_unchanged_and_keeps_its_topics(
    editor_client, vocabulary
):
    dry, confirmed, cards = _desk(editor_client, WXR)
    assert dry == confirmed == {"created": 2}
    offered = {label for card in cards for value, label in card["choices"]}
    assert {"Weather (topic)", "Prices (topic)"} <= offered
    tagged = _tags("Shearing season starts early")
    assert {"Weather", "Prices", "Wool"} <= set(tagged[1])

    output = _command(WXR)

    assert "2 unchanged" in output and "updated" not in output
    assert _tags("Shearing season starts early") == tagged

    dry, confirmed, cards = _desk(editor_client, WXR)

    assert dry == confirmed == {"unchanged": 2}
    assert all(not card["choices"] for card in cards)  # a story the run leaves alone is offered nothing
    assert _tags("Shearing season starts early") == tagged


def test_pasted_copy_filed_by_its_suggestions_stays_put_when_the_command_imports_the_same_copy(
    editor_client, vocabulary, tmp_path
):
    RegionFactory(name="Syria", slug="syria")
    copy = tmp_path / "pasted-copy.txt"
    shutil.copy(FIXTURES / "pasted_copy.txt", copy)
    preview = editor_client.post(reverse(URL), {"paste": copy.read_text(encoding="utf-8"), "format": "auto"})
    (card,) = preview.context["cards"]
    assert card["suggestions"]["section"] == "World"
    ticked = [value for value, label in card["choices"]]
    editor_client.post(reverse(URL), {"token": preview.context["token"], "picks": "1", "pick": ticked})
    headline = Article.objects.get().headline
    tagged = _tags(headline)
    assert tagged == (["Aleppo", "Iraq", "Syria"], [], "World")

    assert "1 unchanged" in _command(copy)
    assert _tags(headline) == tagged


def test_a_ninjs_story_reimported_through_a_polled_source_keeps_what_the_editor_ticked_and_unticked(
    editor_client, vocabulary, tmp_path
):
    wire = write_ninjs(tmp_path / "wire.jsonl", ninjs_story("urn:wire:1", headline="Guns fall silent", body=WIRE_COPY))
    dry, confirmed, _ = _desk(editor_client, wire, untick={"Iraq"})
    assert dry == confirmed == {"created": 1}
    assert _tags("Guns fall silent")[0] == ["Aleppo"]
    source = Source.objects.create(name="Wire", kind=Kind.NINJS, url="https://wire.example/feed")

    report = sources.import_paths(source, [wire])

    assert [item.outcome for item in report.items] == [Outcome.UNCHANGED]
    dry, confirmed, cards = _desk(editor_client, wire)
    assert dry == confirmed == {"unchanged": 1}
    assert not cards[0]["choices"]  # "Iraq" is not pressed on the editor again for copy that did not change
    assert _tags("Guns fall silent")[0] == ["Aleppo"]


def test_a_new_version_imported_by_the_command_keeps_the_regions_the_desk_applied(editor_client, vocabulary, tmp_path):
    first = write_ninjs(tmp_path / "v1.jsonl", ninjs_story("urn:wire:1", headline="Guns fall silent", body=WIRE_COPY))
    _desk(editor_client, first, untick={"Iraq"})

    newer = ninjs_story("urn:wire:1", version=2, headline="Guns fall silent for a second day", body=WIRE_COPY)
    report = run_import([write_ninjs(tmp_path / "v2.jsonl", newer)], fetch_remote=False)

    assert [item.outcome for item in report.items] == [Outcome.UPDATED]
    assert "regions" not in report.items[0].changed_fields
    assert _tags("Guns fall silent for a second day")[0] == ["Aleppo"]


def test_the_desks_dry_run_of_a_new_version_counts_what_its_confirm_does(editor_client, vocabulary, tmp_path):
    """A new version whose words did not change is "unchanged" without the suggestions, "updated" with them."""
    wire = ninjs_story("urn:wire:1", headline="Guns fall silent", body=WIRE_COPY)
    run_import([write_ninjs(tmp_path / "v1.jsonl", wire)], fetch_remote=False)
    restamped = write_ninjs(tmp_path / "v2.jsonl", {**wire, "version": "2"})

    dry, confirmed, cards = _desk(editor_client, restamped)

    assert dry == confirmed == {"updated": 1}
    assert [label for value, label in cards[0]["choices"]] == ["Aleppo", "Iraq"]
    assert _tags("Guns fall silent")[0] == ["Aleppo", "Iraq"]
