"""python -m conformance --samples DIR [--only imports,pages,feeds]"""

import argparse
import importlib
import os
import sys
import tempfile
from pathlib import Path

CHECKS = ("imports", "pages", "feeds", "api", "seed")


class Report:
    def __init__(self):
        self.failures: list[str] = []
        self.passes = 0

    def ok(self, what: str, detail: str = "") -> None:
        self.passes += 1
        print(f"  ok    {what}{': ' + detail if detail else ''}")

    def fail(self, what: str, detail: str) -> None:
        self.failures.append(f"{what}: {detail}")
        print(f"  FAIL  {what}: {detail}")

    def skip(self, what: str, why: str) -> None:
        print(f"  skip  {what}: {why}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=Path, required=True)
    parser.add_argument("--only", default=",".join(CHECKS))
    args = parser.parse_args()
    if not args.samples.is_dir():
        print(f"conformance: samples folder {args.samples} not found", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="newsroom-conformance-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("SECRET_KEY", "conformance-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("SECURE_HTTPS", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    # The run checks what pages and feeds carry; an editor's second factor is tested in the suite.
    os.environ.setdefault("NEWSROOM_REQUIRE_2FA", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    report = Report()
    for name in args.only.split(","):
        print(f"== {name}")
        module = importlib.import_module(f"conformance.{name}")
        module.run(args.samples.resolve(), report)
    print(f"{report.passes} passed, {len(report.failures)} failed")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
