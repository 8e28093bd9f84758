"""Let the Bureau add, change and view think groups in the admin (no delete: see the viewset)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_thinkgroup", "change_thinkgroup", "view_thinkgroup"]


def grant(apps, schema_editor):
    config = apps.get_app_config("groups")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    bureau, _ = Group.objects.get_or_create(name="Bureau")
    bureau.permissions.add(
        *Permission.objects.filter(content_type__app_label="groups", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for bureau in Group.objects.filter(name="Bureau"):
        bureau.permissions.remove(
            *Permission.objects.filter(content_type__app_label="groups", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_domains"),
        ("community", "0004_admin_access_and_domain_permissions"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
