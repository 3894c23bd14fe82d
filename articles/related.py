"""Related stories (interim): pinned first, then the latest published stories sharing a tag.

The related-stories work replaces the automatic part with the weighted engine; the interface stays.
"""

from django.conf import settings

from articles.models import Article, TaggedRegion, TaggedTopic


def related_articles(article: Article, *, limit: int | None = None) -> list[Article]:
    limit = limit or settings.RELATED_STORIES["LIMIT"]
    public = Article.objects.published().for_listing()
    pinned = list(public.filter(pk__in=article.pinned_relations.values("to_article_id")))
    order = {rel.to_article_id: rel.position for rel in article.pinned_relations.all()}
    pinned.sort(key=lambda a: order.get(a.pk, 0))
    chosen = pinned[:limit]
    exclude = {article.pk, *(a.pk for a in chosen)}
    sharing = public.filter(
        pk__in=TaggedRegion.objects.filter(tag__in=article.regions.all()).values("content_object_id")
    ) | public.filter(pk__in=TaggedTopic.objects.filter(tag__in=article.topics.all()).values("content_object_id"))
    chosen += list(sharing.exclude(pk__in=exclude).latest_first()[: limit - len(chosen)])
    return chosen
