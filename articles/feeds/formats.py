"""Feed writers: RSS 2.0 with Media RSS and Dublin Core, Atom 1.0 with the same picture, and JSON Feed 1.1.

Each takes the items ``articles.feeds.views`` gives Django's syndication framework plus three extras per item:
``lead_image`` (a ``LeadImage`` or None), ``summary_text`` (the standfirst as plain text) and ``content_html``
(the full body, only in the full-text variant). XML is written through Django's ``SimplerXMLGenerator``,
JSON through ``json``: no markup is assembled by hand.

What is written for an item is a function of the item alone (the values the feed's methods gave for it), so each
writer keeps what it wrote per item, keyed by those values (``WRITTEN``): every feed lists the same newest stories,
and a story's item is written once per version of it. Any change to any value is a new key.
"""

import io
import json
from dataclasses import dataclass

from django.utils import feedgenerator
from django.utils.xmlutils import SimplerXMLGenerator

from articles import fragments

MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Picture:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class LeadImage:
    main: Picture
    thumbnail: Picture
    caption: str
    credit: str
    mime_type: str = "image/jpeg"


def _write_media(handler, image: LeadImage) -> None:
    """The Media RSS group readers' apps and aggregators look for: picture, caption, credit, thumbnail."""
    handler.startElement(
        "media:content",
        {
            "url": image.main.url,
            "type": image.mime_type,
            "medium": "image",
            "width": str(image.main.width),
            "height": str(image.main.height),
        },
    )
    if image.caption:
        handler.addQuickElement("media:description", image.caption, {"type": "plain"})
    if image.credit:
        handler.addQuickElement("media:credit", image.credit, {"scheme": "urn:ebu"})
    handler.endElement("media:content")
    handler.addQuickElement(
        "media:thumbnail",
        None,
        {"url": image.thumbnail.url, "width": str(image.thumbnail.width), "height": str(image.thumbnail.height)},
    )


# What each writer wrote per item: 1,000 items of about 2 KB (14 KB with the full text, key included) at most.
WRITTEN = fragments.Fragments("feed items", size=1000)


def _frozen(value):
    """An item's value as part of a key: lists, enclosures and pictures as tuples of what they hold."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(part) for part in value)
    if isinstance(value, feedgenerator.Enclosure):
        return ("enclosure", value.url, value.length, value.mime_type)
    return value  # str, numbers, dates, None and the frozen LeadImage are hashable as they are


def _key(writer, item: dict) -> tuple | None:
    key = (type(writer), *((name, _frozen(value)) for name, value in sorted(item.items())))
    try:
        hash(key)
    except TypeError:  # a value this module does not know how to freeze: written afresh every time
        return None
    return key


def _write_item(handler, writer, item: dict, element: str) -> None:
    """One <item> or <entry>, written once per version of the item and kept."""
    key = _key(writer, item)
    text = WRITTEN.get(key) if key else None
    if text is None:
        buffer = io.StringIO()
        scratch = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
        scratch.startElement(element, writer.item_attributes(item))
        writer.add_item_elements(scratch, item)
        scratch.endElement(element)
        text = buffer.getvalue()
        if key:
            WRITTEN.put(key, text)
    handler.ignorableWhitespace(text)  # closes the open start tag, then writes the markup as it is


class NewsRssFeed(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_NS,
            "xmlns:dc": DC_NS,
            "xmlns:dcterms": DCTERMS_NS,
            "xmlns:content": CONTENT_NS,
        }

    def write_items(self, handler):
        for item in self.items:
            _write_item(handler, self, item, "item")

    def add_item_elements(self, handler, item):
        # RSS's own <author> must be an e-mail address; a byline (or an agency's name) is dc:creator.
        super().add_item_elements(handler, {**item, "author_name": None})
        if item["author_name"]:
            handler.addQuickElement("dc:creator", item["author_name"])
        # RSS has no element for the time of the last edit; Dublin Core's is the one feed readers understand.
        if item["updateddate"]:
            handler.addQuickElement("dcterms:modified", feedgenerator.rfc3339_date(item["updateddate"]))
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if item.get("language"):  # a story in another language than the feed's
            handler.addQuickElement("dc:language", item["language"])
        if item.get("lead_image"):
            _write_media(handler, item["lead_image"])


class NewsAtomFeed(feedgenerator.Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        return {**attributes, "xml:lang": item["language"]} if item.get("language") else attributes

    def write_items(self, handler):
        for item in self.items:
            _write_item(handler, self, item, "entry")

    def add_item_elements(self, handler, item):
        # Atom's enclosure link has no use for RSS's mandatory (and here unknown) length: written below without it.
        super().add_item_elements(handler, {**item, "enclosures": ()})
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        image = item.get("lead_image")
        if image:
            handler.addQuickElement("link", "", {"rel": "enclosure", "href": image.main.url, "type": image.mime_type})
            _write_media(handler, image)


class JsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/); the picture's caption and credit, which the
    format has no field for, travel in the ``_newsroom`` extension object the spec allows."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        json.dump(self.document(), outfile, ensure_ascii=False, indent=1)

    def document(self) -> dict:
        feed = self.feed
        document = {
            "version": JSON_FEED_VERSION,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "items": [self.written(item) for item in self.items],
        }
        return {key: value for key, value in document.items() if value is not None}

    def written(self, item: dict) -> dict:
        key = _key(self, item)
        entry = WRITTEN.get(key) if key else None
        if entry is None:
            entry = self.item(item)
            if key:
                WRITTEN.put(key, entry)
        return entry

    def item(self, item: dict) -> dict:
        entry = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item.get("summary_text") or None,
            "date_published": item["pubdate"] and item["pubdate"].isoformat(),
            "date_modified": item["updateddate"] and item["updateddate"].isoformat(),
            "authors": [{"name": item["author_name"]}] if item["author_name"] else None,
            "tags": list(item["categories"]) or None,
            "language": item.get("language") or None,
        }
        if item.get("content_html"):
            entry["content_html"] = item["content_html"]
        else:
            entry["content_text"] = item.get("summary_text") or item["title"]
        image = item.get("lead_image")
        if image:
            entry.update(_json_image(image))
        return {key: value for key, value in entry.items() if value is not None}


def _json_image(image: LeadImage) -> dict:
    attachment = {"url": image.main.url, "mime_type": image.mime_type}
    if image.caption:
        attachment["title"] = image.caption
    return {
        "image": image.main.url,
        "attachments": [attachment],
        "_newsroom": {
            "image": {
                "url": image.main.url,
                "width": image.main.width,
                "height": image.main.height,
                "caption": image.caption,
                "credit": image.credit,
                "thumbnail": {
                    "url": image.thumbnail.url,
                    "width": image.thumbnail.width,
                    "height": image.thumbnail.height,
                },
            }
        },
    }


FEED_TYPES = {"rss": NewsRssFeed, "atom": NewsAtomFeed, "json": JsonFeed}
