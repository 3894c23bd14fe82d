"""Newsroom's content model: articles and their sections, people, pictures and tags."""

from articles.models.content import (
    Article,
    ArticleAuthor,
    ArticleImage,
    ArticleQuerySet,
    Author,
    PinnedRelation,
    Section,
    SlugRedirect,
    Source,
    Status,
)
from articles.models.media import Image
from articles.models.taxonomy import Region, TaggedRegion, TaggedTopic, Topic

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleImage",
    "ArticleQuerySet",
    "Author",
    "Image",
    "PinnedRelation",
    "Region",
    "Section",
    "SlugRedirect",
    "Source",
    "Status",
    "TaggedRegion",
    "TaggedTopic",
    "Topic",
]
