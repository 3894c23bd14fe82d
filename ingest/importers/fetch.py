"""Getting an imported picture's bytes: from beside the import file, inside an unpacked zip, a data: URL, or the web.

Only the bytes are fetched here; ``articles.services.save_image`` checks they are a real picture and
deduplicates them against the library. Every refusal is an ``ImageProblem`` whose message goes into
the item's report: a missing picture never fails the story.

Web fetches go through ``newsroom.outbound``, guarded against server-side request forgery: only http and
https, and (unless ``NEWSROOM["IMPORT_ALLOW_PRIVATE_HOSTS"]`` is true, as in tests with a local server) only
hosts whose every address is public, checked again on each redirect. The connection goes to the address that was
checked, so a DNS answer that changes after the check (rebinding) reaches nothing new.
"""

from __future__ import annotations

import base64
import binascii
import urllib.parse
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from newsroom import outbound

TIMEOUT = 5  # seconds, for the whole download: connecting, redirects and reading
ACCEPTED_TYPES = ("image/", "application/octet-stream", "binary/octet-stream")
USER_AGENT = "Newsroom importer (+https://github.com/newsroom)"


class ImageProblem(Exception):
    pass


@dataclass
class Fetched:
    data: bytes
    filename: str
    origin: str  # the URL or file it came from, kept on the library image


def _max_bytes() -> int:
    return settings.NEWSROOM["IMAGE_MAX_BYTES"]


def _private_hosts_allowed() -> bool:
    return settings.NEWSROOM.get("IMPORT_ALLOW_PRIVATE_HOSTS", False)


class ImageFetcher:
    """One per run: remembers hosts that did not answer, so a dead CDN costs one timeout, not one per picture."""

    def __init__(self, *, images_dir: Path | None = None, fetch_remote: bool = True):
        self.images_dir = Path(images_dir).resolve() if images_dir else None
        self.fetch_remote = fetch_remote
        self.dead_hosts: dict[str, str] = {}

    def fetch(self, source: str, *, base: Path, root: Path | None = None) -> Fetched:
        """``base`` is the folder of the import file; ``root`` the folder nothing may escape (a zip's)."""
        source = source.strip()
        try:
            scheme = urllib.parse.urlsplit(source).scheme.lower() if ":" in source[:12] else ""
        except ValueError as exc:  # a malformed IPv6 literal, for one
            raise ImageProblem(f"{source}: not a valid address ({exc})") from None
        if scheme == "data":
            return _from_data_url(source)
        if scheme in {"http", "https"}:
            return self._from_web(source)
        if scheme and len(scheme) > 1:  # "c:" is a Windows drive, anything else a scheme we refuse
            raise ImageProblem(f"{scheme}: addresses are not fetched (only http, https, data: and files)")
        return self._from_disk(source, base=base.resolve(), root=(root or base).resolve())

    def _from_disk(self, source: str, *, base: Path, root: Path) -> Fetched:
        relative = urllib.parse.unquote(source)
        roots = [root] + ([self.images_dir] if self.images_dir else [])
        candidates = [base / relative] + ([self.images_dir / PurePosixPath(relative).name] if self.images_dir else [])
        for candidate in candidates:
            path = candidate.resolve()
            if not any(path.is_relative_to(allowed) for allowed in roots):
                raise ImageProblem(f"{source}: outside the import folder; refused")
            if path.is_file():
                if path.stat().st_size > _max_bytes():
                    raise ImageProblem(f"{source}: larger than the {_max_bytes() // 1048576} MB limit")
                return Fetched(path.read_bytes(), path.name, path.name)
        raise ImageProblem(f"{source}: file not found beside the import")

    def _from_web(self, url: str) -> Fetched:
        if not self.fetch_remote:
            raise ImageProblem(f"{url}: web pictures are not fetched in this run")
        host = _split(url)[0].hostname or ""
        if host in self.dead_hosts:
            raise ImageProblem(f"{url}: {self.dead_hosts[host]} (earlier in this run)")
        try:
            return _download(url)
        except outbound.WrongType as exc:
            raise ImageProblem(f"{url}: the server sent {exc.content_type}, not a picture") from exc
        except (outbound.TimedOut, outbound.Unreachable) as exc:
            self.dead_hosts[host] = "timed out" if isinstance(exc, outbound.TimedOut) else str(exc)
            raise ImageProblem(f"{url}: {exc}") from exc
        except outbound.OutboundError as exc:  # refused, too large, an error status: this picture's problem only
            raise ImageProblem(f"{url}: {exc}") from exc


def _from_data_url(url: str) -> Fetched:
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise ImageProblem("data: URL without data")
    mime = header.split(";")[0].strip().lower()
    if not mime.startswith("image/"):
        raise ImageProblem(f"data: URL of type {mime or 'text/plain'} is not a picture")
    if len(payload) * 3 // 4 > _max_bytes():
        raise ImageProblem(f"data: URL larger than the {_max_bytes() // 1048576} MB limit")
    try:
        if header.endswith(";base64"):
            data = base64.b64decode(payload)
        else:
            data = urllib.parse.unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as exc:
        raise ImageProblem("data: URL is not valid base64") from exc
    return Fetched(data, f"embedded.{mime.split('/')[-1].split('+')[0] or 'img'}", "data: URL")


def _split(url: str) -> tuple[urllib.parse.SplitResult, int | None]:
    """The URL's parts and port; a bad port or IPv6 literal is this picture's problem, not the story's."""
    try:
        parts = urllib.parse.urlsplit(url)
        return parts, parts.port
    except ValueError as exc:
        raise ImageProblem(f"{url}: not a valid address ({exc})") from None


def _download(url: str) -> Fetched:
    response = outbound.request(
        "GET",
        url,
        headers={"User-Agent": USER_AGENT, "Accept": "image/*"},
        timeout=TIMEOUT,
        max_bytes=_max_bytes(),
        allow_private=_private_hosts_allowed(),
        content_types=ACCEPTED_TYPES,  # a login page is refused before its body is read
    )
    name = PurePosixPath(urllib.parse.urlsplit(url).path).name or "picture"
    return Fetched(response.body, name, url)
