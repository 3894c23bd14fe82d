"""Documents declaring entities are refused however they are dressed up, and never reach a lenient parser."""

import pytest

from articles.importers.formats import xmlsafe
from articles.importers.records import Outcome
from articles.importers.run import run_import
from articles.models import Article

pytestmark = pytest.mark.django_db

ENTITY_DTD = b'<!DOCTYPE nitf [<!ENTITY boom "exploded">]>\n'
PADDING = b"<!-- " + b"padding " * 9000 + b"-->\n"  # pushes the DTD past the prolog scan's window


def test_a_comment_holding_a_doctype_does_not_hide_the_real_one_from_the_prolog_scan():
    data = b'<?xml version="1.0"?>\n<!-- <!DOCTYPE x> -->\n' + ENTITY_DTD + b"<nitf>&boom;</nitf>"

    with pytest.raises(xmlsafe.RefusedDocument, match="declares XML entities"):
        xmlsafe._check_prolog(data, "story.xml")


def test_a_document_read_as_windows_1252_is_still_refused_when_it_declares_entities():
    data = PADDING + ENTITY_DTD + b"<nitf><head><title>Caf\xe9 &boom;</title></head></nitf>"

    with pytest.raises(xmlsafe.RefusedDocument):
        xmlsafe.parse_xml(data, name="story.xml")


def test_a_broken_feed_declaring_entities_fails_instead_of_being_read_leniently(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + PADDING
        + b'<!DOCTYPE rss [<!ENTITY boom "exploded">]>\n'
        + b"<rss><channel><title>Wire</title><item><title>Harbour &boom;</title><link>https://example.org/a</link>"
        + b"<description>Text</description></item></channel>"
    )

    report = run_import([path], format="rss")

    assert [item.outcome for item in report.items] == [Outcome.FAILED]
    assert not Article.objects.exists()
