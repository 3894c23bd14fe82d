"""The site's chrome, shared by every public page: the header and footer menus, the logo and favicon, and which
published pages answer at /<slug>/.

It is worked out in ONE query (a UNION ALL of the sections, published pages, menu items and the settings row) and
kept in the cache until an editor changes one of them (``pages.signals``): the section navigation it replaces was
one query on every page, so pages cost no more queries when it is cold and one fewer when it is warm.
"""

from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import F, IntegerField, TextField, Value
from django.db.models.functions import Cast
from django.urls import reverse

from articles import subjects
from articles.models import Section
from newsroom.shared_cache import cache_delete, cache_get, cache_set
from pagecache import keys as surrogate_keys
from pagecache import purge
from pages.models import MenuItem, Page, SiteSettings

CACHE_KEY = "pages:chrome"
CACHE_SECONDS = 24 * 3600  # retired on every change; the timeout only bounds a missed invalidation
COLUMNS = ("kind", "row", "label", "slug", "url", "location", "position", "page", "section", "file", "file2", "w", "h")


def _text(value=""):
    return Cast(Value(value), TextField())


def _int(value=0):
    return Cast(Value(value), IntegerField())


def _rows(queryset, kind: str, **columns):
    # Every column named and cast, so the branches of the UNION line up on PostgreSQL and SQLite alike.
    defaults = {name: _text() for name in ("label", "slug", "url", "location", "file", "file2")}
    defaults |= {name: _int() for name in ("position", "page", "section", "w", "h")}
    values = {"kind": _text(kind), "row": F("pk"), **defaults, **columns}
    annotated = queryset.annotate(**{f"c_{name}": values[name] for name in COLUMNS})
    return annotated.values_list(*(f"c_{name}" for name in COLUMNS)).order_by()


def _query():
    sections = _rows(
        Section.objects.all(), "section", label=F("name"), slug=F("slug"), position=Cast("position", IntegerField())
    )
    pages = _rows(Page.objects.published(), "page", label=F("title"), slug=F("slug"))
    items = _rows(
        MenuItem.objects.all(),
        "item",
        label=F("label"),
        url=F("url"),
        location=F("location"),
        position=Cast("position", IntegerField()),
        page=Cast("page_id", IntegerField()),
        section=Cast("section_id", IntegerField()),
    )
    settings = _rows(
        SiteSettings.objects.all(),
        "settings",
        file=Cast("logo", TextField()),
        file2=Cast("favicon", TextField()),
        w=Cast("logo_width", IntegerField()),
        h=Cast("logo_height", IntegerField()),
    )
    return sections.union(pages, items, settings, all=True).order_by()


def build() -> dict:
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in _query()]
    sections = sorted((r for r in rows if r["kind"] == "section"), key=lambda r: (r["position"], r["label"]))
    pages = sorted((r for r in rows if r["kind"] == "page"), key=lambda r: r["label"])
    section_links = {r["row"]: _link(r["label"], reverse("articles:section", args=[r["slug"]]), r) for r in sections}
    page_links = {r["row"]: _link(r["label"], reverse("pages:detail", args=[r["slug"]])) for r in pages}
    menus = {"header": [], "footer": []}
    for item in sorted((r for r in rows if r["kind"] == "item"), key=lambda r: (r["position"], r["row"])):
        # An item for a page that is not published (or was deleted) is left out: no link to a 404, no leak.
        target = page_links.get(item["page"]) or section_links.get(item["section"])
        if target is None and not item["url"]:
            continue
        link = dict(target) if target else _link(item["label"], item["url"])
        link["label"] = item["label"] or link["label"]
        menus.setdefault(item["location"], []).append(link)
    site = next((r for r in rows if r["kind"] == "settings"), None)
    section_slugs = {r["slug"] for r in sections}
    return {
        "header": menus["header"] or list(section_links.values()),
        "footer": menus["footer"] or [*page_links.values(), _link("RSS feed", reverse("feeds:latest", args=["rss"]))],
        "header_is_default": not menus["header"],
        # A section keeps its address even if a page was given the same slug later.
        "page_slugs": sorted({r["slug"] for r in pages} - section_slugs),
        "logo": _picture(site and site["file"], site and site["w"], site and site["h"]),
        "favicon": default_storage.url(site["file2"]) if site and site["file2"] else "",
    }


def _link(label: str, href: str, section: dict | None = None) -> dict:
    link = {"label": label, "href": href, "section_slug": "", "section_id": None}
    if section:
        link |= {"section_slug": section["slug"], "section_id": section["row"]}
    return link


def _picture(name, width, height) -> dict | None:
    return {"src": default_storage.url(name), "width": width, "height": height} if name else None


def chrome() -> dict:
    cached = cache_get(CACHE_KEY)
    if cached is None:
        cached = build()
        cache_set(CACHE_KEY, cached, CACHE_SECONDS)
    return cached


def is_page_address(slug: str) -> bool:
    try:
        return slug in chrome()["page_slugs"]
    except DatabaseError:
        # Asked while resolving the address: yield to the other routes, whose views answer an outage with the
        # styled 503 (articles.outage) instead of failing here, before any view runs.
        return False


def chrome_changed(*, purge_pages: bool = True) -> None:
    """A page, menu item, section or the settings changed: forget the chrome now and again once the write commits
    (a reader's request in between may have cached the old one), and purge every cached page, which all show it."""
    cache_delete(CACHE_KEY)
    transaction.on_commit(lambda: cache_delete(CACHE_KEY))
    if purge_pages:
        purge.purge({surrogate_keys.SITE})


def record_names(links) -> None:
    """The section links in a menu name their sections: a renamed section purges the pages showing it."""
    surrogate_keys.record(*(subjects.SECTION.name_key(link["section_id"]) for link in links if link["section_id"]))
