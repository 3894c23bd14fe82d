"""The JSON Feed 1.1 rules a feed reader relies on (https://www.jsonfeed.org/version/1.1/), checked in the tests.

The suite owns it; the conformance run (conformance/feeds.py) borrows it, never the other way round.
"""

import re
from urllib.parse import urlparse

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_FEED_KEYS = {
    "version",
    "title",
    "home_page_url",
    "feed_url",
    "description",
    "user_comment",
    "next_url",
    "icon",
    "favicon",
    "authors",
    "author",
    "language",
    "expired",
    "hubs",
    "items",
}
_ITEM_KEYS = {
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "image",
    "banner_image",
    "date_published",
    "date_modified",
    "authors",
    "author",
    "tags",
    "language",
    "attachments",
}
_URL_KEYS = {"home_page_url", "feed_url", "next_url", "icon", "favicon", "url", "external_url", "image", "banner_image"}


def json_feed_problems(document: dict) -> list[str]:
    """What a JSON Feed 1.1 document gets wrong (https://www.jsonfeed.org/version/1.1/); [] when it is sound."""
    problems = []
    if document.get("version") != JSON_FEED_VERSION:
        problems.append(f"version is {document.get('version')!r}")
    if not isinstance(document.get("title"), str):
        problems.append("the feed has no title")
    if not isinstance(document.get("items"), list):
        return [*problems, "items is not a list"]
    problems += _object_problems("feed", document, _FEED_KEYS)
    ids = [item.get("id") for item in document["items"]]
    if len(set(ids)) != len(ids):
        problems.append("item ids are not unique")
    for n, item in enumerate(document["items"]):
        problems += _item_problems(f"item {n}", item)
    return problems


def _object_problems(where: str, obj: dict, known: set[str]) -> list[str]:
    problems = [f"{where}: unknown key {key!r}" for key in obj if key not in known and not key.startswith("_")]
    for key in _URL_KEYS & obj.keys():
        if urlparse(str(obj[key])).scheme not in {"http", "https"}:
            problems.append(f"{where}: {key} is not an absolute URL")
    for author in obj.get("authors", []):
        if not (isinstance(author, dict) and {"name", "url", "avatar"} & author.keys()):
            problems.append(f"{where}: an author has neither name, url nor avatar")
    return problems


def _item_problems(where: str, item: dict) -> list[str]:
    problems = _object_problems(where, item, _ITEM_KEYS)
    if not isinstance(item.get("id"), str) or not item["id"]:
        problems.append(f"{where}: id must be a non-empty string")
    if not ({"content_html", "content_text"} & item.keys()):
        problems.append(f"{where}: neither content_html nor content_text")
    for key in ("date_published", "date_modified"):
        if key in item and not _RFC3339.fullmatch(str(item[key])):
            problems.append(f"{where}: {key} is not an RFC 3339 date")
    if not all(isinstance(tag, str) for tag in item.get("tags", [])):
        problems.append(f"{where}: tags must be strings")
    for attachment in item.get("attachments", []):
        if not {"url", "mime_type"} <= attachment.keys():
            problems.append(f"{where}: an attachment lacks url or mime_type")
    return problems
