"""One conditional GET of a feed or wire endpoint, through ``newsroom.outbound`` (the client every request to
another host goes through): a source cannot make a worker probe the private network, hold it past its time, or
fill it. Private hosts are reached only where ``NEWSROOM["IMPORT_ALLOW_PRIVATE_HOSTS"]`` allows them, as for
imported pictures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from ingest.importers.fetch import USER_AGENT
from newsroom import outbound

from .models import Kind, Source

ACCEPT = {
    Kind.FEED: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5",
    Kind.NINJS: "application/json, application/ninjs+json;q=0.9, */*;q=0.5",
    Kind.NEWSML: "application/vnd.iptc.g2.newsitem+xml, application/xml;q=0.9, */*;q=0.5",
}
NOT_MODIFIED = 304
CHANGED_OR_NOT = {*outbound.SUCCESS, NOT_MODIFIED}  # a 304 is an answer here, not an error


class SourceProblem(Exception):
    """The source could not be read this time; the message goes into its record."""


@dataclass
class Document:
    body: bytes
    etag: str
    last_modified: str


def fetch_document(source: Source) -> Document | None:
    """The source's current document, or None when it answered 304 Not Modified."""
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT.get(source.kind, "*/*")}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    try:
        response = outbound.request(
            "GET",
            source.url,
            headers=headers,
            timeout=settings.NEWSROOM["INGEST_TIMEOUT"],
            max_bytes=settings.NEWSROOM["INGEST_MAX_BYTES"],
            allow_private=settings.NEWSROOM.get("IMPORT_ALLOW_PRIVATE_HOSTS", False),
            ok_statuses=CHANGED_OR_NOT,
        )
    except outbound.OutboundError as exc:  # its message says what went wrong: "timed out after 30 s", ...
        raise SourceProblem(str(exc)) from exc
    if response.status == NOT_MODIFIED:
        return None
    return Document(response.body, response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""))
