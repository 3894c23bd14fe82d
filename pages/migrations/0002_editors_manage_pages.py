"""Editors write the simple pages, arrange the menus and change the site's logo and favicon."""

from django.db import migrations

EDITOR = [
    "add_page", "change_page", "delete_page", "view_page",
    "add_menuitem", "change_menuitem", "delete_menuitem", "view_menuitem",
    "add_sitesettings", "change_sitesettings", "view_sitesettings",
]  # fmt: skip


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations finish; the group needs them now.
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editor")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="pages", codename__in=EDITOR))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
