"""Related stories: what the ranking query reads without touching the article table per candidate.

- ``published_at`` on the tag through tables: the story's publish time while it is published, NULL otherwise,
  with a (tag, published_at, story) index so each shared tag yields only its stories near in time.
- ``article_count`` on regions and topics: how many published stories carry the tag (the specificity weight).

Both are filled for existing content here and kept current by ``articles.related_index``.

Online (newsroom/migrations_ops.py, docs/upgrading.md): not atomic; the indexes are built CONCURRENTLY and the
links are filled in batches that each commit, so tagging and saving stories carry on while it runs.
"""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from newsroom.migrations_ops import AddIndexConcurrently, backfill


def fill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for through_name, tag_name in (("TaggedRegion", "Region"), ("TaggedTopic", "Topic")):
        through = apps.get_model("articles", through_name)
        tag_model = apps.get_model("articles", tag_name)
        publish_time = Article.objects.filter(pk=OuterRef("content_object_id"), status="published")
        backfill(
            through,
            lambda rows: rows.update(published_at=Subquery(publish_time.values("published_at")[:1])),
            using=schema_editor.connection.alias,
        )
        links = (
            through.objects.filter(tag=OuterRef("pk"), published_at__isnull=False)
            .values("tag").annotate(n=Count("*")).values("n")
        )
        count = Coalesce(Subquery(links), 0)
        backfill(tag_model, lambda rows: rows.update(article_count=count), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("articles", "0003_search")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="article_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="topic",
            name="article_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="taggedregion",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="taggedtopic",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        AddIndexConcurrently(
            model_name="taggedregion",
            index=models.Index(fields=["tag", "published_at", "content_object"], name="taggedregion_tag_published"),
        ),
        AddIndexConcurrently(
            model_name="taggedtopic",
            index=models.Index(fields=["tag", "published_at", "content_object"], name="taggedtopic_tag_published"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
