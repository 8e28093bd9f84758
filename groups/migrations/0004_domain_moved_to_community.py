"""Domains now live in community (``community/0005``): the think group's foreign key points
at ``community.Domain`` and the groups app forgets its Domain, in the state only (the
table and its rows stay). The content type is renamed, so the permissions granted on
domains (the bureau's) stay with it."""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=source, model="domain").first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label=target, model="domain").first()
    if new is None:
        old.app_label = target
        old.save(update_fields=["app_label"])
        return
    # Both exist (made by hand or by a partial run): keep the target's rows, move over
    # the grants that only the old one has, then drop the old one.
    for permission in Permission.objects.filter(content_type=old):
        twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
        if twin is None:
            permission.content_type = new
            permission.save(update_fields=["content_type"])
        else:
            twin.group_set.add(*permission.group_set.all())
            twin.user_set.add(*permission.user_set.all())
            permission.delete()
    old.delete()


def forwards(apps, schema_editor):
    _move_content_type(apps, "groups", "community")


def backwards(apps, schema_editor):
    _move_content_type(apps, "community", "groups")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0005_domain"),
        ("groups", "0003_bureau_manages_think_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="thinkgroup",
                    name="domain",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="groups", to="community.domain", verbose_name="domain"),
                ),
                migrations.DeleteModel(name="Domain"),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
