"""Thread titles pass the privacy guard like bodies, and the guard reads the text as it
will be shown (issue 12, item 6): titles travel into lists, notifications, e-mails and
search; character references in Markdown render as the digits and the @ they encode."""

import pytest
from django.test import Client

from community import tokens
from core.privacy import PrivacyCheckRequired
from groups import actions as forum
from groups.models import Thread

pytestmark = pytest.mark.django_db

TITLE = "Client BSN 111222333 mail j.jansen@gmail.com"


def test_a_title_with_personal_data_is_refused_until_confirmed(group, author):
    with pytest.raises(PrivacyCheckRequired, match=r"de titel: een BSN \(111…333\)"):
        forum.start_thread(member=author, group=group, title=TITLE, body="Wie herkent dit?")
    assert not Thread.objects.filter(group=group).exists()
    thread = forum.start_thread(
        member=author, group=group, title=TITLE, body="Wie herkent dit?", confirm_privacy=True
    )
    findings = thread.posts.get().privacy_findings
    assert [(f["kind"], f["line"]) for f in findings] == [("bsn", 0), ("email", 0)]


def test_the_api_refuses_such_a_title_with_the_dutch_message(group, author):
    _token, secret = tokens.create_access_token(member=author, name="Script")
    response = Client().post(
        f"/api/groups/{group.slug}/threads",
        {"title": TITLE, "body": "Wie herkent dit?"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "privacy_check_required"
    assert "de titel: een BSN" in response.json()["detail"]
    assert not Thread.objects.filter(group=group).exists()


@pytest.mark.parametrize(
    "body", ["Cliënt met BSN &#49;11222333.", "Mail naar j.jansen&#64;gmail.com vandaag."]
)
def test_character_references_do_not_hide_personal_data(thread, reader, body):
    with pytest.raises(PrivacyCheckRequired):
        forum.reply(member=reader, thread=thread, body=body)
