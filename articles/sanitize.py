"""Body HTML sanitising: the one allow-list for what an article body may contain.

nh3 (Rust's ammonia) parses the HTML as a browser would and keeps only the tags and attributes below,
so scripts, event handlers, styles and javascript: URLs never reach a reader, whatever the source
(the editor, an import, a paste).
"""

import nh3

from articles import embeds

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "small",
    "blockquote",
    "q",
    "cite",
    "ul",
    "ol",
    "li",
    "a",
    "abbr",
    "code",
    "pre",
    "figure",
    "figcaption",
    "img",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    # A library picture's id; an embedded post's provider and address (articles.embeds checks them).
    "figure": {"data-image-id", "data-embed-provider", "data-embed-url"},
    "span": {"class"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes={"figure": {"embed"}},
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_body(html: str) -> str:
    """Return body HTML with everything outside the allow-list removed. Idempotent."""
    if not html:
        return ""
    # Embedded posts keep exactly their stored shape, and only for known providers' addresses.
    cleaned = embeds.keep_known(_cleaner.clean(html)).strip()
    # ProseMirror saves an empty editor as one empty paragraph.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


# Corrections and editor's notes: a sentence or two of inline text, with links and emphasis only.
INLINE_TAGS = {"a", "em", "strong", "i", "b"}
_inline_cleaner = nh3.Cleaner(
    tags=INLINE_TAGS,
    attributes={"a": {"href", "title"}},
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_inline(html: str) -> str:
    """Inline HTML with everything but links and emphasis removed (block tags go, their text stays). Idempotent."""
    return _inline_cleaner.clean(html or "").strip()
