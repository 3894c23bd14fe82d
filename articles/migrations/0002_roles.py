"""The Writer and Editor groups with their permissions."""

from django.db import migrations

WRITER = [
    "add_article", "change_article", "view_article",
    "add_image", "change_image", "view_image",
    "add_articleauthor", "change_articleauthor", "delete_articleauthor", "view_articleauthor",
    "add_pinnedrelation", "change_pinnedrelation", "delete_pinnedrelation", "view_pinnedrelation",
    "view_section", "view_author", "view_source", "view_region", "view_topic", "add_topic",
]
EDITOR_EXTRA = [
    "publish_article", "delete_article",
    "delete_image",
    "add_section", "change_section", "view_section",
    "add_author", "change_author", "delete_author",
    "add_source", "change_source", "delete_source",
    "add_region", "change_region", "delete_region",
    "change_topic", "delete_topic",
]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations finish; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Writer", WRITER), ("Editor", WRITER + EDITOR_EXTRA)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
