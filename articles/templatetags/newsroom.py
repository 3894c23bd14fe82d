"""Template tags for the readers' site: story cards, figures and pictures from named renditions, JSON-LD, the body."""

import json
from functools import lru_cache

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles import fragments
from articles.body import picture_ids, render_body
from articles.models import Image
from articles.seo import local_iso

register = template.Library()

# As Django's json_script: nothing in the data can close the <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# A card is the same markup wherever the same story is shown the same way: the home page, every section, region
# and topic page and every article's sidebar show the same few hundred, so each is rendered once per process and
# version of its rows (articles.fragments). 4,000 cards are about 6 MB.
CARDS = fragments.Fragments("cards", size=4000)
# Article bodies as readers get them (responsive pictures, click-to-load embeds): about 5 MB.
BODIES = fragments.Fragments("bodies", size=1000)


@register.simple_tag
def card(article, *, size="", image="card", heading="h3", show_section=False, loading="lazy"):
    """A story card (``articles/_card.html``): ``size`` lead, compact, compact-image, text or "" (a grid card);
    ``image`` the rendition; ``heading`` the headline's element."""
    options = (size, image, heading, bool(show_section), loading)
    context = {
        "article": article,
        "size": size,
        "image": image,
        "heading": heading,
        "show_section": show_section,
        "loading": loading,
    }
    html = fragments.cached(
        CARDS, _card_key(article, options), lambda: get_template("articles/_card.html").render(context)
    )
    return mark_safe(html)


def _card_key(article, options) -> tuple:
    """Every row a card can be drawn from, as loaded: the story, its section, agency and lead picture, and its
    byline's authors (a card that had to read one that was not loaded is not kept: articles.fragments)."""
    return (
        options,
        fragments.row(article),
        fragments.related(article, "section"),
        fragments.related(article, "source"),
        fragments.related(article, "lead_image"),
        fragments.prefetched(article, "article_authors", through="author"),
    )


@register.inclusion_tag("articles/_figure.html")
def figure(image, name, *, caption="", credit="", alt=None, loading="lazy", credit_style="picture"):
    """A <figure> from the named rendition. ``credit_style`` "picture" reads "Picture: PA", "inline" "(PA)"."""
    return {
        "r": image.rendition(name) if image else None,
        "alt": image.alt_text if alt is None and image else alt or "",
        "lazy": loading == "lazy",
        "caption": caption,
        "credit": credit,
        "credit_style": credit_style,
    }


@register.inclusion_tag("articles/_picture.html")
def picture(image, name, *, alt="", loading="lazy"):
    """A bare responsive picture (cards, lists): no caption, the headline beside it says what it is."""
    return {"r": image.rendition(name) if image else None, "alt": alt, "lazy": loading == "lazy"}


@register.simple_tag(takes_context=True)
def json_ld(context, data) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>', context.get("csp_nonce", ""), SafeString(text)
    )


@lru_cache(maxsize=1000)
def _picture_ids(body: str) -> frozenset[int]:
    return frozenset(picture_ids(body))  # the body cleaned first: worth keeping per body text


@register.filter
def body_html(body: str) -> SafeString:
    """The body's markup, kept per body text and version of the pictures it places (fetched here, one query)."""
    ids = _picture_ids(body)
    pictures = Image.objects.in_bulk(ids) if ids else {}
    key = (body, tuple(fragments.row(pictures[pk]) for pk in sorted(pictures)))
    return mark_safe(fragments.cached(BODIES, key, lambda: render_body(body, pictures=pictures)))


@register.filter
def iso(moment) -> str:
    """A <time datetime> value: local time to the second (HTML allows at most three decimal places)."""
    return local_iso(moment)
