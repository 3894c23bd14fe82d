"""Posts from other sites in a story's body: a YouTube or Vimeo video, a post on X, Instagram, TikTok, Bluesky or
Facebook, placed by pasting its address.

A body stores an embed as one allow-listed element and nothing of the provider's own markup::

    <figure class="embed" data-embed-provider="youtube" data-embed-url="https://www.youtube.com/watch?v=ID">
    <a href="https://www.youtube.com/watch?v=ID" rel="noopener noreferrer">Title — on YouTube</a></figure>

``recognise`` turns any address a reader might paste into (provider, id, canonical address); ``keep_known`` is the
sanitiser's last step (every save) and rebuilds each embed in exactly that shape, dropping any whose address is not
a known provider's; ``complete`` (the editor's save) also names a new embed, from the provider's oEmbed answer when it
gives one. Readers see a click-to-load block (``placeholder_html``): nothing is loaded from the provider until they
ask, and then only from the hosts in ``FRAME_SOURCES``, which the article page's CSP allows as frames.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from dataclasses import dataclass
from html import escape, unescape

from django.conf import settings

from newsroom import outbound

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Provider:
    label: str  # as readers know it: "YouTube", "X"
    domain: str  # what the click-to-load notice names
    oembed: str = ""  # the provider's public oEmbed endpoint, where it has one without an API key
    frame: str = ""  # the iframe address for an id, for providers whose player can sit in the page


PROVIDERS = {
    "youtube": Provider(
        "YouTube", "youtube.com", "https://www.youtube.com/oembed", "https://www.youtube-nocookie.com/embed/{id}"
    ),
    "vimeo": Provider(
        "Vimeo", "vimeo.com", "https://vimeo.com/api/oembed.json", "https://player.vimeo.com/video/{id}?dnt=1"
    ),
    "x": Provider("X", "x.com", "https://publish.twitter.com/oembed"),
    "instagram": Provider("Instagram", "instagram.com"),  # oEmbed needs a Meta app token
    "tiktok": Provider("TikTok", "tiktok.com", "https://www.tiktok.com/oembed"),
    "bluesky": Provider("Bluesky", "bsky.app", "https://embed.bsky.app/oembed"),
    "facebook": Provider("Facebook", "facebook.com"),  # oEmbed needs a Meta app token
}
# The only frames an article page may load: its CSP frame-src (newsroom/csp.py).
FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
OEMBED_TIMEOUT = 3  # seconds: an editor is waiting for the save
OEMBED_MAX_BYTES = 64 * 1024  # a title and an author's name; anything larger is not an oEmbed answer we use
TITLE_LIMIT = 200

_NAME = r"[A-Za-z0-9_.-]{1,100}"
# (provider, host pattern, path pattern, canonical address); the path's named groups fill the canonical address.
_SHAPES = [
    ("youtube", r"(www\.|m\.)?youtube\.com", r"/watch", "https://www.youtube.com/watch?v={id}"),
    ("youtube", r"(www\.|m\.)?youtube\.com", r"/(shorts|embed|live|v)/(?P<id>[\w-]{11})/?", ""),
    ("youtube", r"www\.youtube-nocookie\.com", r"/embed/(?P<id>[\w-]{11})/?", ""),
    ("youtube", r"youtu\.be", r"/(?P<id>[\w-]{11})/?", ""),
    ("vimeo", r"(www\.)?vimeo\.com", r"/(channels/[\w-]+/|groups/[\w-]+/videos/)?(?P<id>\d{1,12})/?", ""),
    ("vimeo", r"player\.vimeo\.com", r"/video/(?P<id>\d{1,12})/?", ""),
    ("x", r"(www\.|mobile\.)?(twitter|x)\.com", rf"/(?P<user>{_NAME})/status(es)?/(?P<id>\d{{1,25}})/?", ""),
    ("instagram", r"(www\.)?instagram\.com", r"/(?P<kind>p|reel|tv)/(?P<id>[\w-]{5,40})/?", ""),
    ("tiktok", r"(www\.|m\.)?tiktok\.com", rf"/@(?P<user>{_NAME})/video/(?P<id>\d{{1,25}})/?", ""),
    ("bluesky", r"bsky\.app", r"/profile/(?P<user>[\w.:-]{1,253})/post/(?P<id>[a-z0-9]{5,20})/?", ""),
    (
        "facebook",
        r"(www\.|m\.)?facebook\.com",
        rf"/(?P<user>{_NAME})/(?P<kind>posts|videos)/(?P<id>[\w.-]{{1,60}})/?",
        "",
    ),
    ("facebook", r"(www\.|m\.)?facebook\.com", r"/watch/?", "https://www.facebook.com/watch/?v={id}"),
    ("facebook", r"fb\.watch", r"/(?P<id>[\w-]{5,20})/?", "https://fb.watch/{id}/"),
]
_CANONICAL = {
    "youtube": "https://www.youtube.com/watch?v={id}",
    "vimeo": "https://vimeo.com/{id}",
    "x": "https://x.com/{user}/status/{id}",
    "instagram": "https://www.instagram.com/{kind}/{id}/",
    "tiktok": "https://www.tiktok.com/@{user}/video/{id}",
    "bluesky": "https://bsky.app/profile/{user}/post/{id}",
    "facebook": "https://www.facebook.com/{user}/{kind}/{id}",
}
# A ?v= query parameter's id, for the shapes whose path does not carry it.
_QUERY_ID = {"youtube": re.compile(r"[\w-]{11}"), "facebook": re.compile(r"\d{1,25}")}


@dataclass(frozen=True)
class Embed:
    provider: str
    id: str
    url: str  # the canonical address: what the body stores and readers follow

    @property
    def label(self) -> str:
        return PROVIDERS[self.provider].label

    @property
    def frame_url(self) -> str:
        """The player to load in the page on a reader's click; "" for providers that are linked to instead."""
        frame = PROVIDERS[self.provider].frame
        return frame.format(id=self.id) if frame else ""

    def default_title(self) -> str:
        return f"A post on {self.label}"


