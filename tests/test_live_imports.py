"""A wire version that says it adds to the last one becomes an update on a live blog (NewsML-G2 signals)."""

import pytest

from articles.models import Article
from ingest.importers import run_import
from live.models import LiveUpdate
from live.services import start_coverage
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db

ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:agency:2026:storm-live" version="{version}">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <versionCreated>2026-12-03T0{version}:00:00Z</versionCreated>
    <pubStatus qcode="stat:usable"/>
    {signal}
  </itemMeta>
  <contentMeta><headline>{headline}</headline></contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><body><p>{text}</p></body></html>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def wire(tmp_path, version, *, headline, text, update=False):
    path = tmp_path / f"v{version}.xml"
    signal = '<signal qcode="sig:update"/>' if update else ""
    path.write_text(ITEM.format(version=version, signal=signal, headline=headline, text=text), encoding="utf-8")
    return path


@pytest.fixture
def live_story(tmp_path):
    SectionFactory(name="World", slug="world")
    run_import([wire(tmp_path, 1, headline="Storm live", text="Winds are rising.")], publish=True, section="world")
    story = Article.objects.get()
    start_coverage(article=story)
    return story


def test_an_update_signal_on_a_live_story_posts_an_update_and_keeps_the_story(tmp_path, live_story):
    report = run_import(
        [wire(tmp_path, 2, headline="Roof torn off", text="A roof came off in the harbour.", update=True)]
    )

    assert [item.outcome for item in report.items] == ["updated"]
    live_story.refresh_from_db()
    assert "Winds are rising." in live_story.body and "roof" not in live_story.body
    (update,) = LiveUpdate.objects.filter(coverage__article=live_story)
    assert update.title == "Roof torn off" and "A roof came off in the harbour." in update.body


def test_the_same_update_imported_again_is_posted_once(tmp_path, live_story):
    path = wire(tmp_path, 2, headline="Roof torn off", text="A roof came off in the harbour.", update=True)
    run_import([path])

    again = run_import([path])

    assert [item.outcome for item in again.items] == ["unchanged"]
    assert LiveUpdate.objects.filter(coverage__article=live_story).count() == 1


def test_a_version_without_the_signal_replaces_the_story_as_before(tmp_path, live_story):
    report = run_import([wire(tmp_path, 2, headline="Storm live", text="The storm has passed.")])

    assert [item.outcome for item in report.items] == ["updated"]
    live_story.refresh_from_db()
    assert "The storm has passed." in live_story.body
    assert not LiveUpdate.objects.filter(coverage__article=live_story).exists()
