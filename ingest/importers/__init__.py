"""Imports: agency wire files, feeds, WordPress exports, web pages and pasted copy, into articles.

The entry point is ``run_import``; ``FORMATS`` names what it reads; it returns an ``ImportReport`` of one
``ItemResult`` per story (``Outcome`` says what happened), and raises ``ImportFailure`` for a file it cannot read.

The pipeline, in the order a story meets it:
    detect      what a file is (by its content) and what it holds (zips and folders, safely unpacked)
    formats/    one parser per format, each yielding ``ParsedItem``s of ``ImportedStory`` (records.py)
    run         the run over files and items, one transaction per item, the report
    write       one story -> one article, exactly once (guid, version, edited-since checks)
    publishing  whether imported copy may reach readers: live stories, agency status, embargoes
    pictures    pictures placed in the body and as lead, fetched through ``fetch`` (size, type, address guard)
    lookups     sections, sources, authors, regions and topics found by name or code
"""

from ingest.importers.detect import FORMATS
from ingest.importers.records import ImportedImage, ImportedStory, ImportFailure, ImportReport, ItemResult, Outcome
from ingest.importers.run import run_import

__all__ = [
    "FORMATS",
    "ImportFailure",
    "ImportReport",
    "ImportedImage",
    "ImportedStory",
    "ItemResult",
    "Outcome",
    "run_import",
]
