"""The seed page's text pasted into the desk's import: the dry run proposes the regions and the section it names.

``../shared/seed`` holds the text of the page the product was designed from (others' copyright: read here,
never copied into the repository). With a vocabulary like the demo's (World the section; Syria with Aleppo and
Idlib, Iraq, and places the copy does not name), pasting it must propose World, Syria, Aleppo, Idlib and Iraq
and nothing the copy does not name.
"""

from pathlib import Path

EXPECTED_REGIONS = {"Syria", "Aleppo", "Idlib", "Iraq"}
NOT_NAMED = {"Wales", "Peru"}


def run(samples: Path, report) -> None:
    seed = samples.parent / "seed"
    texts = sorted(seed.glob("*.txt")) if seed.is_dir() else []
    if not texts:
        report.skip("seed", f"no seed text in {seed}")
        return
    _vocabulary()
    for path in texts:
        _check(path, report)


def _vocabulary() -> None:
    from articles.models import Region, Section

    Section.objects.get_or_create(slug="world", defaults={"name": "World"})
    syria, _ = Region.objects.get_or_create(slug="syria", defaults={"name": "Syria"})
    for name in ("Aleppo", "Idlib"):
        Region.objects.get_or_create(slug=name.lower(), defaults={"name": name, "parent": syria})
    for name in ("Iraq", *NOT_NAMED):
        Region.objects.get_or_create(slug=name.lower(), defaults={"name": name})


def _check(path: Path, report) -> None:
    from ingest.importers.run import run_import

    what = f"seed/{path.name} pasted as copy"
    result = run_import([path], format="text", dry_run=True, preview=True)
    cards = [item.preview for item in result.items if item.preview]
    if len(cards) != 1:
        report.fail(what, f"expected one story card, got {len(cards)} ({[i.outcome.value for i in result.items]})")
        return
    suggested = cards[0]["suggestions"]
    regions, section = set(suggested.get("regions", [])), suggested.get("section", "")
    problems = []
    if missing := EXPECTED_REGIONS - regions:
        problems.append(f"regions {sorted(regions)} lack {sorted(missing)}")
    if regions & NOT_NAMED:
        problems.append(f"proposes {sorted(regions & NOT_NAMED)}, which the copy does not name")
    if section != "World":
        problems.append(f"section {section!r}, not World")
    if problems:
        report.fail(what, "; ".join(problems))
    else:
        report.ok(what, f"proposes World and {', '.join(sorted(regions))}")
