"""Image.original_name, and originals stored before it renamed to the extension of what they really are.

An upload used to keep its own extension: a PNG called evil.html was stored (and served) as ….html. Each
such file is moved to the same unguessable stem with the detected format's extension; a file that is missing
or unreadable is left alone (``make_renditions`` reports it). Their uploaded names were never kept, so
``original_name`` stays empty for them.
"""

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db import migrations, models

from articles.renditions import EXTENSIONS


def rename_misnamed_originals(apps, schema_editor):
    from PIL import Image as PILImage

    Image = apps.get_model("articles", "Image")
    for image in Image.objects.exclude(file="").iterator():
        old = PurePosixPath(image.file.name)
        try:
            with default_storage.open(str(old), "rb") as fh, PILImage.open(fh) as probe:
                extension = EXTENSIONS.get(probe.format)
            if extension is None or old.suffix == f".{extension}":
                continue
            with default_storage.open(str(old), "rb") as fh:
                new = default_storage.save(str(old.with_suffix(f".{extension}")), fh)
        except (OSError, PILImage.DecompressionBombError):
            continue
        Image.objects.filter(pk=image.pk).update(file=new)
        default_storage.delete(str(old))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_language_and_kept_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="original_name",
            field=models.CharField(
                blank=True, default="", editable=False, help_text="The file's name when it was uploaded.", max_length=255
            ),
        ),
        migrations.RunPython(rename_misnamed_originals, migrations.RunPython.noop, elidable=True),
    ]
