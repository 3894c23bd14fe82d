"""Getting an imported picture's bytes: from beside the import file, inside an unpacked zip, a data: URL, or the web.

Only the bytes are fetched here; ``articles.services.save_image`` checks they are a real picture and
deduplicates them against the library. Every refusal is an ``ImageProblem`` whose message goes into
the item's report: a missing picture never fails the story.

Web fetches are guarded against server-side request forgery: only http and https, and (unless
``NEWSROOM["IMPORT_ALLOW_PRIVATE_HOSTS"]`` is true, as in tests with a local server) only hosts whose
every address is public, checked again on each redirect. The check resolves the name before urllib
connects, so a DNS answer that changes in between (rebinding) is not caught; put a proxy in front
of the importer where that matters.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import socket
import time
import typing
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

TIMEOUT = 5  # seconds, for connecting and for the whole download
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
        except TimeoutError as exc:
            self.dead_hosts[host] = "timed out"
            raise ImageProblem(f"{url}: timed out after {TIMEOUT} s") from exc
        except urllib.error.HTTPError as exc:
            raise ImageProblem(f"{url}: the server answered {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                self.dead_hosts[host] = "timed out"
                raise ImageProblem(f"{url}: timed out after {TIMEOUT} s") from exc
            self.dead_hosts[host] = f"unreachable ({reason})"
            raise ImageProblem(f"{url}: unreachable ({reason})") from exc


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


def check_host(url: str) -> None:
    """Refuse anything but http(s) to public addresses, unless the site allows private hosts."""
    parts, port = _split(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ImageProblem(f"{url}: only http and https addresses are fetched")
    if settings.NEWSROOM.get("IMPORT_ALLOW_PRIVATE_HOSTS", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise urllib.error.URLError(f"cannot resolve {parts.hostname}") from exc
    for info in infos:
        if not _is_public(ipaddress.ip_address(info[4][0].split("%")[0])):
            raise ImageProblem(f"{url}: {parts.hostname} is a private address; refused")


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Global, and so is any IPv4 address it carries (NAT64 64:ff9b::a.b.c.d, IPv4-mapped ::ffff:a.b.c.d)."""
    if not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped
        if address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not embedded.is_global:
            return False
    return True


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    @typing.override
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def open_checked(request: urllib.request.Request, *, timeout: float):
    """``urlopen`` behind the address guard, for the request and every redirect (pictures here, feeds in ingest/)."""
    check_host(request.full_url)
    return _opener.open(request, timeout=timeout)


def _limit_wait(response, seconds: float) -> None:
    """Let no single read wait beyond the download's deadline (the socket's own timeout is for the connection)."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.01))


def read_capped(response, *, url: str, limit: int, deadline: float) -> bytes:
    """The body, refused past ``limit`` bytes (announced or received) or past ``deadline`` (``time.monotonic()``)."""
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        raise ImageProblem(f"{url}: larger than the {limit // 1048576} MB limit")
    chunks, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        _limit_wait(response, remaining)
        # read1 returns what has arrived: a server dripping bytes cannot hold the worker past the deadline.
        chunk = response.read1(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise ImageProblem(f"{url}: larger than the {limit // 1048576} MB limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _download(url: str) -> Fetched:
    # open_checked refuses anything but http and https before urlopen sees it.
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})  # noqa: S310
    deadline = time.monotonic() + TIMEOUT
    with open_checked(request, timeout=TIMEOUT) as response:
        ctype = response.headers.get_content_type().lower()
        if not ctype.startswith(ACCEPTED_TYPES):
            raise ImageProblem(f"{url}: the server sent {ctype}, not a picture")
        data = read_capped(response, url=url, limit=_max_bytes(), deadline=deadline)
    name = PurePosixPath(urllib.parse.urlsplit(url).path).name or "picture"
    return Fetched(data, name, url)
