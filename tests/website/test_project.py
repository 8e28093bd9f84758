"""The project as a whole: migrations, system checks, the home page, production settings."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_models_have_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_system_check_passes():
    call_command("check", fail_level="WARNING")


def test_production_check_deploy_has_no_warnings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "x" * 30 + "a-long-random-production-secret-value-1234567890",
        "ALLOWED_HOSTS": "samendenk.example.nl",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="website.settings.production", ALLOWED_HOSTS="x.nl")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_home_page_is_dutch_with_navigation(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    for label in ("Nieuws", "Denkgroepen", "Zoeken", "Inloggen", "Naar de inhoud"):
        assert label in html, label


@pytest.mark.django_db
def test_unknown_page_is_a_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "niet gevonden" in response.content.decode().lower()
