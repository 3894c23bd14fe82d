"""The words found, marked in the headlines, standfirsts and bylines of the page shown (safe HTML: escaped text
with <mark> around them). PostgreSQL marks headline and standfirst itself (``ts_headline``: stemmed, so "floods"
marks "flooded"); elsewhere, and always in bylines, the words are found here."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.search.query import wanted_words

# ts_headline marks found words with these (private-use characters no headline holds); the text is escaped, then
# they become <mark> tags, so nothing of the headline itself is ever taken as markup.
MARK_START, MARK_END = "\ue000", "\ue001"


def highlight(articles, text: str) -> None:
    """Sets ``marked_headline``, ``marked_standfirst`` and ``marked_byline`` on each of the page's stories."""
    words = wanted_words(text)
    for article in articles:
        from_database = getattr(article, "headline_marked", None) is not None
        if from_database:
            article.marked_headline = _from_sentinels(article.headline_marked, article.headline)
            article.marked_standfirst = _from_sentinels(article.standfirst_marked, article.standfirst)
        else:
            article.marked_headline = mark_words(article.headline, words)
            article.marked_standfirst = mark_words(article.standfirst, words)
        article.marked_byline = mark_words(article.byline, words)


def mark_words(text: str, words: list[str]):
    """Escapes ``text`` and puts <mark> around each place one of ``words`` appears (any case)."""
    if not words or not text:
        return escape(text)
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts += [escape(text[last : found.start()]), "<mark>", escape(found.group(0)), "</mark>"]
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text went through escape()


def _from_sentinels(marked: str, original: str):
    if marked.count(MARK_START) != marked.count(MARK_END):
        return escape(original)  # the text held the markers itself: show it plain rather than guess
    html = str(escape(marked)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # escaped first; the only tags are the marks put in for the markers
