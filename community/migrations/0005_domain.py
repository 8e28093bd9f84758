"""Domains move from the groups app to community, where members pick theirs in the profile.

State only: the table stays ``groups_domain`` (``Domain.Meta.db_table``) with its rows, and
the member-domain and group-domain foreign keys keep pointing at it. The groups app drops
its Domain from the state and renames the content type in ``groups/0004``.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_admin_access_and_domain_permissions"),
        ("groups", "0003_bureau_manages_think_groups"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Domain",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=60, unique=True, verbose_name="name")),
                        ("slug", models.SlugField(max_length=60, unique=True, verbose_name="slug")),
                        ("description", models.CharField(blank=True, max_length=300, verbose_name="short description")),
                        ("colour", models.CharField(default="#1d4f91", max_length=7, validators=[django.core.validators.RegexValidator("^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb.")], verbose_name="colour")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                    ],
                    options={
                        "verbose_name": "domain",
                        "verbose_name_plural": "domains",
                        "db_table": "groups_domain",
                        "ordering": ["position", "name"],
                    },
                ),
                migrations.AlterField(
                    model_name="member",
                    name="domains",
                    field=models.ManyToManyField(blank=True, related_name="members", to="community.domain", verbose_name="domains"),
                ),
            ],
        ),
    ]
