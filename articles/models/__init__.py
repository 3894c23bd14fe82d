"""Newsroom's content model: articles and their sections, people, pictures and tags."""

from articles.models.content import (
    EDITOR_ONLY_STATUSES,
    Article,
    ArticleAuthor,
    ArticleImage,
    ArticleQuerySet,
    Author,
    PinnedRelation,
    SlugRedirect,
    Source,
    Status,
    published_sql,
    published_sql_params,
)
from articles.models.media import Image
from articles.models.taxonomy import Region, Section, TaggedRegion, TaggedTopic, Topic

__all__ = [
    "EDITOR_ONLY_STATUSES",
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
    "published_sql",
    "published_sql_params",
]
