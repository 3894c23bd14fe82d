"""Template tags for the readers' site: figures and pictures from named renditions, JSON-LD, the body."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.body import render_body
from articles.seo import local_iso

register = template.Library()

# As Django's json_script: nothing in the data can close the <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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


@register.filter
def body_html(body: str) -> SafeString:
    return render_body(body)


@register.filter
def iso(moment) -> str:
    """A <time datetime> value: local time to the second (HTML allows at most three decimal places)."""
    return local_iso(moment)
