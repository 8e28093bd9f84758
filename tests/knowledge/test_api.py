"""Knowledge over the JSON API: reading a thread's link and verified answer, linking,
verifying with a Dutch refusal for bad input, and 404 for what the viewer may not read."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from groups.knowledge.models import Verification
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_api_tells_the_link_and_the_banner_state(client, thread, reader, guidance):
    from .conftest import publish_version

    publish_version(guidance, 13)
    client.force_login(reader)
    body = client.get(f"/api/knowledge/threads/{thread.pk}").json()
    assert (body["version"], body["version_in_force"], body["outdated"]) == (12, 13, True)
    documents = client.get("/api/knowledge/guidance").json()
    assert documents[0]["versions"][0]["number"] == 13


def test_a_moderator_verifies_over_the_api_and_a_past_date_is_refused(client, answer, moderator):
    client.force_login(moderator)
    url = f"/api/knowledge/posts/{answer.pk}/verification"
    past = client.post(url, {"valid_until": "2001-01-01"}, content_type="application/json")
    assert past.status_code == 400
    assert past.json()["detail"] == "De geldigheid moet na vandaag eindigen."
    assert not Verification.objects.exists()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    done = client.post(url, {"valid_until": tomorrow}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["verification"]["status"] == "active"


def test_a_reader_may_not_verify_and_an_outsider_sees_nothing_private(
    client, answer, reader, private_group
):
    client.force_login(reader)
    url = f"/api/knowledge/posts/{answer.pk}/verification"
    assert client.post(url, {}, content_type="application/json").status_code == 403
    insider = factories.MemberFactory()
    factories.add_to_group(insider, private_group)
    secret = factories.make_thread(group=private_group, author=insider, title="Geheim")
    assert client.get(f"/api/knowledge/threads/{secret.pk}").status_code == 404


def test_linking_to_a_missing_version_over_the_api_is_refused(client, thread, author, guidance):
    client.force_login(author)
    response = client.put(
        f"/api/knowledge/threads/{thread.pk}/guidance",
        {"guidance_page_id": guidance.pk, "version": 99},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Versie 99 van deze handreiking bestaat niet."
