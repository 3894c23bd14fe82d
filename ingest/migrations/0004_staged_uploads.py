"""The import page's previews as rows (StagedUpload): their files wait in media storage, where every instance reads
them, and a confirm's claim is taken on the row (compare-and-set), not with a lock on one machine's disk."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0003_editors_manage_sources"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="uploadimport",
            name="folder",
            field=models.CharField(help_text="Where its files wait in media storage.", max_length=1000),
        ),
        migrations.AlterField(
            model_name="uploadimport",
            name="token",
            field=models.CharField(help_text="The preview's token (its StagedUpload).", max_length=64),
        ),
        migrations.CreateModel(
            name="StagedUpload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=64, unique=True)),
                (
                    "size",
                    models.PositiveBigIntegerField(default=0, help_text="Bytes uploaded (or pasted) for the preview."),
                ),
                ("claim", models.UUIDField(blank=True, help_text="The confirm importing these files now.", null=True)),
                ("claimed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "heartbeat_at",
                    models.DateTimeField(blank=True, help_text="The importing confirm's latest progress.", null=True),
                ),
                ("imported_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "user",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
        ),
    ]
