"""An edition as mail: responsive HTML (MJML through mjml-python, CSS inlined by css-inline) and a plain-text part.

Rendered once per edition, not per reader: each reader's links (preferences, one-click unsubscribe) are
placeholders that ``personalise`` fills in with two string replacements, so handing out 100,000 copies costs 100,000
replacements, not 100,000 renders. Pictures are the stories' renditions (``articles.renditions``) at absolute URLs
under MEDIA_URL, with their alt text and credit. Nothing tracks a reader unless the site turns it on
(``NEWSLETTER_TRACKING``; the mail service then adds its own pixel and link rewriting).
"""

from __future__ import annotations

from dataclasses import dataclass

import css_inline
import mjml
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator

from articles.models import Article
from articles.renditions import rendition
from newsletters import links
from newsletters.models import Edition

PREFERENCES, UNSUBSCRIBE = "NRPREFSURL", "NRUNSUBURL"
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False, minify_css=True)


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str
    credit: str


@dataclass(frozen=True)
class Story:
    pk: int
    headline: str
    url: str
    standfirst: str
    byline: str
    picture: Picture | None


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str
    story_ids: tuple[int, ...]


def story(article: Article, *, picture: str) -> Story:
    image = article.lead_image if article.lead_image_id else None
    shown = None
    if image is not None:
        shown = Picture(
            src=links.absolute(rendition(image, picture).fallback.url), alt=article.lead_alt, credit=image.credit
        )
    return Story(
        pk=article.pk,
        headline=article.headline,
        url=links.absolute(article.get_absolute_url()),
        standfirst=Truncator(article.standfirst).chars(280),
        byline=f"By {article.byline}" if article.byline else "",
        picture=shown,
    )


def render(edition: Edition, stories: list[Article], *, web: bool = False) -> Rendered:
    """The edition with ``stories`` (public ones, lead first: ``assembly.public_stories``). ``web``: the archive's
    copy, with no reader's links in it."""
    lead = stories[0] if stories and stories[0].pk == edition.lead_id else None
    rest = stories[1:] if lead else stories
    newsletter = edition.newsletter
    first = lead or (rest[0] if rest else None)
    date = formats.date_format(edition.issue_date, "j F Y")
    # The archive's copy is titled by list and date: a subject line may quote a headline that has since gone.
    subject = f"{newsletter.name}, {date}" if web else edition.subject
    context = {
        "lang": settings.NEWSROOM["SITE_LANGUAGE"],
        "site_name": settings.NEWSROOM["SITE_NAME"],
        "site_url": links.site_url() + "/",
        "newsletter": newsletter.name,
        "subject": subject,
        "intro": edition.intro,
        "preheader": Truncator(edition.intro or (first.headline if first else subject)).chars(110),
        "date": date,
        "lead": story(lead, picture="card") if lead else None,
        "stories": [story(article, picture="thumb") for article in rest],
        "web": web,
        "browser_url": links.absolute(edition.get_absolute_url()),
        "signup_url": links.absolute(reverse("newsletters:signup")),
    }
    html = _INLINER.inline(mjml.mjml2html(render_to_string("newsletters/email/edition.mjml", context)))
    text = render_to_string("newsletters/email/edition.txt", context)
    return Rendered(subject, html, text, tuple(article.pk for article in stories))


def personalise(body: str, *, preferences: str, unsubscribe: str) -> str:
    return body.replace(PREFERENCES, preferences).replace(UNSUBSCRIBE, unsubscribe)
