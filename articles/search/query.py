"""How a reader's words are read, the same on every backend: words are all required, ``OR`` between two offers
either, ``"a quoted phrase"`` must appear as written, ``-word`` (or ``-"a phrase"``) must not appear.

PostgreSQL reads them with ``websearch_to_tsquery`` (stemmed, English configuration); ``parse_query`` reads them the
same way for the SQLite backend, for highlighting, and for any engine that wants the terms.
"""

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10  # the SQLite backend builds one condition per word; keep the SQL bounded


@dataclass(frozen=True)
class Term:
    text: str  # a word, or a phrase's words joined by single spaces
    excluded: bool = False


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def tidy(text: str) -> str:
    """Whitespace folded, cut to ``MAX_QUERY_LENGTH``."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def parse_query(text: str) -> list[list[Term]]:
    """The query as alternatives (any may match), each a list of terms (all must), read as websearch_to_tsquery
    reads it: ``OR`` splits the alternatives, so ``a b OR "c d" -e`` is ``[[a, b], ["c d", not e]]``."""
    groups: list[list[Term]] = [[]]
    count = 0
    for match in _TOKEN.finditer(text):
        minus, phrase, word = match.groups()
        if word is not None and word.upper() == "OR":
            if groups[-1]:
                groups.append([])
            continue
        if count >= MAX_WORDS:
            break
        if word is not None:
            minus, phrase = ("-", word[1:]) if word.startswith("-") else ("", word)
        words = " ".join(phrase.replace('"', " ").split()).strip(".,;:!?'()")
        if words:
            groups[-1].append(Term(words, excluded=bool(minus)))
            count += 1
    return [group for group in groups if group]


def wanted_words(text: str) -> list[str]:
    """The words and phrases a result is expected to show (not the excluded ones), for highlighting."""
    return [term.text for group in parse_query(text) for term in group if not term.excluded]
