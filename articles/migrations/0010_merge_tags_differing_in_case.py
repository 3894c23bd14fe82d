"""Before names become unique regardless of case: strip spaces from tag names, and merge tags whose names differ
only in case or spaces into the oldest one (its links gain the others' stories; their slugs redirect to it)."""

from django.db import migrations
from django.db.models.functions import Lower, Trim


def merge_duplicates(apps, schema_editor):
    for tag_name, through_name, redirect_name in (
        ("Region", "TaggedRegion", "RegionRedirect"),
        ("Topic", "TaggedTopic", "TopicRedirect"),
    ):
        Tag = apps.get_model("articles", tag_name)
        through = apps.get_model("articles", through_name)
        redirects = apps.get_model("articles", redirect_name)
        seen = {}
        for tag in Tag.objects.annotate(key=Lower(Trim("name"))).order_by("pk"):
            keeper = seen.setdefault(tag.key, tag)
            if keeper.pk == tag.pk:
                continue
            already = through.objects.filter(tag=keeper).values("content_object_id")
            through.objects.filter(tag=tag, content_object_id__in=already).delete()
            through.objects.filter(tag=tag).update(tag=keeper)
            redirects.objects.filter(tag=tag).update(tag=keeper)
            if tag_name == "Region":
                _move_children(Tag, tag, keeper)
            slug = tag.slug
            tag.delete()
            redirects.objects.update_or_create(old_slug=slug, defaults={"tag": keeper})
        for tag in Tag.objects.all():
            if tag.name != tag.name.strip():
                Tag.objects.filter(pk=tag.pk).update(name=tag.name.strip())


def _move_children(Region, source, target):
    Region.objects.filter(parent=source).update(parent=target)
    for region in Region.objects.filter(path__startswith=source.path).exclude(pk=source.pk):
        path = target.path + region.path[len(source.path) :]
        Region.objects.filter(pk=region.pk).update(path=path, depth=path.count("/") - 2)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_corrections_pending_expiry_tag_redirects")]

    operations = [migrations.RunPython(merge_duplicates, migrations.RunPython.noop)]
