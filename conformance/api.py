"""The content API's ninjs output against the official IPTC ninjs 2.1 JSON Schema from the samples (skipped when
the samples do not carry it), for every story of the conformance content, through the API itself."""

import json
from pathlib import Path

SCHEMA = Path("01-wire-formats/ninjs/schemas/ninjs-schema_2.1.json")


def run(samples: Path, report) -> None:
    schema_file = samples / SCHEMA
    if not schema_file.is_file():
        report.skip("ninjs 2.1 output", f"{SCHEMA} is not in the samples")
        return
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        report.skip("ninjs 2.1 output", "jsonschema is not installed (requirements-dev.txt)")
        return
    from django.test import Client
    from django.urls import reverse

    from conformance.pages import make_demo_content

    make_demo_content()
    validator = Draft202012Validator(
        json.loads(schema_file.read_text()), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    answer = Client().get(reverse("api:articles"), {"format": "ninjs", "limit": 200})
    items = answer.json()["items"]
    if not items:
        report.fail("ninjs 2.1 output", "the API listed no stories")
    for item in items:
        errors = sorted(validator.iter_errors(item), key=lambda e: list(e.absolute_path))
        what = f"ninjs 2.1 {item.get('uri', '?')}"
        if errors:
            report.fail(
                what, "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '.'}: {e.message}" for e in errors[:5])
            )
        else:
            report.ok(what, f"{len(item.get('associations', []))} pictures")
