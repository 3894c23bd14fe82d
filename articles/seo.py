"""Page metadata as data: title, description, canonical link, Open Graph, Twitter card and JSON-LD.

Templates only print what these functions return, so the `<head>`, the social cards and the structured
data cannot disagree. Absolute URLs come from the request, never from a hand-typed domain.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles import story_page

DESCRIPTION_WORDS = 40


def _site() -> str:
    return settings.NEWSROOM["SITE_NAME"]


def local_iso(moment) -> str:
    """A moment in the site's time zone, to the second: <time datetime>, Open Graph and JSON-LD alike."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def breadcrumb_list(request, crumbs: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": request.build_absolute_uri(url)}
            for n, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def page_meta(request, *, title: str, description: str = "", path: str = "", crumbs=None, noindex=False) -> dict:
    """Metadata for fronts, listings and search."""
    canonical = request.build_absolute_uri(path or request.path)
    description = Truncator(description or f"The latest news from {_site()}.").words(DESCRIPTION_WORDS)
    full_title = f"{title} | {_site()}" if title != _site() else title
    return {
        "title": full_title,
        "description": description,
        "canonical": canonical,
        "robots": "noindex, follow" if noindex else "",
        "og": [
            ("og:type", "website"),
            ("og:site_name", _site()),
            ("og:title", title),
            ("og:description", description),
            ("og:url", canonical),
        ],
        "twitter": [("twitter:card", "summary"), ("twitter:title", title), ("twitter:description", description)],
        "json_ld": [breadcrumb_list(request, crumbs)] if crumbs else [],
    }


def article_meta(request, article, *, authors, crumbs, noindex=False, parts=None) -> dict:
    """Metadata for an article page; ``authors`` are the story's Author rows in byline order; ``parts`` what other
    apps show on the page (``articles.story_page``), which may add to its JSON-LD (a live blog: LiveBlogPosting)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    title = article.seo_title or article.headline
    description = Truncator(article.seo_description or article.standfirst or article.headline).words(DESCRIPTION_WORDS)
    image = _social_image(request, article)
    og = [
        ("og:type", "article"),
        ("og:site_name", _site()),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("article:published_time", local_iso(article.published_at)),
        ("article:modified_time", local_iso(_modified(article))),
    ]
    if article.section_id:
        og.append(("article:section", article.section.name))
    twitter = [("twitter:card", "summary"), ("twitter:title", title), ("twitter:description", description)]
    if image:
        og += [
            ("og:image", image["url"]),
            ("og:image:width", str(image["width"])),
            ("og:image:height", str(image["height"])),
            ("og:image:alt", article.lead_alt),
        ]
        twitter = [
            ("twitter:card", "summary_large_image"),
            *twitter[1:],
            ("twitter:image", image["url"]),
            ("twitter:image:alt", article.lead_alt),
        ]
    story = _news_article(request, article, url=url, description=description, authors=authors, image=image)
    story.update(story_page.structured_data(url, parts or {}))
    return {
        "title": f"{title} | {_site()}",
        "description": description,
        "canonical": article.canonical_url or url,
        "robots": "noindex, nofollow" if noindex else "",
        "og": og,
        "twitter": twitter,
        "json_ld": [story, breadcrumb_list(request, crumbs)],
    }


def _modified(article):
    """The edit time readers are shown ("Updated …"), else the publish time: one rule for Open Graph and JSON-LD."""
    return article.updated_at if article.was_updated else article.published_at


def _social_image(request, article) -> dict | None:
    if not article.lead_image_id:
        return None
    social = article.lead_image.rendition("social")
    return {"url": request.build_absolute_uri(social.src), "width": social.width, "height": social.height}


def _news_article(request, article, *, url, description, authors, image) -> dict:
    publisher = {"@type": "Organization", "name": _site(), "url": request.build_absolute_uri(reverse("articles:home"))}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": description,
        "datePublished": local_iso(article.published_at),
        "dateModified": local_iso(_modified(article)),
        "inLanguage": article.language_tag,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "publisher": publisher,
    }
    if article.section_id:
        data["articleSection"] = article.section.name
    if authors:
        data["author"] = [
            {"@type": "Person", "name": a.name, "url": request.build_absolute_uri(a.get_absolute_url())}
            for a in authors
        ]
    elif article.source_id:
        agency = {"@type": "Organization", "name": article.source.name}
        if article.source.url:
            agency["url"] = article.source.url
        data["sourceOrganization"] = agency
        data["author"] = agency
    corrections = getattr(article, "public_corrections", [])
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": strip_tags(c.text), "datePublished": local_iso(c.published_at)}
            for c in corrections
        ]
    if image:
        data["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image["width"],
            "height": image["height"],
            "caption": article.lead_caption,
            "creditText": article.lead_image.credit,
        }
    return data
