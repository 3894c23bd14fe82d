"""One article per imported story: a unique source guid (blank guids, for hand-written stories, are exempt).

Imports before this migration could race and create two articles for one guid. The oldest keeps the
guid (later imports update it); the others keep theirs with a "#duplicate-<id>" suffix, so nothing is
lost and an editor can still tell where they came from.

Online (docs/upgrading.md): not atomic, each renamed duplicate saved on its own, and the constraint's unique index
built CONCURRENTLY (newsroom/migrations_ops.py), so imports and saves carry on while it runs.
"""

from django.db import migrations, models
from django.db.models import Count

from newsroom.migrations_ops import AddUniqueConstraintConcurrently

MAX_GUID = 500


def mark_duplicates(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    repeated = (
        Article.objects.exclude(source_guid="")
        .values("source_guid")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("source_guid", flat=True)
    )
    for guid in repeated.iterator():
        for article in Article.objects.filter(source_guid=guid).order_by("pk")[1:]:
            suffix = f"#duplicate-{article.pk}"
            article.source_guid = guid[: MAX_GUID - len(suffix)] + suffix
            article.save(update_fields=["source_guid"])


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("articles", "0004_related")]

    operations = [
        migrations.RunPython(mark_duplicates, migrations.RunPython.noop, elidable=True),
        AddUniqueConstraintConcurrently(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_guid", ""), _negated=True),
                fields=("source_guid",),
                name="unique_article_source_guid",
            ),
        ),
    ]
