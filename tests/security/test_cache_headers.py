"""Private pages are "Cache-Control: private, no-store"; public pages keep their caching."""

from __future__ import annotations

import pytest

from community import tokens
from groups.models import Visibility
from tests import factories

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.fixture
def group_thread(member):
    group = factories.ThinkGroupFactory(visibility=Visibility.PRIVATE)
    factories.add_to_group(member, group)
    return group, factories.make_thread(group=group, author=member)


def test_a_members_pages_are_private_and_not_stored(member_client, member, group_thread):
    group, thread = group_thread
    for path in (
        group.get_absolute_url(),
        thread.get_absolute_url(),
        f"/leden/{member.pk}/",
        "/leden/mijn-gegevens/",
        "/denkgroepen/meldingen/",
        "/denkgroepen/api-sleutels/",
        "/api/groups",
        f"/api/threads/{thread.pk}",
    ):
        response = member_client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == PRIVATE, path


def test_api_answers_to_a_token_are_private_and_not_stored(member, group_thread):
    from django.test import Client

    _token, secret = tokens.create_access_token(member=member, name="Script")
    response = Client().get("/api/groups", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE


def test_public_pages_keep_their_caching_for_visitors(client):
    for path in ("/", "/nieuws/", "/denkgroepen/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), path
