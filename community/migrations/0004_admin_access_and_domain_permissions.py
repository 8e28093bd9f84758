"""Give Bureau and Redactie access to the Wagtail admin; let Bureau edit domains and members.

Page permissions and workflows are the newsroom's migration; this one only opens
the admin and hands the bureau the domain and member screens.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")
BUREAU_PERMISSIONS = [
    ("groups", "domain", "add_domain"),
    ("groups", "domain", "change_domain"),
    ("groups", "domain", "delete_domain"),
    ("groups", "domain", "view_domain"),
    ("community", "member", "change_member"),
    ("community", "member", "view_member"),
]


def _permission(apps, app_label, model, codename):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return permission


def grant(apps, schema_editor):
    # On a fresh database the model permissions are made after all migrations;
    # create them now so the grants below find the real rows.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    access = _permission(apps, *ADMIN_ACCESS)
    bureau, _ = Group.objects.get_or_create(name="Bureau")
    editors, _ = Group.objects.get_or_create(name="Redactie")
    bureau.permissions.add(access, *[_permission(apps, *p) for p in BUREAU_PERMISSIONS])
    editors.permissions.add(access)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [ADMIN_ACCESS[2]] + [p[2] for p in BUREAU_PERMISSIONS]
    for group in Group.objects.filter(name__in=["Bureau", "Redactie"]):
        group.permissions.remove(*Permission.objects.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_roles"),
        ("groups", "0002_domains"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
