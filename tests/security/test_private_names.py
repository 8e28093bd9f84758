"""Private groups stay unnamed: the admin's chooser answers for a private group exactly as
for a missing one, and every error under /api/ is JSON with a Dutch message."""

from __future__ import annotations

import json

import pytest

from groups.models import Visibility
from tests import factories

pytestmark = pytest.mark.django_db

CHOSEN = "/beheer/denkgroep-kiezer/chosen/{}/"
CHOSEN_MANY = "/beheer/denkgroep-kiezer/chosen-multiple/?id={}"


@pytest.fixture
def private_group():
    return factories.ThinkGroupFactory(
        name="Geheime Werkgroep Fraude", visibility=Visibility.PRIVATE
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_group_chooser_answers_for_a_private_group_as_for_a_missing_one(
    editor_client, private_group
):
    missing = editor_client.get(CHOSEN.format(private_group.pk + 1000))
    private = editor_client.get(CHOSEN.format(private_group.pk))
    assert private.status_code == missing.status_code == 404
    assert b"Geheime Werkgroep" not in private.content
    many = editor_client.get(CHOSEN_MANY.format(private_group.pk))
    assert b"Geheime Werkgroep" not in many.content


def test_the_group_chooser_still_returns_a_public_group(editor_client):
    group = factories.ThinkGroupFactory(name="Open Werkgroep Armoede")
    response = editor_client.get(CHOSEN.format(group.pk))
    assert response.status_code == 200 and b"Open Werkgroep Armoede" in response.content


def test_the_group_chooser_search_lists_no_private_group(editor_client, private_group):
    response = editor_client.get("/beheer/denkgroep-kiezer/results/?q=Geheime")
    assert response.status_code == 200
    assert b"Geheime Werkgroep" not in response.content


def api_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["detail"] and body["code"]
    return body


def test_an_unknown_api_path_is_a_json_404_in_dutch(client):
    body = api_error(client.get("/api/bestaat-niet"), 404)
    assert body["detail"] == "Niet gevonden."


def test_a_wrong_method_on_the_api_is_a_json_405_in_dutch(client):
    body = api_error(client.delete("/api/groups"), 405)
    assert "niet toegestaan" in body["detail"]
