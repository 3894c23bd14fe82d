"""Feeds and sitemaps against the formats' own grammars: Atom with the RFC 4287 RELAX NG schema, sitemaps with the
sitemaps.org and Google News XSDs (read from the samples folder, never copied: see its SOURCES.md), RSS with
feedparser and JSON Feed with the 1.1 rules below.

Builds a little content of its own (a pictured story in a child region, agency copy, a draft, a scheduled and a
withdrawn story) and fetches every feed and sitemap through Django's test client.
"""

import json
import re
from pathlib import Path
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


def run(samples: Path, report) -> None:
    schemas = samples / "06-validators" / "schemas"
    if not (schemas / "atom" / "atom-rfc4287.rng").is_file():
        report.skip("feeds", f"no validator schemas under {schemas}")
        return
    from django.test import Client

    checker = _Checker(schemas, report, Client())
    subjects = _make_content()
    for url in _feed_urls(subjects):
        checker.feed(url)
    checker.sitemaps()
    checker.report_leaks()


LIVE, HIDDEN = "Conformance: live story", ("Conformance: draft", "Conformance: scheduled", "Conformance: withdrawn")


def _make_content() -> dict:
    import io
    from datetime import timedelta

    from django.utils import timezone
    from PIL import Image as PILImage

    from articles.models import Article, ArticleAuthor, Author, Region, Section, Source, Status, Topic
    from articles.services import save_image

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (30, 80, 120)).save(buffer, "JPEG")
    image, _ = save_image(
        data=buffer.getvalue(),
        filename="conformance.jpg",
        alt_text="A street",
        caption="A street at dawn.",
        credit="Conformance Photo/Jo Roe",
    )
    section, _ = Section.objects.get_or_create(slug="conformance-feeds", defaults={"name": "Conformance feeds"})
    parent, _ = Region.objects.get_or_create(slug="conformance-parent", defaults={"name": "Conformance parent"})
    child, _ = Region.objects.get_or_create(
        slug="conformance-child", defaults={"name": "Conformance child", "parent": parent}
    )
    topic, _ = Topic.objects.get_or_create(slug="conformance-topic", defaults={"name": "Conformance topic"})
    author, _ = Author.objects.get_or_create(slug="conformance-author", defaults={"name": "Jo Conformance"})
    agency, _ = Source.objects.get_or_create(slug="conformance-agency", defaults={"name": "Conformance Agency"})
    now = timezone.now()
    states = [
        (LIVE, Status.PUBLISHED, now - timedelta(hours=2)),
        (HIDDEN[0], Status.DRAFT, None),
        (HIDDEN[1], Status.PUBLISHED, now + timedelta(days=1)),
        (HIDDEN[2], Status.WITHDRAWN, now - timedelta(days=1)),
        ("Conformance: agency copy & more", Status.PUBLISHED, now - timedelta(days=40)),
    ]
    for headline, status, published_at in states:
        article = Article.objects.create(
            headline=headline,
            standfirst="What happened, in one paragraph.",
            section=section,
            status=status,
            published_at=published_at,
            first_published_at=published_at,
            lead_image=image,
            source=agency if "agency" in headline else None,
            body='<p>Body with <a href="/about/">a link</a>.</p><figure><img src="/media/a.jpg" alt="A"></figure>',
        )
        article.regions.add(child)
        article.topics.add(topic)
        if "agency" not in headline:
            ArticleAuthor.objects.create(article=article, author=author)
    return {"section": section, "region": parent, "topic": topic, "author": author}


def _feed_urls(subjects: dict) -> list[str]:
    from django.urls import reverse

    urls = []
    for fmt in ("rss", "atom", "json"):
        urls.append(reverse("feeds:latest", kwargs={"fmt": fmt}))
        urls += [reverse(f"feeds:{kind}", kwargs={"fmt": fmt, "slug": obj.slug}) for kind, obj in subjects.items()]
    return urls + [f"{url}?full=1" for url in urls]


class _Checker:
    def __init__(self, schemas: Path, report, client):
        from lxml import etree

        self.report, self.client, self.bodies = report, client, {}
        self.parser = etree.XMLParser(no_network=True, resolve_entities=False)
        # Parsed from their files in place, so their relative imports resolve inside the samples folder.
        self.atom = etree.RelaxNG(etree.parse(str(schemas / "atom" / "atom-rfc4287.rng"), self.parser))
        self.urlset = etree.XMLSchema(etree.parse(str(schemas / "sitemaps" / "sitemap-all-local.xsd"), self.parser))
        self.index = etree.XMLSchema(etree.parse(str(schemas / "sitemaps" / "siteindex.xsd"), self.parser))

    def fetch(self, url: str) -> bytes | None:
        response = self.client.get(url)
        if response.status_code != 200:
            self.report.fail(url, f"answered {response.status_code}")
            return None
        self.bodies[url] = response.content
        return response.content

    def feed(self, url: str) -> None:
        body = self.fetch(url)
        if body is None:
            return
        path = url.split("?", maxsplit=1)[0]
        if path.endswith(".atom"):
            self.xml(url, body, self.atom, "Atom RELAX NG (RFC 4287)")
        elif path.endswith(".json"):
            problems = json_feed_problems(json.loads(body))
            self.verdict(url, "JSON Feed 1.1 rules", problems)
        if not path.endswith(".json"):
            self.parsed(url, body)

    def parsed(self, url: str, body: bytes) -> None:
        import feedparser

        parsed = feedparser.parse(body)
        problems = [f"bozo: {parsed.get('bozo_exception')}"] if parsed.bozo else []
        if not any(entry.get("media_credit") for entry in parsed.entries):
            problems.append("no entry carries media:credit")
        self.verdict(url, "feedparser", problems)

    def xml(self, url: str, body: bytes, schema, name: str):
        from lxml import etree

        try:
            document = etree.fromstring(body, self.parser)
        except etree.XMLSyntaxError as exc:
            self.report.fail(url, f"not well-formed: {exc}")
            return None
        problems = [] if schema.validate(document) else [f"line {e.line}: {e.message}" for e in schema.error_log][:5]
        self.verdict(url, name, problems)
        return document

    def sitemaps(self) -> None:
        body = self.fetch("/sitemap.xml")
        index = body and self.xml("/sitemap.xml", body, self.index, "sitemaps.org siteindex.xsd")
        if index is None:
            return
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        for loc in [*index.findall("s:sitemap/s:loc", ns), "/sitemap-news.xml"]:
            url = urlparse(getattr(loc, "text", loc))
            path = url.path + (f"?{url.query}" if url.query else "")
            body = self.fetch(path)
            if body is not None:
                self.xml(path, body, self.urlset, "sitemaps.org + Google News XSDs")
        news = self.bodies.get("/sitemap-news.xml", b"")
        self.verdict("/sitemap-news.xml", "carries the live story", [] if LIVE.encode() in news else ["missing"])

    def report_leaks(self) -> None:
        leaks = [f"{h!r} in {url}" for url, body in self.bodies.items() for h in HIDDEN if h.encode() in body]
        self.verdict(f"{len(self.bodies)} feeds and sitemaps", "no draft, scheduled or withdrawn story", leaks)

    def verdict(self, url: str, what: str, problems: list[str]) -> None:
        if problems:
            self.report.fail(url, f"{what}: {'; '.join(problems)}")
        else:
            self.report.ok(url, what)
