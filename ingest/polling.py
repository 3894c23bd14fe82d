"""One conditional GET of a feed or wire endpoint, behind the importer's address guard, size and time limits.

The guard, the redirect check and the capped read are ``ingest.importers.fetch``'s, the same that fetch an
imported picture: a source cannot make a worker probe the private network, hold it past its time, or fill it.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from ingest.importers.fetch import USER_AGENT, ImageProblem, open_checked, read_capped

from .models import Kind, Source

ACCEPT = {
    Kind.FEED: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5",
    Kind.NINJS: "application/json, application/ninjs+json;q=0.9, */*;q=0.5",
    Kind.NEWSML: "application/vnd.iptc.g2.newsitem+xml, application/xml;q=0.9, */*;q=0.5",
}


class SourceProblem(Exception):
    """The source could not be read this time; the message goes into its record."""


@dataclass
class Document:
    body: bytes
    etag: str
    last_modified: str


def fetch_document(source: Source) -> Document | None:
    """The source's current document, or None when it answered 304 Not Modified."""
    timeout = settings.NEWSROOM["INGEST_TIMEOUT"]
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT.get(source.kind, "*/*")}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    # open_checked refuses anything but http and https before urlopen sees it.
    request = urllib.request.Request(source.url, headers=headers)  # noqa: S310
    deadline = time.monotonic() + timeout
    try:
        with open_checked(request, timeout=timeout) as response:
            body = read_capped(response, url=source.url, limit=settings.NEWSROOM["INGEST_MAX_BYTES"], deadline=deadline)
            return Document(body, response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None
        raise SourceProblem(f"the server answered {exc.code} {exc.reason}") from exc
    except ImageProblem as exc:  # the guard's and the size cap's refusals
        raise SourceProblem(str(exc).removeprefix(f"{source.url}: ")) from exc
    except TimeoutError as exc:
        raise SourceProblem(f"timed out after {timeout:g} s") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise SourceProblem(f"timed out after {timeout:g} s") from exc
        raise SourceProblem(f"unreachable ({reason})") from exc
