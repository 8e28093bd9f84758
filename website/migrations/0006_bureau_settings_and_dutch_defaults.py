"""The bureau edits the search synonyms and the privacy guard's mode (the README says so, the
screens refused); Wagtail's English default groups and workflow, unused here, leave.

Wagtail creates the groups "Editors" and "Moderators" and the workflow "Moderators approval";
this site has its own roles (Redactie, Bureau) and workflow ("Redactie → Bureau"), so the
defaults only showed English names in the member filter and the workflow reports. They are
removed only while nobody uses them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

BUREAU_PERMISSIONS = [
    ("search", "synonymgroup", "add_synonymgroup"),
    ("search", "synonymgroup", "change_synonymgroup"),
    ("search", "synonymgroup", "delete_synonymgroup"),
    ("search", "synonymgroup", "view_synonymgroup"),
    ("moderation", "moderationsettings", "change_moderationsettings"),
    ("moderation", "moderationsettings", "view_moderationsettings"),
]
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def _permission(apps, app_label, model, codename):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return permission


def _remove_unused_wagtail_defaults(apps):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        if WorkflowState.objects.filter(workflow=workflow).exists():
            continue
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.delete()
        for task in Task.objects.filter(pk__in=task_ids, name=WAGTAIL_DEFAULT_WORKFLOW):
            if not TaskState.objects.filter(task=task).exists():
                task.delete()
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        if not group.user_set.exists():
            group.delete()


def forwards(apps, schema_editor):
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    bureau, _ = Group.objects.get_or_create(name="Bureau")
    bureau.permissions.add(*[_permission(apps, *p) for p in BUREAU_PERMISSIONS])
    _remove_unused_wagtail_defaults(apps)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Bureau"):
        group.permissions.remove(
            *Permission.objects.filter(codename__in=[p[2] for p in BUREAU_PERMISSIONS])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0005_alter_articlepage_body_alter_articlepage_kind"),
        ("search", "0005_narrow_vectors"),
        ("moderation", "0001_initial"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
