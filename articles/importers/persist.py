"""One imported story -> one article, exactly once.

A story is known by its source guid. ``import_fingerprint`` holds two halves: a digest of the story
as the source last sent it (so a repeat import is recognised as unchanged without fetching its
pictures again) and a digest of the article's fields as that import left them (so a later import can
tell whether an editor has touched the story since, and hold its update instead of overwriting the
editor's work). Status and publish time are not in the second half: publishing an imported story is
not editing it, and agency corrections to a live story must still arrive.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleAuthor, Section, Status, TaggedRegion, TaggedTopic
from articles.sanitize import clean_body

from .base import ImportedStory, ItemResult, Outcome
from .media import ImageFetcher
from .pictures import Where, place_pictures
from .taxonomy import Lookups

TEXT_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "lead_image_caption",
    "lead_image_alt",
    "seo_title",
    "seo_description",
    "canonical_url",
)
LINK_FIELDS = ("section_id", "source_id", "lead_image_id")
HALF = 32


@dataclass
class Options:
    lookups: Lookups
    fetcher: ImageFetcher
    dry_run: bool = False
    publish: bool = False
    section: Section | None = None
    source: str = ""
    user: object = None
    new_files: list[str] = field(default_factory=list)


def source_digest(story: ImportedStory, options: Options) -> str:
    data = dataclasses.asdict(story)
    for noise in ("where", "warnings"):
        data.pop(noise)
    data["defaults"] = [options.section.pk if options.section else None, options.source]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:HALF]


def live_digest(values: dict, links: dict[str, list[int]]) -> str:
    data = [values.get(name) for name in TEXT_FIELDS + LINK_FIELDS]
    data += [sorted(links["regions"]), sorted(links["topics"]), links["authors"]]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:HALF]


def _current(article: Article) -> tuple[dict, dict[str, list[int]]]:
    values = {name: getattr(article, name) for name in TEXT_FIELDS + LINK_FIELDS}
    links = {
        "regions": list(TaggedRegion.objects.filter(content_object=article).values_list("tag_id", flat=True)),
        "topics": list(TaggedTopic.objects.filter(content_object=article).values_list("tag_id", flat=True)),
        "authors": list(article.article_authors.order_by("position").values_list("author_id", flat=True)),
    }
    return values, links


def import_story(story: ImportedStory, *, options: Options, where: Where, file_name: str) -> ItemResult:
    """Create, update, or leave alone the article for ``story``; raises on failure (the caller rolls back)."""
    result = ItemResult(
        where=story.where or file_name,
        outcome=Outcome.CREATED,
        headline=story.headline,
        guid=story.guid,
        warnings=list(story.warnings),
    )
    digest = source_digest(story, options)
    article = Article.objects.filter(source_guid=story.guid).order_by("pk").first()
    if article is not None:
        result.article_id = article.pk
        if _verdict(article, story, digest, result):
            return result
        result.outcome = Outcome.UPDATED
    with transaction.atomic():
        _write(story, article, digest=digest, options=options, where=where, result=result, file_name=file_name)
        if options.dry_run:
            transaction.set_rollback(True)
    return result


def _verdict(article: Article, story: ImportedStory, digest: str, result: ItemResult) -> bool:
    """Fill ``result`` and return True when the story must not be written."""
    stored = article.import_fingerprint
    if story.version and article.source_version and story.version < article.source_version:
        result.outcome = Outcome.SKIPPED
        result.reason = f"version {story.version} is older than the version {article.source_version} already imported"
    elif stored[:HALF] == digest:
        result.outcome = Outcome.UNCHANGED
    elif stored[HALF:] and live_digest(*_current(article)) != stored[HALF:]:
        result.outcome = Outcome.HELD
        newer = f"version {story.version}" if story.version else "a newer copy"
        result.reason = f"edited in Newsroom since the last import; {newer} from the source was not applied"
    else:
        return False
    return True


def _write(story, article, *, digest: str, options: Options, where: Where, result: ItemResult, file_name: str):
    placed = place_pictures(
        story,
        fetcher=options.fetcher,
        where=where,
        dry_run=options.dry_run,
        user=options.user,
        warnings=result.warnings,
    )
    options.new_files.extend(placed.new_files)
    values, links = _resolve(story, placed, options, result.warnings)
    created = article is None
    if created:
        article = Article(
            source_guid=story.guid, status=Status.DRAFT, created_by=options.user, published_at=story.published_at
        )
    else:
        result.changed_fields = _changes(article, story, values, links)
    for name, value in values.items():
        setattr(article, name, value)
    article.source_version = story.version
    article.import_fingerprint = digest + live_digest(values, links)
    _save(article, links, created=created, user=options.user, file_name=file_name)
    result.article_id = article.pk
    _maybe_publish(article, story, options, result.warnings)


def _resolve(story: ImportedStory, placed, options: Options, warnings: list[str]) -> tuple[dict, dict]:
    lookups = options.lookups
    values = {
        "headline": story.headline,
        "standfirst": story.standfirst,
        "body": clean_body(placed.body),
        "lead_image_caption": placed.lead_caption,
        "lead_image_alt": placed.lead_alt,
        "seo_title": story.seo_title,
        "seo_description": story.seo_description,
        "canonical_url": story.canonical_url,
        "section_id": _pk(lookups.section(story.section, options.section, warnings)),
        "source_id": _pk(lookups.source(story.source_name or options.source)),
        "lead_image_id": _pk(placed.lead),
    }
    _fit(values, warnings)
    links = {
        "regions": [r.pk for r in lookups.regions(story.regions, warnings)],
        "topics": [t.pk for t in lookups.topics(story.topic_codes, story.topics, warnings)],
        "authors": [a.pk for a in lookups.authors(_author_names(story))],
    }
    return values, links


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


def _fit(values: dict, warnings: list[str]) -> None:
    for name, value in values.items():
        limit = getattr(Article._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            values[name] = value[:limit].rstrip()
            warnings.append(f"{name} was longer than {limit} characters and was cut")


def _author_names(story: ImportedStory) -> list[str]:
    if story.authors:
        return story.authors
    # A byline the parser could not split into people is kept as one name, unless it is just the agency.
    byline = story.byline.strip()
    if byline and byline.lower() != story.source_name.strip().lower() and len(byline) <= 100:
        return [byline]
    return []


def _changes(article: Article, story: ImportedStory, values: dict, links: dict) -> list[str]:
    old_values, old_links = _current(article)
    changed = [name.removesuffix("_id") for name, value in values.items() if old_values[name] != value]
    changed += [name for name in ("regions", "topics") if sorted(old_links[name]) != sorted(links[name])]
    changed += ["authors"] if old_links["authors"] != links["authors"] else []
    if story.version != article.source_version:
        changed.append("source_version")
    return changed


def _save(article: Article, links: dict, *, created: bool, user, file_name: str) -> None:
    with reversion.create_revision():
        article.lock_version += 1
        article.save()
        _set_tags(article, TaggedRegion, links["regions"], created)
        _set_tags(article, TaggedTopic, links["topics"], created)
        if not created:
            article.article_authors.all().delete()
        ArticleAuthor.objects.bulk_create(
            [ArticleAuthor(article=article, author_id=pk, position=n) for n, pk in enumerate(links["authors"])]
        )
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(f"Imported from {file_name}")
    if created and "data-image-id" not in article.body:
        return  # nothing to keep in step, and no rows to remove
    services.sync_inline_images(article=article)


def _set_tags(article: Article, through, tag_ids: list[int], created: bool) -> None:
    current = set() if created else set(through.objects.filter(content_object=article).values_list("tag_id", flat=True))
    wanted = set(tag_ids)
    if current - wanted:
        through.objects.filter(content_object=article, tag_id__in=current - wanted).delete()
    through.objects.bulk_create([through(content_object=article, tag_id=pk) for pk in tag_ids if pk not in current])


def _maybe_publish(article: Article, story: ImportedStory, options: Options, warnings: list[str]) -> None:
    if not options.publish or article.status not in {Status.DRAFT, Status.IN_REVIEW}:
        return
    if story.status == "draft":
        warnings.append("left as a draft: the source marks it as a draft")
        return
    now = timezone.now()
    at = story.published_at if story.published_at and story.published_at <= now else now
    try:
        services.publish_article(article=article, at=at, user=options.user)
    except ValidationError as exc:
        warnings.append(f"left as a draft: {' '.join(exc.messages)}")
