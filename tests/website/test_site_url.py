"""SITE_URL decides the Wagtail site's host and port, so sitemap and e-mail links agree."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from community.models import Member, Role
from website.site_url import site_address, sync_default_site

pytestmark = pytest.mark.django_db


def test_site_address_from_site_url():
    assert site_address("https://samendenk.example.nl") == ("samendenk.example.nl", 443)
    assert site_address("http://127.0.0.1:8102/") == ("127.0.0.1", 8102)
    assert site_address("http://localhost") == ("localhost", 80)


def test_migrate_sets_the_default_site_from_site_url(settings, client):
    settings.SITE_URL = "https://samendenk.example.nl"
    sync_default_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("samendenk.example.nl", 443)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://samendenk.example.nl/</loc>" in sitemap
    assert "localhost" not in sitemap
    settings.SITE_URL = "http://127.0.0.1:8102"
    sync_default_site()
    assert "<loc>http://127.0.0.1:8102/</loc>" in client.get("/sitemap.xml").content.decode()


def test_create_staff_makes_a_bureau_account_that_can_log_in(client, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("een-lang-wachtwoord-42\n"))
    out = io.StringIO()
    call_command(
        "create_staff", "Bureau@Example.nl", "--name", "Bureau SAM", "--role", "bureau",
        "--password-stdin", stdout=out,
    )  # fmt: skip
    member = Member.objects.get(email="bureau@example.nl")
    assert member.is_bureau and member.is_staff and Role.MEMBER.value in member.role_names
    assert "aangemaakt" in out.getvalue()
    response = client.post(
        "/account/login/", {"login": "bureau@example.nl", "password": "een-lang-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 200


def test_create_staff_gives_an_existing_member_the_editor_role(member):
    out = io.StringIO()
    call_command("create_staff", member.email, "--name", "x", "--role", "redactie", stdout=out)
    member = Member.objects.get(pk=member.pk)
    assert member.is_editor and member.display_name != "x"
    assert "heeft de rol gekregen" in out.getvalue()


def test_create_staff_refuses_a_weak_password(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError):
        call_command(
            "create_staff", "nieuw@example.nl", "--name", "Nieuw", "--role", "bureau",
            "--password-stdin",
        )  # fmt: skip
    assert not Member.objects.filter(email="nieuw@example.nl").exists()
