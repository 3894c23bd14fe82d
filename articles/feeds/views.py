"""Syndication feeds: the whole site, a section, a region (with the regions under it), a topic, an author.

Every feed is offered as RSS 2.0, Atom 1.0 and JSON Feed 1.1 (``articles.feeds.formats``), with the lead picture,
its caption and its credit; ``?full=1`` adds the sanitised body with absolute URLs. Items come from
``Article.objects.published()`` only, in a fixed number of queries whatever the feed's length, and
answers carry an ETag so pollers get a 304 when nothing changed. There is deliberately no Last-Modified:
no single time describes the list (a withdrawal would move it backwards, a scheduled story falling due
would not move it at all), so If-Modified-Since alone always gets the full feed.
"""

import hashlib
import io
from functools import lru_cache

import nh3
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.db.models import Value
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape, format_html, strip_tags
from django.utils.http import quote_etag

from articles import body, sanitize, subjects
from articles.caching import cache_public
from articles.feeds.formats import FEED_TYPES, LeadImage, Picture
from articles.models import Article, Correction, TaggedRegion, TaggedTopic
from articles.renditions import rendition

FORMATS = tuple(FEED_TYPES)


class LatestFeed(Feed):
    """The newest published stories from the whole site. Subclasses narrow ``articles()``."""

    kind = "latest"
    limit = 50
    language = settings.NEWSROOM["SITE_LANGUAGE"]

    def __init__(self, *, fmt: str = "rss", full: bool = False):
        # One instance per request (see ``as_view``), so per-request state on ``self`` is safe.
        self.fmt = fmt
        self.feed_type = FEED_TYPES[fmt]
        self.full = full

    @classmethod
    def as_view(cls):
        def view(request, fmt, **kwargs):
            return cls(fmt=fmt, full=request.GET.get("full") == "1")(request, **kwargs)

        view.__name__ = f"{cls.__name__}_view"
        return view

    def __call__(self, request, *args, **kwargs):
        obj = self.get_object(request, *args, **kwargs)
        site = get_current_site(request)
        self.domain, self.secure = site.domain, request.is_secure()
        etag = self.etag(obj)
        response = get_conditional_response(request, etag=etag)
        if response is None:
            feed = self.get_feed(obj, request)
            # Written to memory first: the XML writer's thousands of small writes straight into the response cost
            # a fifth of a feed's time (each one encoded and appended on its own).
            buffer = io.StringIO()
            feed.write(buffer, "utf-8")
            response = HttpResponse(buffer.getvalue(), content_type=feed.content_type)
        response.headers["ETag"] = etag
        return cache_public(response)

    def etag(self, obj) -> str:
        """From one bounded, indexed query: the ids and edit times of the stories the feed would list, so an
        edit, a newly due scheduled story or a withdrawal each change the answer."""
        rows = list(
            self.articles(obj).latest_first().values_list("pk", "updated_at", "lead_image__updated_at")[: self.limit]
        )
        fingerprint = repr((self.fmt, self.full, getattr(obj, "updated_at", None), rows))
        return quote_etag(hashlib.sha256(fingerprint.encode()).hexdigest()[:32])

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        stories = self.articles(obj).latest_first().for_listing()
        if self.full:  # for_listing() leaves the body out; the full text needs it, in the same query
            stories = stories.defer(None).defer("search_vector")
        stories = list(stories[: self.limit])
        Correction.objects.attach_to(stories)  # one query, and only when a story listed has corrections
        _attach_categories(stories)
        return stories

    # --- the channel ---

    def title(self, obj):
        return settings.NEWSROOM["SITE_NAME"]

    def description(self, obj):
        return f"The latest stories from {settings.NEWSROOM['SITE_NAME']}."

    def link(self, obj):
        return reverse("articles:home")

    def feed_url(self, obj):
        url = reverse(f"feeds:{self.kind}", kwargs=self.url_kwargs(obj))
        return f"{url}?full=1" if self.full else url

    def url_kwargs(self, obj) -> dict:
        return {"fmt": self.fmt}

    # --- each story ---

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # RSS descriptions and Atom summaries here are HTML; the standfirst is plain text, corrections inline HTML.
        notes = "".join(
            format_html("<p><strong>{}:</strong> {}</p>", c.get_kind_display(), c.text) for c in _corrections(item)
        )
        return escape(item.standfirst) + notes

    def item_guid(self, item):
        """A tag: URI (RFC 4151) from the primary key and creation date: editing the headline or slug
        never makes a story look new to a reader that has already seen it."""
        return f"tag:{self.domain.split(':')[0]},{item.created_at.date().isoformat()}:article:{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        names = [item.section.name] if item.section_id else []
        return names + item.tag_names

    def item_enclosures(self, item):
        image = self.lead_image(item)
        if image is None:
            return []
        # Rendition sizes are known without touching the file; RSS asks for 0 when the length is unknown.
        return [Enclosure(image.main.url, "0", image.mime_type)]

    def item_extra_kwargs(self, item):
        return {
            "lead_image": self.lead_image(item),
            "summary_text": "\n\n".join(
                [item.standfirst, *(f"{c.get_kind_display()}: {strip_tags(c.text)}" for c in _corrections(item))]
            ).strip(),
            "language": item.language,
            "content_html": self.full_body(item) if self.full else None,
        }

    def lead_image(self, item) -> LeadImage | None:
        if not item.lead_image_id:
            return None
        main = rendition(item.lead_image, "hero").fallback
        thumb = rendition(item.lead_image, "thumb").fallback
        return LeadImage(
            main=Picture(self.absolute(main.url), main.width, main.height),
            thumbnail=Picture(self.absolute(thumb.url), thumb.width, thumb.height),
            caption=item.lead_caption,
            credit=item.lead_image.credit,
        )

    def full_body(self, item) -> str:
        return _absolute_body(item.body, self.absolute("/"))

    def absolute(self, url: str) -> str:
        return add_domain(self.domain, url, self.secure)


