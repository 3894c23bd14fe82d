"""Conformance run: Newsroom against real third-party material and offline validators.

`make conformance SAMPLES=../shared/samples` runs every check module on a throwaway SQLite database
and exits non-zero if any check failed. Each module has `run(samples: Path, report: Report) -> None`.
"""