def recognise(url: str) -> Embed | None:
    """The embed a pasted address points to, or None when it is not a post of a known provider."""
    try:
        parts = urllib.parse.urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or parts.port not in {None, 80, 443}:
        return None
    host = (parts.hostname or "").lower()
    for provider, host_pattern, path_pattern, canonical in _SHAPES:
        if not re.fullmatch(host_pattern, host):
            continue
        match = re.fullmatch(path_pattern, parts.path)
        if not match:
            continue
        found = {name: value for name, value in match.groupdict().items() if value}
        if "id" not in found:
            query_id = urllib.parse.parse_qs(parts.query).get("v", [""])[0]
            if not _QUERY_ID[provider].fullmatch(query_id):
                return None
            found["id"] = query_id
        return Embed(provider, found["id"], (canonical or _CANONICAL[provider]).format(**found))
    return None


# --- the stored shape ---

_EMBED_FIGURE = re.compile(
    r"<figure\b(?=[^>]*(?:\bdata-embed-(?:url|provider)=|\bclass=\"[^\"]*\bembed\b))([^>]*)>(.*?)</figure>", re.S
)
_ATTR = re.compile(r'\b(data-embed-url|data-embed-provider)="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")


def stored_html(embed: Embed, title: str) -> str:
    """An embed as the body stores it (the one shape the sanitiser keeps)."""
    text = escape(" ".join(title.split())[:TITLE_LIMIT] or embed.default_title(), quote=False)
    url = escape(embed.url)
    return (
        f'<figure class="embed" data-embed-provider="{embed.provider}" data-embed-url="{url}">'
        f'<a href="{url}" rel="noopener noreferrer">{text}</a></figure>'
    )


@dataclass(frozen=True)
class Placed:
    """An embed found in a body, with the words its link carries."""

    embed: Embed
    title: str
    start: int
    end: int


def placed(body: str) -> list[Placed]:
    """The embeds in ``body`` (known providers only), in order."""
    found = []
    for match in _EMBED_FIGURE.finditer(body):
        attrs = dict(_ATTR.findall(match.group(1)))
        embed = recognise(unescape(attrs.get("data-embed-url", "")))
        if embed is not None:
            title = unescape(_TAGS.sub("", match.group(2))).strip()
            found.append(Placed(embed, title, match.start(), match.end()))
    return found


def _rebuild(body: str, title_for) -> str:
    """Every embed figure rebuilt in the stored shape (its title from ``title_for(Placed)``), unknown ones dropped."""
    known = {item.start: item for item in placed(body)}

    def replace(match: re.Match) -> str:
        item = known.get(match.start())
        return stored_html(item.embed, title_for(item)) if item else ""

    return _EMBED_FIGURE.sub(replace, body)


def keep_known(body: str) -> str:
    """The sanitiser's step for embeds (after nh3): the stored shape for known providers, nothing else."""
    if "<figure" not in body:
        return body
    return _rebuild(body, lambda item: item.title)


def complete(body: str, *, fetch: bool = True) -> str:
    """The editor's save: a new embed (its link still reading as its address) is named from the provider's oEmbed
    answer, "Title — on YouTube", or "A post on YouTube" when there is none. Never fails a save."""

    def title_for(item: Placed) -> str:
        if item.title and recognise(item.title) is None:
            return item.title  # named already, or by the editor
        title = fetch_title(item.embed) if fetch else ""
        return f"{title} — on {item.embed.label}" if title else item.embed.default_title()

    return _rebuild(body, title_for) if "<figure" in body else body


def fetch_title(embed: Embed) -> str:
    """The post's title (or its author's name) from the provider's oEmbed endpoint; "" on any failure."""
    endpoint = PROVIDERS[embed.provider].oembed
    if not endpoint or not settings.NEWSROOM.get("OEMBED_LOOKUPS", True):
        return ""
    query = urllib.parse.urlencode({"url": embed.url, "format": "json"})
    try:
        # A fixed https endpoint of ours (PROVIDERS), public hosts only: no setting lets a lookup reach inside.
        answer = outbound.request(
            "GET",
            f"{endpoint}?{query}",
            headers={"Accept": "application/json"},
            timeout=OEMBED_TIMEOUT,
            max_bytes=OEMBED_MAX_BYTES,
        )
        data = json.loads(answer.body)
    except (outbound.OutboundError, ValueError) as exc:  # a provider's answer is never needed to save a story
        logger.info("oEmbed for %s failed: %s", embed.url, exc)
        return ""
    if not isinstance(data, dict):
        return ""
    title = data.get("title") or (f"Post by {data['author_name']}" if data.get("author_name") else "")
    return " ".join(str(title).split())[:TITLE_LIMIT]


# --- readers' pages ---


def placeholder_html(embed: Embed, title: str) -> str:
    """The click-to-load block readers see: a link that works without JS; static/js/embeds.js swaps in the player
    (for providers with one) when the reader clicks it."""
    provider = PROVIDERS[embed.provider]
    url, frame = escape(embed.url), escape(embed.frame_url)
    action = f"Load the post from {provider.label}" if frame else f"Open the post on {provider.label}"
    notice = (
        f"This loads content from {provider.domain}, which may set cookies."
        if frame
        else f"This opens {provider.domain}, which may set cookies."
    )
    frame_attr = f' data-embed-frame="{frame}"' if frame else ""
    return (
        f'<figure class="embed embed--{embed.provider}" data-embed-provider="{embed.provider}"{frame_attr}>'
        f'<div class="embed__placeholder"><p class="embed__title">{escape(title or embed.default_title())}</p>'
        f'<p class="embed__notice">{notice}</p>'
        f'<a class="embed__load" href="{url}" rel="noopener noreferrer">{action}</a></div></figure>'
    )


def for_readers(body: str) -> str:
    """A cleaned body with its embeds as click-to-load blocks."""
    if "data-embed-url" not in body:
        return body
    items = placed(body)
    for item in reversed(items):
        body = body[: item.start] + placeholder_html(item.embed, item.title) + body[item.end :]
    return body


def unknown(body: str) -> list[str]:
    """The addresses of embeds in ``body`` that are no known provider's post (the editor says which)."""
    known = {item.start for item in placed(body)}
    return [
        unescape(dict(_ATTR.findall(match.group(1))).get("data-embed-url", "")) or "(no address)"
        for match in _EMBED_FIGURE.finditer(body)
        if match.start() not in known
    ]
