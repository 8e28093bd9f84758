"""The bureau's screens in the Wagtail admin: domains and members; who may open the admin."""

import pytest
from django.urls import reverse

from groups.models import Domain
from tests.factories import MemberFactory, domain

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau_client(client, bureau):
    client.force_login(bureau)
    return client


def domain_form(**overrides):
    data = {
        "name": "Wonen",
        "slug": "wonen",
        "description": "Huisvesting en dakloosheid.",
        "colour": "#334155",
        "position": 7,
    }
    data.update(overrides)
    return data


def test_bureau_and_editors_may_open_the_admin(client, bureau, editor):
    for person in (bureau, editor):
        client.force_login(person)
        assert client.get("/beheer/").status_code == 200


def test_plain_member_may_not_open_the_admin(member_client):
    response = member_client.get("/beheer/")
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_bureau_sees_and_adds_domains(bureau_client):
    index = bureau_client.get(reverse("domains:index"))
    assert index.status_code == 200
    assert "Werk en inkomen" in index.content.decode()
    response = bureau_client.post(reverse("domains:add"), domain_form())
    assert response.status_code == 302
    assert Domain.objects.get(slug="wonen").colour == "#334155"


def test_bureau_edits_a_domain_colour(bureau_client):
    zorg = domain("zorg")
    bureau_client.post(
        reverse("domains:edit", args=[zorg.pk]),
        domain_form(name="Zorg", slug="zorg", colour="#0a5c43"),
    )
    zorg.refresh_from_db()
    assert zorg.colour == "#0a5c43"


@pytest.mark.parametrize("colour", ["#zzzzzz", "red;background:url(x)"])
def test_invalid_domain_colour_is_refused(bureau_client, colour):
    response = bureau_client.post(reverse("domains:add"), domain_form(colour=colour))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Domain.objects.filter(slug="wonen").exists()


def test_editor_cannot_change_domains(client, editor):
    client.force_login(editor)
    response = client.post(reverse("domains:add"), domain_form())
    assert response.status_code in (302, 403)
    assert not Domain.objects.filter(slug="wonen").exists()


def test_bureau_edits_member_through_the_same_validation(bureau_client):
    member = MemberFactory(display_name="Oude Naam")
    url = reverse("members:edit", args=[member.pk])
    assert bureau_client.get(url).status_code == 200
    data = {
        "display_name": "<script>x</script>",
        "organisation": "Gemeente Tilburg",
        "job_title": "klantmanager",
        "domains": [domain("zorg").pk],
        "bio": "",
        "email_mode": "digest",
        "is_active": "on",
        "suspended_until": "",
    }
    refused = bureau_client.post(url, data)
    assert refused.status_code == 200
    member.refresh_from_db()
    assert member.display_name == "Oude Naam"
    data["display_name"] = "  Nieuwe\u202e Naam "
    saved = bureau_client.post(url, data)
    assert saved.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Nieuwe Naam"
    assert member.organisation == "Gemeente Tilburg"
    assert list(member.domains.values_list("slug", flat=True)) == ["zorg"]
