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
    is_absolute_http_url,
    published_sql,
    published_sql_params,
)
from articles.models.editorial import Correction, CorrectionKind, PendingChange
from articles.models.fronts import Front, FrontSlot
from articles.models.locks import DraftReason, StoryDraft, StoryLock
from articles.models.media import Image
from articles.models.taxonomy import (
    Region,
    RegionRedirect,
    Section,
    TaggedRegion,
    TaggedTopic,
    Topic,
    TopicRedirect,
)
from articles.models.timed import TimedEvent, TimedKind, timed_event_id

__all__ = [
    "EDITOR_ONLY_STATUSES",
    "Article",
    "ArticleAuthor",
    "ArticleImage",
    "ArticleQuerySet",
    "Author",
    "Correction",
    "CorrectionKind",
    "DraftReason",
    "Front",
    "FrontSlot",
    "Image",
    "PendingChange",
    "PinnedRelation",
    "Region",
    "RegionRedirect",
    "Section",
    "SlugRedirect",
    "Source",
    "Status",
    "StoryDraft",
    "StoryLock",
    "TaggedRegion",
    "TaggedTopic",
    "TimedEvent",
    "TimedKind",
    "Topic",
    "TopicRedirect",
    "is_absolute_http_url",
    "published_sql",
    "published_sql_params",
    "timed_event_id",
]
