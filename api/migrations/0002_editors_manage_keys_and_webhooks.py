"""Editors make API keys and webhook endpoints and read the delivery log."""

from django.db import migrations

EDITOR = [
    "add_apikey", "change_apikey", "view_apikey",
    "add_webhookendpoint", "change_webhookendpoint", "delete_webhookendpoint", "view_webhookendpoint",
    "view_webhookdelivery", "view_webhookattempt",
]  # fmt: skip


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations finish; the group needs them now.
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="api", codename__in=EDITOR))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
