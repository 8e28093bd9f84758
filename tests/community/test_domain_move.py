"""Domains moved from the groups app to community (migrations community/0005, groups/0004):
on SQLite and PostgreSQL, a database with domains, groups in them, members who chose
them and the bureau's domain permissions keeps every row and grant, forwards and back.

Each run migrates a fresh database of its own in a separate process, so the test
database of the suite is never migrated backwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
BEFORE = [
    ("groups", "0003_bureau_manages_think_groups"),
    ("community", "0004_admin_access_and_domain_permissions"),
]
AFTER = [("groups", "0004_domain_moved_to_community"), ("community", "0005_domain")]

SCRIPT = f"""
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE, AFTER = {BEFORE!r}, {AFTER!r}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


apps = migrate(BEFORE)
Domain = apps.get_model("groups", "Domain")
wonen = Domain.objects.create(name="Wonen", slug="wonen", colour="#334155", position=9)
group = apps.get_model("groups", "ThinkGroup").objects.create(
    domain=wonen, name="Dakloosheid", slug="dakloosheid"
)
member = apps.get_model("community", "Member").objects.create(
    email="lid@example.nl", display_name="Lid"
)
member.domains.add(wonen, Domain.objects.get(slug="zorg"))
bureau = apps.get_model("auth", "Group").objects.get(name="Bureau")
assert bureau.permissions.filter(
    content_type__app_label="groups", codename="change_domain"
).exists()

apps = migrate(AFTER)
Domain = apps.get_model("community", "Domain")
wonen = Domain.objects.get(slug="wonen")
assert (wonen.name, wonen.colour, wonen.position) == ("Wonen", "#334155", 9), wonen
assert apps.get_model("groups", "ThinkGroup").objects.get(pk=group.pk).domain_id == wonen.pk
member = apps.get_model("community", "Member").objects.get(pk=member.pk)
assert sorted(member.domains.values_list("slug", flat=True)) == ["wonen", "zorg"]
assert Domain.objects.count() == 7
ContentType = apps.get_model("contenttypes", "ContentType")
assert ContentType.objects.filter(app_label="community", model="domain").exists()
assert not ContentType.objects.filter(app_label="groups", model="domain").exists()
bureau = apps.get_model("auth", "Group").objects.get(name="Bureau")
assert set(
    bureau.permissions.filter(content_type__app_label="community").values_list(
        "codename", flat=True
    )
) >= {{"add_domain", "change_domain", "delete_domain", "view_domain"}}

apps = migrate(BEFORE)
wonen = apps.get_model("groups", "Domain").objects.get(slug="wonen")
assert apps.get_model("groups", "ThinkGroup").objects.get(pk=group.pk).domain_id == wonen.pk
assert apps.get_model("contenttypes", "ContentType").objects.filter(
    app_label="groups", model="domain"
).exists()
print("domains moved and back")
"""


def _run(database_url: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": database_url,
    }
    env.pop("TEST_SQLITE_FILE", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "domains moved and back" in result.stdout


def test_domains_move_with_their_rows_on_sqlite(tmp_path):
    _run(f"sqlite:///{tmp_path / 'move.sqlite3'}")


@pytest.mark.services
def test_domains_move_with_their_rows_on_postgresql():
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("postgresql"):  # core.postgresql in the settings
        skip_or_fail("DATABASE_URL does not point at PostgreSQL")
    import psycopg

    name = f"sd_domain_move_{uuid.uuid4().hex[:8]}"
    server = {
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{server['password']}" if server["password"] else ""
        _run(f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}")
    finally:
        with psycopg.connect(**server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
