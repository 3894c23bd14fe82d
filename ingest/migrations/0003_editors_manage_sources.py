"""Editors manage the polled sources (Ingest → Sources): until now only a superuser could open them.

A source's runs show on its own page and import runs on the activity page, neither through a model admin of their
own, so the Editor group needs no permission on ``SourceRun`` or ``ImportRun``.
"""

from django.db import migrations

EDITOR = ["add_source", "change_source", "delete_source", "view_source"]


def _editor_permissions(apps):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations finish; the group needs them now.
    app_config = apps.get_app_config("ingest")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editor")
    return group, Permission.objects.filter(content_type__app_label="ingest", codename__in=EDITOR)


def grant(apps, schema_editor):
    group, permissions = _editor_permissions(apps)
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    group, permissions = _editor_permissions(apps)
    group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0002_import_runs"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
