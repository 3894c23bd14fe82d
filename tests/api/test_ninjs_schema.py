"""The ninjs output against IPTC's official ninjs 2.1 JSON Schema, when the shared samples are beside the repo
(``make conformance`` runs the same check over more stories)."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

SAMPLES = Path(os.environ.get("NEWSROOM_SAMPLES", settings.BASE_DIR.parent / "shared" / "samples"))
SCHEMA = SAMPLES / "01-wire-formats" / "ninjs" / "schemas" / "ninjs-schema_2.1.json"


@pytest.fixture
def validator():
    if not SCHEMA.is_file():
        pytest.skip(f"the ninjs 2.1 schema is not at {SCHEMA}")
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA.read_text()), format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_a_story_with_pictures_is_valid_ninjs_2_1(client, full_story, validator):
    story = client.get(reverse("api:article", kwargs={"article_id": full_story.pk}) + "?format=ninjs").json()

    assert [e.message for e in validator.iter_errors(story)] == []
    assert {a["name"] for a in story["associations"]} == {"featuremedia", "picture-1"}
    broken = {**story, "pubstatus": "live"}  # the check does reject what the schema does not allow
    assert not validator.is_valid(broken)
