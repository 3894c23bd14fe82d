"""What a browser posts from the admin's article form, so tests can change one thing and submit."""

from django.urls import reverse
from django.utils import timezone

from articles.models import Article


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def article_form_data(article: Article | None = None, **overrides) -> dict:
    """The fields as the change form shows them for ``article`` (or an empty add form), then ``overrides``."""
    data = {
        "headline": "",
        "slug": "",
        "standfirst": "",
        "body": "",
        "section": "",
        "regions": [],
        "topics": [],
        "source": "",
        "lead_image": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "published_at_0": "",
        "published_at_1": "",
        "expires_at_0": "",
        "expires_at_1": "",
        "seo_title": "",
        "seo_description": "",
        "canonical_url": "",
        "opened_version": 0,
        **_inline("article_authors", []),
        **_inline("pinned_relations", []),
        **_inline("corrections", []),
    }
    if article is not None:
        data.update(_from_article(article))
    data.update(overrides)
    return data


def _from_article(article: Article) -> dict:
    authors = [
        {"id": link.pk, "article": article.pk, "author": link.author_id, "position": link.position}
        for link in article.article_authors.all()
    ]
    pins = [
        {"id": pin.pk, "from_article": article.pk, "to_article": pin.to_article_id, "position": pin.position}
        for pin in article.pinned_relations.all()
    ]
    corrections = [
        {
            "id": c.pk,
            "article": article.pk,
            "kind": c.kind,
            "text": c.text,
            "make_public": "on" if c.published_at else "",
        }
        for c in article.corrections.all()
    ]
    published = timezone.localtime(article.published_at) if article.published_at else None
    expires = timezone.localtime(article.expires_at) if article.expires_at else None
    return {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id or "",
        "regions": [region.pk for region in article.regions.all()],
        "topics": [topic.pk for topic in article.topics.all()],
        "source": article.source_id or "",
        "lead_image": article.lead_image_id or "",
        "lead_image_alt": article.lead_image_alt,
        "lead_image_caption": article.lead_image_caption,
        "published_at_0": published.strftime("%d/%m/%Y") if published else "",
        "published_at_1": published.strftime("%H:%M:%S") if published else "",
        "expires_at_0": expires.strftime("%d/%m/%Y") if expires else "",
        "expires_at_1": expires.strftime("%H:%M:%S") if expires else "",
        "opened_version": article.lock_version,
        **_inline("article_authors", authors),
        **_inline("pinned_relations", pins),
        **_inline("corrections", corrections),
    }


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(rows),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data
