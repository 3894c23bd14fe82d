"""Helpers for the import tests: the sample files, ninjs stories written on the fly, and a picture to go with them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories import jpeg_bytes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"


def parse_all(module, relative: str):
    return list(module.parse(FIXTURES / relative))


def only_story(module, relative: str):
    items = parse_all(module, relative)
    assert len(items) == 1 and items[0].error is None, items
    return items[0].story


def ninjs_story(
    uri: str = "urn:newsroom:test:1",
    *,
    version: int = 1,
    headline: str = "Ferry cancelled in gales",
    body: str = "<p>The morning ferry stayed in port.</p>",
    picture: str = "",
    **extra,
) -> dict:
    story = {
        "uri": uri,
        "version": str(version),
        "type": "text",
        "versioncreated": "2025-01-14T07:40:00Z",
        "headline": headline,
        "body_html": body,
        **extra,
    }
    if picture:
        story["associations"] = {
            "featuremedia": {
                "type": "picture",
                "renditions": {"original": {"href": picture, "mimetype": "image/jpeg"}},
                "description_text": "The ferry at its berth",
                "creditline": "PA",
                "alt": "A ferry tied up at a quay",
            }
        }
    return story


def write_ninjs(path: Path, *stories: dict) -> Path:
    path.write_text("\n".join(json.dumps(story) for story in stories) + "\n", encoding="utf-8")
    return path


def write_picture(path: Path, color=(200, 30, 30)) -> Path:
    path.write_bytes(jpeg_bytes(width=320, height=200, color=color))
    return path
