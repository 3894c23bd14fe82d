"""A story as IPTC ninjs 2.1 (https://iptc.org/std/ninjs/), the shape Newsroom's own importer reads back
(``ingest.importers.formats.ninjs``): exported here and imported there, a story keeps its headline, standfirst,
body, byline, source, section, regions, topics, pictures with captions and credits, and dates.

- Topics are ``subjects`` (an IPTC Media Topic URI where the topic has a code); regions are ``places`` and subjects
  with ``rel: "place"``; the section is a subject with ``rel: "section"`` (ninjs has no section of its own; the
  importer reads both back).
- Pictures are ``associations`` of type ``picture``: the lead one named ``featuremedia`` (the name ninjs tools
  use for it), each inline one placed in the body between Superdesk-style ``EMBED`` comments. Their caption is a
  ``descriptions`` entry, the credit line ``by``, the alt text a ``headlines`` entry with role ``alt``; the large
  JPEG rendition is named ``baseImage``.
- ``pubstatus``: ``usable`` for a live story, ``canceled`` once withdrawn or expired, ``withheld`` for what only a
  preview key sees (a scheduled story also carries ``embargoed``).
"""

from __future__ import annotations

import re

from api import shapes
from articles.models import Article, Image, Status
from articles.renditions import RENDITIONS

MEDIA_TYPE = "application/vnd.iptc.ninjs+json"
SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
MEDIA_TOPIC = "http://cv.iptc.org/newscodes/mediatopic/"
_FIGURE = re.compile(r'<figure\b[^>]*\bdata-image-id="(\d+)"[^>]*>.*?</figure>', re.S)


def pubstatus(item: Article) -> str:
    if item.is_published:
        return "usable"
    if item.status == Status.WITHDRAWN or item.is_expired:
        return "canceled"
    return "withheld"


def _texts(*pairs: tuple[str, str]) -> list[dict]:
    return [{"role": role, "value": value} for role, value in pairs if value]


def _renditions(image: Image, absolute) -> list[dict]:
    found = []
    for name in RENDITIONS:
        made = image.rendition(name)
        for variant in made.variants:
            large = name == "hero" and variant == made.fallback
            found.append(
                {
                    "name": "baseImage" if large else f"{name}-{variant.width}-{variant.format}",
                    "href": absolute(variant.url),
                    "contenttype": f"image/{variant.format}",
                    "width": variant.width,
                    "height": variant.height,
                }
            )
    return found


def _picture(name: str, image: Image, absolute, *, alt: str, caption: str, credit: str) -> dict:
    association = {
        "name": name,
        "uri": f"urn:newsroom:picture:{image.content_hash}",
        "type": "picture",
        "headlines": _texts(("alt", alt)),
        "descriptions": _texts(("caption", caption)),
        "by": credit,
        "renditions": _renditions(image, absolute),
    }
    return {key: value for key, value in association.items() if value not in ("", [])}


def _body_and_inline(item: Article, absolute) -> tuple[str, list[dict]]:
    images = {use.image_id: use.image for use in item.inline_images.all()}
    figures = iter(shapes.inline_pictures(item, absolute))
    associations: list[dict] = []

    def embedded(match: re.Match) -> str:
        if int(match.group(1)) not in images:
            return match.group(0)
        shown = next(figures)
        name = f"picture-{len(associations) + 1}"
        image = images[shown["id"]]
        associations.append(
            _picture(name, image, absolute, alt=shown["alt"], caption=shown["caption"], credit=shown["credit"])
        )
        return f'<!-- EMBED START Image {{id: "{name}"}} -->{match.group(0)}<!-- EMBED END Image {{id: "{name}"}} -->'

    return _FIGURE.sub(embedded, shapes.body_html(item, absolute)), associations


def story(item: Article, absolute, *, api_url: str) -> dict:
    body, inline = _body_and_inline(item, absolute)
    associations = inline
    if item.lead_image_id:
        lead = _picture(
            "featuremedia",
            item.lead_image,
            absolute,
            alt=item.lead_alt,
            caption=item.lead_caption,
            credit=item.lead_image.credit,
        )
        associations = [lead, *inline]
    subjects = [
        {
            "name": topic.name,
            "uri": MEDIA_TOPIC + topic.iptc_code.split(":")[-1] if topic.iptc_code else absolute.of(topic),
            "literal": topic.slug,
        }
        for topic in item.topic_list
    ]
    # Regions are subjects too, as the subject list asks, marked ``rel: "place"`` so a reader (Newsroom's own
    # importer among them) takes them for places, not topics; ``places`` carries them as well.
    subjects += [
        {"name": region.name, "rel": "place", "uri": absolute.of(region), "literal": region.slug}
        for region in item.region_list
    ]
    if item.section_id:
        section = item.section
        subjects.append(
            {
                "name": section.name,
                "rel": "section",
                "uri": absolute.of(section),
                "literal": section.slug,
            }
        )
    ninjs = {
        "uri": api_url,
        "standard": {"name": "ninjs", "version": "2.1", "schema": SCHEMA_URI},
        "type": "text",
        "version": str(item.lock_version + 1),
        "firstcreated": shapes.iso(item.first_published_at or item.created_at),
        "versioncreated": shapes.iso(item.updated_at),
        "contentcreated": shapes.iso(item.created_at),
        "embargoed": shapes.iso(item.published_at) if item.is_scheduled else None,
        "expires": shapes.iso(item.expires_at),
        "pubstatus": pubstatus(item),
        "language": item.language_tag,
        "headlines": _texts(("main", item.headline)),
        "descriptions": _texts(("summary", item.standfirst)),
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body}] if body else [],
        "by": item.byline,
        "infosources": [{"name": item.source.name}] if item.source_id else [],
        "subjects": subjects,
        "places": [
            {"name": region.name, "uri": absolute.of(region), "literal": region.slug} for region in item.region_list
        ],
        "associations": associations,
        "altids": [{"role": "canonical-url", "value": item.canonical_url or absolute(item.get_absolute_url())}],
    }
    return {key: value for key, value in ninjs.items() if value not in (None, "", [])}
