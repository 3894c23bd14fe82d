"""Feeds and sitemaps against the formats' own grammars: Atom with the RFC 4287 RELAX NG schema, sitemaps with the
sitemaps.org and Google News XSDs (read from the samples folder, never copied: see its SOURCES.md), RSS with
feedparser and JSON Feed with the 1.1 rules the test suite checks (tests/jsonfeed.py).

Builds a little content of its own (a pictured story in a child region, agency copy, a draft, a scheduled and a
withdrawn story) and fetches every feed and sitemap through Django's test client.
"""

import json
from pathlib import Path
from urllib.parse import urlparse

from tests.jsonfeed import json_feed_problems  # the suite's own check of the JSON Feed 1.1 rules


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