@lru_cache(maxsize=1000)
def _absolute_body(text: str, base: str) -> str:
    """The stored body is already clean; cleaning it again with the same allow-list is how relative links and
    picture addresses are made absolute for readers outside the site. Kept per body text and site address: every
    full-text feed lists the same newest stories."""
    return nh3.clean(
        body.without_editor_notes(text),
        tags=sanitize.ALLOWED_TAGS,
        attributes=sanitize.ALLOWED_ATTRIBUTES,
        url_schemes=sanitize.URL_SCHEMES,
        link_rel="noopener noreferrer",
        url_relative=("rewrite_with_base", base),
    )


def _corrections(item) -> list:
    return getattr(item, "public_corrections", [])


def _attach_categories(stories: list[Article]) -> None:
    """Each story's region names, then topic names, alphabetically, as ``tag_names``: one query for the whole feed
    (prefetching both tag managers cost two, and building a queryset for every story, 45% of a feed's time)."""
    ids = [story.pk for story in stories]
    found: dict[int, list[tuple[int, str]]] = {pk: [] for pk in ids}
    if ids:
        regions = TaggedRegion.objects.filter(content_object_id__in=ids).annotate(kind=Value(0))
        topics = TaggedTopic.objects.filter(content_object_id__in=ids).annotate(kind=Value(1))
        columns = ("content_object_id", "kind", "tag__name")
        for pk, kind, name in regions.values_list(*columns).union(topics.values_list(*columns), all=True):
            found[pk].append((kind, name))
    for story in stories:
        story.tag_names = [name for _, name in sorted(found[story.pk])]


class _ScopedFeed(LatestFeed):
    """A feed for one section, region, topic or author (``articles.subjects``), looked up by slug; as on the pages,
    only sections answer without a published story."""

    subject: subjects.Subject
    description_format = "The latest stories about {name} from {site}."

    @property
    def kind(self) -> str:
        return self.subject.kind

    @property
    def model(self):
        return self.subject.model

    def articles(self, obj):
        return self.subject.narrow(Article.objects.published(), obj)

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # A merged or renamed tag's old feed address moves its subscribers to the tag's feed.
            moved_to = subjects.moved_to(self.model, kwargs.get("slug"))
            if moved_to is None:
                raise
        url = reverse(f"feeds:{self.kind}", kwargs={"fmt": self.fmt, "slug": moved_to.slug})
        query = request.META.get("QUERY_STRING")
        return cache_public(HttpResponsePermanentRedirect(f"{url}?{query}" if query else url))

    def get_object(self, request, slug):
        subject = get_object_or_404(self.model, slug=slug)
        if not self.subject.shown_when_empty and not self.articles(subject).exists():
            raise Http404("Nothing published here.")
        return subject

    def url_kwargs(self, obj) -> dict:
        return {"fmt": self.fmt, "slug": obj.slug}

    def title(self, obj):
        return f"{obj.name} – {settings.NEWSROOM['SITE_NAME']}"

    def description(self, obj):
        return self.description_format.format(name=obj.name, site=settings.NEWSROOM["SITE_NAME"])

    def link(self, obj):
        return obj.get_absolute_url()


class SectionFeed(_ScopedFeed):
    subject = subjects.SECTION
    description_format = "The latest {name} stories from {site}."


class RegionFeed(_ScopedFeed):
    subject = subjects.REGION


class TopicFeed(_ScopedFeed):
    subject = subjects.TOPIC


class AuthorFeed(_ScopedFeed):
    subject = subjects.AUTHOR
    description_format = "The latest stories by {name} for {site}."


FEEDS = {"latest": LatestFeed, **{feed.subject.kind: feed for feed in (SectionFeed, RegionFeed, TopicFeed, AuthorFeed)}}
