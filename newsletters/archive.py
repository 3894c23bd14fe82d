"""The newsletters' archive on the site: each list's sent editions (``/newsletters/<list>/``), each edition as it
looked in the mail ("view in your browser", ``/newsletters/<list>/<date>/``), and a feed of them.

Only public stories are ever shown: an edition's stories are read through ``Article.objects.published()`` at the
moment of the request, so a story withdrawn after it was mailed leaves the archive (its key purges the pages that
showed it, as for any page). Editions are titled by list and date, never by their subject line, which may quote a
headline that has since gone; an edition none of whose stories is public any more answers 404.
"""

from __future__ import annotations

from datetime import date

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats

from articles.caching import public_page
from articles.models import Article
from newsletters import assembly
from newsletters import render as mails
from newsletters.models import Edition, EditionItem, EditionStatus, NewsletterList


def title(edition: Edition) -> str:
    return f"{edition.newsletter.name}, {formats.date_format(edition.issue_date, 'j F Y')}" + (
        f" ({edition.number})" if edition.number > 1 else ""
    )


def sent_editions(newsletter: NewsletterList):
    return newsletter.editions.filter(status=EditionStatus.SENT).select_related("newsletter")


def with_public_headlines(editions: list[Edition]) -> list[Edition]:
    """Each edition with ``shown``: its public stories in order (one query for all); editions with none dropped."""
    items = (
        EditionItem.objects.filter(edition__in=editions, article__in=Article.objects.published())
        .select_related("article")
        .order_by("edition_id", "position", "id")
    )
    shown: dict[int, list[Article]] = {}
    for item in items:
        shown.setdefault(item.edition_id, []).append(item.article)
    for edition in editions:
        edition.shown = shown.get(edition.pk, [])
    return [edition for edition in editions if edition.shown]


@public_page
def archive(request, list_slug: str):
    newsletter = get_object_or_404(NewsletterList, slug=list_slug)
    page = Paginator(sent_editions(newsletter), 20).get_page(request.GET.get("page"))
    editions = with_public_headlines(list(page.object_list))
    context = {"newsletter": newsletter, "editions": editions, "page_obj": page}
    return render(request, "newsletters/archive.html", context)


def parse_issue(issue: str) -> tuple[date, int]:
    day, _, number = issue[:10], issue[10:11], issue[11:]
    try:
        return date.fromisoformat(day), int(number) if number else 1
    except ValueError:
        raise Http404("No such edition.") from None


@public_page
def edition(request, list_slug: str, issue: str):
    day, number = parse_issue(issue)
    found = get_object_or_404(
        Edition.objects.select_related("newsletter"),
        newsletter__slug=list_slug,
        issue_date=day,
        number=number,
        status=EditionStatus.SENT,
    )
    stories = assembly.public_stories(found)
    if not stories:
        raise Http404("Nothing in this edition is public.")
    rendered = mails.render(found, stories, web=True)
    return HttpResponse(rendered.html)


class EditionFeed(Feed):
    """A list's sent editions as RSS: each item names its public stories."""

    def get_object(self, request, list_slug: str):
        return get_object_or_404(NewsletterList, slug=list_slug)

    def title(self, newsletter):
        return newsletter.name

    def link(self, newsletter):
        return reverse("newsletters:archive", kwargs={"list_slug": newsletter.slug})

    def description(self, newsletter):
        return newsletter.description or f"Every edition of {newsletter.name}."

    def items(self, newsletter):
        return with_public_headlines(list(sent_editions(newsletter)[:20]))

    def item_title(self, item):
        return title(item)

    def item_description(self, item):
        return " · ".join(story.headline for story in item.shown)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.finished_at or item.started_at


feed = public_page(EditionFeed())
