"""manage.py bench_import — import N generated ninjs stories (no pictures) and report items/s and peak memory.

It runs the real import path (parse, per-item transaction, revision, tags) into the current database,
so run it against a scratch database. The last line printed is one JSON object for scripts.
"""

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from ingest.importers.run import run_import

REGIONS = ["London", "Manchester", "Cardiff", "Glasgow", "Belfast"]
TOPICS = ["medtop:11000000", "medtop:15000000", "medtop:04000000", "medtop:17000000"]
AUTHORS = ["Jane Roe", "John Doe", "Ama Mensah", "Li Wei", "Sara Khan", "Tom Price"]


def story(n: int) -> dict:
    paragraphs = "".join(f"<p>Paragraph {p} of generated story {n}: the council met again today.</p>" for p in range(8))
    return {
        "uri": f"urn:bench:story:{n}",
        "version": "1",
        "type": "text",
        "versioncreated": "2025-01-14T07:40:00Z",
        "headline": f"Generated story number {n} about council business",
        "description_text": f"A short standfirst for story {n}.",
        "body_html": paragraphs,
        "byline": AUTHORS[n % len(AUTHORS)],
        "located": REGIONS[n % len(REGIONS)],
        "subject": [{"code": TOPICS[n % len(TOPICS)].split(":")[1], "scheme": "medtop", "name": "x"}],
        "place": [{"name": REGIONS[n % len(REGIONS)]}],
    }


class Command(BaseCommand):
    help = "Benchmark: import generated ninjs stories and report items/second and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)

    def handle(self, *args, **options):
        count = options["count"]
        with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp:
            path = Path(tmp) / "bench.jsonl"
            with open(path, "w", encoding="utf-8") as out:
                for n in range(count):
                    out.write(json.dumps(story(n)) + "\n")
            before = _peak_mb()
            started = time.perf_counter()
            report = run_import([path], fetch_remote=False)
            elapsed = time.perf_counter() - started
        figures = {
            "items": len(report.items),
            **report.summary(),
            "seconds": round(elapsed, 2),
            "items_per_second": round(len(report.items) / elapsed, 1),
            "peak_rss_mb": round(_peak_mb(), 1),
            "peak_rss_mb_before_import": round(before, 1),
        }
        self.stdout.write(
            f"{figures['items']} items in {figures['seconds']} s: {figures['items_per_second']} items/s, "
            f"peak RSS {figures['peak_rss_mb']} MB"
        )
        self.stdout.write(json.dumps(figures))


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
