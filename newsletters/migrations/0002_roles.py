"""Writers draft editions; editors also run the lists, send, read subscribers and suppressions, and ask for alerts."""

from django.db import migrations

WRITER = [
    "add_edition", "change_edition", "view_edition",
    "add_editionitem", "change_editionitem", "delete_editionitem", "view_editionitem",
    "view_newsletterlist",
]
EDITOR = WRITER + [
    "delete_edition",
    "add_newsletterlist", "change_newsletterlist", "view_newsletterlist",
    "view_subscriber", "change_subscriber", "view_suppression", "view_delivery",
    "add_alert", "view_alert",
]  # fmt: skip


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations finish; the groups need them now.
    app_config = apps.get_app_config("newsletters")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Writer", WRITER), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="newsletters", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
