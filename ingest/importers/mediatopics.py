"""The top level of the IPTC Media Topics vocabulary (cv.iptc.org/newscodes/mediatopic/), with their qcodes.

The older IPTC Subject Codes (NITF and early NewsML files carry them) number their seventeen top-level
subjects the same way, so ``subj:NN000000`` and its children map to ``medtop:NN000000`` here.
"""

from __future__ import annotations

import re

MEDIA_TOPICS: dict[str, str] = {
    "medtop:01000000": "arts, culture, entertainment and media",
    "medtop:02000000": "crime, law and justice",
    "medtop:03000000": "disaster, accident and emergency incident",
    "medtop:04000000": "economy, business and finance",
    "medtop:05000000": "education",
    "medtop:06000000": "environment",
    "medtop:07000000": "health",
    "medtop:08000000": "human interest",
    "medtop:09000000": "labour",
    "medtop:10000000": "lifestyle and leisure",
    "medtop:11000000": "politics",
    "medtop:12000000": "religion",
    "medtop:13000000": "science and technology",
    "medtop:14000000": "society",
    "medtop:15000000": "sport",
    "medtop:16000000": "conflict, war and peace",
    "medtop:17000000": "weather",
}

_SUBJECT = re.compile(r"^(?:subj|iptc|subjectcode|http://cv\.iptc\.org/newscodes/subjectcode/)[:/]?(\d{2})\d{6}$", re.I)
_MEDTOP = re.compile(r"^(?:medtop:|https?://cv\.iptc\.org/newscodes/mediatopic/)(\d{8})$", re.I)


def normalise(code: str) -> str:
    """``medtop:NNNNNNNN`` for any Media Topic spelling; subject codes become their top-level Media Topic."""
    code = (code or "").strip()
    if match := _MEDTOP.match(code):
        return f"medtop:{match.group(1)}"
    if match := _SUBJECT.match(code):
        return f"medtop:{match.group(1)}000000"
    return ""


def top_level(code: str) -> str:
    """The vocabulary entry a code belongs to, when its number says so ("" for deeper Media Topics)."""
    return code if code in MEDIA_TOPICS else ""
