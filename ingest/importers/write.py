"""One imported story -> one article, exactly once.

A story is known by its source guid. ``import_fingerprint`` holds two halves: a digest of the story
as the source last sent it (so a repeat import is recognised as unchanged without fetching its
pictures again) and a digest of the article's fields as that import left them (so a later import can
tell whether an editor has touched the story since, and hold its update instead of overwriting the
editor's work). Status and publish time are not in the second half: publishing an imported story is
not editing it, and agency corrections to a live story must still arrive. The suggestions an editor ticked on the
desk are written with the story (so they are in the second half) but are not the source's copy (so not in the
first): ``suggest`` holds the rule, the same on every route.

Each story is looked up and written in one transaction, its row locked (on PostgreSQL) from the
look-up on, and every update bumps ``lock_version`` so an editor with the form open is told someone
saved after them. Two imports of one guid racing each other meet the unique guid constraint: the
loser retries once, finds the winner's article and reports it unchanged or updated.

The article is saved once, and its one revision written once the tags and authors are in place (see
``revisions``). Whether a live story may be written over, and whether a draft is published or scheduled (in the
same save), is ``publishing``'s call. A new
copy whose words are the same as the article's (only the source's version stamp moved) just updates the
stored fingerprint and version: no revision, no ``lock_version`` bump, reported unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from articles import services
from articles.models import (
    Article,
    ArticleAuthor,
    Region,
    Section,
    Status,
    TaggedRegion,
    TaggedTopic,
    Topic,
    is_absolute_http_url,
)
from articles.related.index import forget_related_lists, recount_tags, sync_article
from articles.sanitize import clean_body
from live.services import post_live_update

from . import publishing
from .fetch import ImageFetcher
from .lookups import Lookups
from .pictures import Where, place_pictures
from .records import ImportedStory, ItemError, ItemResult, Outcome
from .revisions import record_import
from .suggest import Additions, Suggestions

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
# Written from the source but left out of the edited-since digest (older digests must still match).
PLAIN_FIELDS = ("language", "expires_at")
HALF = 32
LIVE_UPDATE = "live update"  # the changed field a story under live coverage reports: the blog got an update
GUID_LIMIT = Article._meta.get_field("source_guid").max_length


@dataclass
class Options:
    lookups: Lookups
    fetcher: ImageFetcher
    dry_run: bool = False
    publish: bool = False
    section: Section | None = None
    source: str = ""
    user: object = None
    can_publish: bool = True  # False for an admin user without articles.publish_article
    new_files: list[str] = field(default_factory=list)

    def forget_attempt(self) -> None:
        """A rolled-back attempt takes its cached rows and picture files with it."""
        self.lookups.item_rolled_back()
        for name in self.new_files:
            default_storage.delete(name)
        self.new_files.clear()


def source_digest(story: ImportedStory, options: Options) -> str:
    data = dataclasses.asdict(story)
    for noise in ("where", "warnings"):
        data.pop(noise)
    for late in (
        "embargo_until",
        "pub_status",
        "expires_at",
        "signals",
    ):  # added later: left out when unset, so older digests still match
        if not data[late]:
            data.pop(late)
    data["defaults"] = [options.section.pk if options.section else None, options.source]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:HALF]


def live_digest(values: dict, links: dict[str, list[int]]) -> str:
    data = [values.get(name) for name in TEXT_FIELDS + LINK_FIELDS]
    data += [sorted(links["regions"]), sorted(links["topics"]), links["authors"]]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:HALF]


def _current(article: Article) -> tuple[dict, dict[str, list[int]]]:
    values = {name: getattr(article, name) for name in TEXT_FIELDS + LINK_FIELDS + PLAIN_FIELDS}
    links = {
        "regions": list(TaggedRegion.objects.filter(content_object=article).values_list("tag_id", flat=True)),
        "topics": list(TaggedTopic.objects.filter(content_object=article).values_list("tag_id", flat=True)),
        "authors": list(article.article_authors.order_by("position").values_list("author_id", flat=True)),
    }
    return values, links


def stored_guid(guid: str) -> str:
    """The guid as ``Article.source_guid`` holds it: a guid too long for the field keeps a readable start and a
    digest of the whole, so the same long guid always finds the same article."""
    if len(guid) <= GUID_LIMIT:
        return guid
    return f"{guid[:420]}#sha256:{hashlib.sha256(guid.encode()).hexdigest()}"


def import_story(
    story: ImportedStory, *, options: Options, where: Where, file_name: str, additions: Additions | None = None
) -> ItemResult:
    """Create, update, or leave alone the article for ``story``; raises on failure (the caller rolls back).

    ``additions``: the suggestions the editor ticked, written with the story but not part of its digest (the rule,
    the same on every route, is ``suggest``'s docstring)."""
    story.guid = stored_guid(story.guid)
    _refuse_oversized_body(story)
    digest = source_digest(story, options)
    additions = additions or Additions()
    try:
        return _import_once(story, digest, options=options, where=where, file_name=file_name, additions=additions)
    except IntegrityError as exc:
        if not _story_clash(exc):
            raise  # some other rule the data broke: reported as it is
        # Another import created this guid (or took this slug) since our look-up: go again on its row.
        options.forget_attempt()
    try:
        return _import_once(story, digest, options=options, where=where, file_name=file_name, additions=additions)
    except IntegrityError as exc:
        if not _story_clash(exc):
            raise
        raise ItemError(
            "not saved: another import saved the same story at the same moment; import the file again",
            where=story.where or file_name,
        ) from None


_STORY_KEYS = re.compile(r"source_guid|articles_article[._]slug")


def _story_clash(exc: IntegrityError) -> bool:
    """The article's guid or slug was taken meanwhile (SQLite names the column, PostgreSQL the constraint)."""
    return bool(_STORY_KEYS.search(str(exc)))


def _import_once(
    story: ImportedStory, digest: str, *, options: Options, where: Where, file_name: str, additions: Additions
) -> ItemResult:
    result = ItemResult(
        where=story.where or file_name,
        outcome=Outcome.CREATED,
        headline=story.headline,
        guid=story.guid,
        warnings=list(story.warnings),
    )
    with transaction.atomic():
        article, slug_free = find_article(story.guid, slug=Article.first_slug_for(story.headline))
        if article is not None:
            result.article_id = article.pk
            result.outcome = Outcome.UPDATED
        written = False
        if article is not None and options.can_publish and publishing.adds_to_live_coverage(article, story):
            if not _verdict(article, story, digest, result):
                _add_live_update(article, story, digest, options=options, where=where, result=result)
            written = True
        elif article is None or not (
            _verdict(article, story, digest, result)
            or publishing.held_for_editor(article, story, result, can_publish=options.can_publish)
        ):
            article, written = _write(
                story,
                article,
                digest=digest,
                options=options,
                where=where,
                result=result,
                file_name=file_name,
                slug_free=slug_free,
                additions=additions,
            )
        if not written and result.outcome == Outcome.UNCHANGED:
            # An earlier run without --publish left it a draft.
            publishing.maybe_publish(article, story, options, result.warnings)
        if article is not None:
            _remember_held(article, result)
        if options.dry_run:
            transaction.set_rollback(True)
    return result


def _remember_held(article: Article, result: ItemResult) -> None:
    """A held update waits on the desk for an editor (articles.admin.dashboard); one that got written ends the wait.
    A queryset update: neither the story's "Updated" time nor its history moves for the bookkeeping."""
    if result.outcome == Outcome.HELD:
        held = {"import_held_at": timezone.now(), "import_held_note": result.reason[:500]}
    elif result.outcome == Outcome.UPDATED and article.import_held_at:
        held = {"import_held_at": None, "import_held_note": ""}
    else:
        return
    Article.objects.filter(pk=article.pk).update(**held)


def find_article(guid: str, *, slug: str = "") -> tuple[Article | None, bool]:
    """The article imported under ``guid``, locked until the transaction ends (PostgreSQL; SQLite locks on write),
    and whether ``slug`` is still free for a new story. A new story, the common case, costs one light query."""
    match = Q(source_guid=guid) | Q(slug=slug) if slug else Q(source_guid=guid)
    rows = list(Article.objects.filter(match).order_by().values_list("pk", "source_guid", "slug"))
    slug_free = bool(slug) and all(row[2] != slug for row in rows)
    pk = next((row[0] for row in rows if row[1] == guid), None)
    article = Article.objects.select_for_update(of=("self",)).filter(pk=pk).first() if pk else None
    return article, slug_free


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


def _write(
    story,
    article,
    *,
    digest: str,
    options: Options,
    where: Where,
    result: ItemResult,
    file_name: str,
    slug_free: bool,
    additions: Additions,
):
    placed = place_pictures(
        story,
        fetcher=options.fetcher,
        where=where,
        dry_run=options.dry_run,
        user=options.user,
        warnings=result.warnings,
        new_files=options.new_files,
    )
    values, links = _resolve(story, placed, options, result.warnings, added=additions.for_story(story, article))
    created = article is None
    if created:
        article = Article(
            source_guid=story.guid, status=Status.DRAFT, created_by=options.user, published_at=story.published_at
        )
        # Known free from the look-up: spares the model its own check. Taken meanwhile, the insert fails and retries.
        article.slug = Article.first_slug_for(values["headline"]) if slug_free else ""
    else:
        result.changed_fields = _changes(article, values, links)
        if result.changed_fields and story.version != article.source_version:
            result.changed_fields.append("source_version")
        if not result.changed_fields:
            # Only the source's bookkeeping moved (a new version stamp, the same words): remember it, change nothing.
            result.outcome = Outcome.UNCHANGED
            article.source_version = story.version
            article.import_fingerprint = digest + live_digest(values, links)
            Article.objects.filter(pk=article.pk).update(
                source_version=article.source_version, import_fingerprint=article.import_fingerprint
            )
            return article, False
    for name, value in values.items():
        setattr(article, name, value)
    article.source_version = story.version
    article.import_fingerprint = digest + live_digest(values, links)
    published = publishing.mark_for_publication(article, story, options, result.warnings)
    comment = f"Imported from {file_name}" + (f"; {published.lower()}" if published else "")
    kept_date = created and _date_from_source(article, story)
    _save(article, links, created=created, user=options.user, comment=comment, touch=not kept_date)
    result.article_id = article.pk
    return article, True


def writes_story(result: ItemResult) -> bool:
    """Whether the import wrote (a dry run: would write) the story's own fields and tags: what suggestions go on."""
    return result.outcome in (Outcome.CREATED, Outcome.UPDATED) and result.changed_fields != [LIVE_UPDATE]


def _add_live_update(article: Article, story: ImportedStory, digest: str, *, options, where, result) -> None:
    """A new version of a story under live coverage that says it adds to what came before: it becomes an update on
    the live blog, and the story's own words stay as the editors left them."""
    placed = place_pictures(
        story,
        fetcher=options.fetcher,
        where=where,
        dry_run=options.dry_run,
        user=options.user,
        warnings=result.warnings,
        new_files=options.new_files,
    )
    post_live_update(article=article, body=clean_body(placed.body), title=story.headline, user=options.user)
    # The stored fingerprint's second half stays: the story itself was not rewritten, so no editor's work is lost.
    article.import_fingerprint = digest + article.import_fingerprint[HALF:]
    article.source_version = story.version
    Article.objects.filter(pk=article.pk).update(
        import_fingerprint=article.import_fingerprint, source_version=article.source_version
    )
    result.outcome = Outcome.UPDATED
    result.changed_fields = [LIVE_UPDATE]
    result.article_id = article.pk


def _date_from_source(article: Article, story: ImportedStory) -> bool:
    """A story new to Newsroom was last changed when its source says, not when it was imported: otherwise every
    migrated archive story would read "Updated" with the day of the migration. True when the source said."""
    stamps = [stamp for stamp in (story.updated_at, story.published_at) if stamp and stamp <= timezone.now()]
    if stamps:
        article.updated_at = max(stamps)
    return bool(stamps)


def _resolve(
    story: ImportedStory, placed, options: Options, warnings: list[str], *, added: Suggestions
) -> tuple[dict, dict]:
    """The article's fields and links from ``story``, with the regions, topics and section ``added`` names."""
    lookups = options.lookups
    values = {
        "headline": story.headline,
        "standfirst": story.standfirst,
        "body": clean_body(placed.body),
        "lead_image_caption": placed.lead_caption,
        "lead_image_alt": placed.lead_alt,
        "seo_title": story.seo_title,
        "seo_description": story.seo_description,
        "canonical_url": _canonical_url(story.canonical_url, warnings),
        "language": _language_tag(story.language, warnings),
        "expires_at": story.expires_at,
        "section_id": _pk(lookups.section(added.section or story.section, options.section, warnings)),
        "source_id": _pk(lookups.source(story.source_name or options.source)),
        "lead_image_id": _pk(placed.lead),
    }
    _fit(values, warnings)
    links = {
        "regions": [r.pk for r in lookups.regions([*story.regions, *added.regions], warnings)],
        "topics": [t.pk for t in lookups.topics(story.topic_codes, [*story.topics, *added.topics], warnings)],
        "authors": [a.pk for a in lookups.authors(_author_names(story))],
    }
    return values, links


def _refuse_oversized_body(story: ImportedStory) -> None:
    limit = settings.NEWSROOM["IMPORT_MAX_BODY_BYTES"]
    size = len(story.body_html.encode("utf-8", "replace"))
    if size > limit:
        raise ItemError(
            f"the body is {size / 1024**2:.1f} MB of HTML, more than the {limit / 1024**2:.1f} MB allowed",
            where=story.where,
            field="body",
        )


def _canonical_url(value: str, warnings: list[str]) -> str:
    """Only an absolute http(s) address may stand as the original's: anything else (``javascript:``, a relative
    path) is left out with a warning."""
    value = value.strip()
    if value and not is_absolute_http_url(value):
        warnings.append(f"canonical_url {value[:80]!r} is not an absolute http(s) address and was left out")
        return ""
    return value


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")


def _language_tag(value: str, warnings: list[str]) -> str:
    """A BCP 47 tag as the source gives it ("en", "en-GB"; NewsML's "en_GB" mended), or nothing."""
    tag = value.strip().replace("_", "-")
    if tag and not (_LANGUAGE_TAG.match(tag) and len(tag) <= 35):
        warnings.append(f"language {value.strip()[:40]!r} is not a language tag and was left out")
        return ""
    return tag


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


def _changes(article: Article, values: dict, links: dict) -> list[str]:
    """The article fields and links this import would change (the source's version number is not content)."""
    old_values, old_links = _current(article)
    changed = [name.removesuffix("_id") for name, value in values.items() if old_values[name] != value]
    changed += [name for name in ("regions", "topics") if sorted(old_links[name]) != sorted(links[name])]
    changed += ["authors"] if old_links["authors"] != links["authors"] else []
    return changed


def _save(article: Article, links: dict, *, created: bool, user, comment: str, touch: bool) -> None:
    article.lock_version += 1
    article.save(touch=touch)
    regions, gone_regions = _set_tags(article, TaggedRegion, links["regions"], created)
    topics, gone_topics = _set_tags(article, TaggedTopic, links["topics"], created)
    if not created:
        article.article_authors.all().delete()
    authors = ArticleAuthor.objects.bulk_create(
        [ArticleAuthor(article=article, author_id=pk, position=n) for n, pk in enumerate(links["authors"])]
    )
    written = {
        "article_authors": authors,
        "pinned_relations": [],
        "corrections": [],
        "taggedregion_set": regions,
        "taggedtopic_set": topics,
    }
    record_import(article, written=written if created else None, user=user, comment=comment)
    if article.status == Status.PUBLISHED:
        _index_tags(article, {Region: gone_regions, Topic: gone_topics})
    if created and "data-image-id" not in article.body:
        return  # nothing to keep in step, and no rows to remove
    services.sync_inline_images(article=article)


def _set_tags(article: Article, through, tag_ids: list[int], created: bool) -> tuple[list, set[int]]:
    """Make the article's links ``tag_ids``; return the links now held (new story) and the tag ids dropped."""
    current = set() if created else set(through.objects.filter(content_object=article).values_list("tag_id", flat=True))
    gone = current - set(tag_ids)
    if gone:
        through.objects.filter(content_object=article, tag_id__in=gone).delete()
    made = through.objects.bulk_create(
        [through(content_object=article, tag_id=pk) for pk in tag_ids if pk not in current]
    )
    return made, gone


def _index_tags(article: Article, gone: dict) -> None:
    """Links are written in bulk, without signals: bring the related-stories index up to date by hand."""
    sync_article(article)
    for tag_model, tag_ids in gone.items():
        if tag_ids:
            recount_tags(tag_model, tag_ids)
            forget_related_lists()
