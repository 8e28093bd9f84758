"""AVG/GDPR: the JSON export, deleting the account, and posts that stay as "voormalig lid"."""

import json
import sys
import types

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import gdpr
from community.actions import delete_account
from community.models import AccessToken, Member, Notification, NotificationKind
from groups.models import Post, Thread
from search.models import OutboxEntry
from tests.factories import PASSWORD, MemberFactory, ThinkGroupFactory, add_to_group, domain

pytestmark = pytest.mark.django_db

MY_DATA = "/leden/mijn-gegevens/"
DOWNLOAD = "/leden/mijn-gegevens/download/"
DELETE = "/leden/mijn-gegevens/account-verwijderen/"


@pytest.fixture
def rich_member():
    member = MemberFactory(display_name="Saskia Export", bio="Over mij", roles=["Redactie"])
    member.domains.set([domain("zorg")])
    Notification.objects.create(
        recipient=member, kind=NotificationKind.MENTION, text="Je bent genoemd", url="/x/"
    )
    AccessToken.objects.create(
        member=member, name="Mijn script", prefix="sd_abc", key_hash="geheime-hash-123"
    )
    return member


def make_post(author, body="Een bijdrage uit de praktijk."):
    group = ThinkGroupFactory()
    thread = Thread.objects.create(group=group, title="Praktijkvraag", author=author)
    return Post.objects.create(
        thread=thread, number=1, author=author, body=body, body_html=f"<p>{body}</p>"
    )


def test_export_contains_profile_roles_addresses_notifications_and_token_names(rich_member):
    data = gdpr.collect(rich_member)
    own = data["community"]
    assert data["member_id"] == rich_member.pk
    assert own["profile"]["display_name"] == "Saskia Export"
    assert own["profile"]["bio"] == "Over mij"
    assert own["profile"]["domains"] == ["Zorg"]
    assert own["profile"]["email_mode"] == "digest"
    assert own["roles"] == ["Leden", "Redactie"]
    assert own["email_addresses"] == [
        {"email": rich_member.email, "verified": True, "primary": True}
    ]
    assert own["notifications"][0]["text"] == "Je bent genoemd"
    assert own["access_tokens"][0]["name"] == "Mijn script"


def test_export_never_contains_secrets(rich_member):
    text = json.dumps(gdpr.collect(rich_member))
    assert "geheime-hash-123" not in text
    assert "sd_abc" not in text
    assert rich_member.password not in text


def test_export_gathers_every_apps_gdpr_module(rich_member, monkeypatch):
    module = types.ModuleType("search.gdpr")
    module.export = lambda member: {"saved_searches": [f"zoekopdracht van {member.pk}"]}
    monkeypatch.setitem(sys.modules, "search.gdpr", module)
    data = gdpr.collect(rich_member)
    assert data["search"] == {"saved_searches": [f"zoekopdracht van {rich_member.pk}"]}
    assert [label for label, _ in gdpr.exporters()] == [
        c.label
        for c in apps.get_app_configs()
        if c.label in {"community", "search"} or c.name + ".gdpr" in sys.modules
    ]


def test_download_is_a_json_attachment_of_the_logged_in_member_only(rich_member):
    other = MemberFactory(display_name="Iemand Anders")
    client = Client()
    client.force_login(rich_member)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"].split(", ")
    data = json.loads(response.content)
    assert data["community"]["profile"]["email"] == rich_member.email
    assert other.display_name not in response.content.decode()


def test_privacy_pages_need_login(client):
    for url in (MY_DATA, DOWNLOAD):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_privacy_page_offers_download_and_deletion_in_dutch(member_client):
    html = member_client.get(MY_DATA).content.decode()
    assert "Mijn gegevens downloaden" in html
    assert "Mijn account verwijderen" in html
    assert '<label for="id_password">' in html
    # Every part of the platform that keeps data about members is named on the page.
    parts = "Leden, Denkgroepen, Moderatie, Praktijkverhalen"
    assert f"Onderdelen van het platform in het bestand: {parts}" in html


def test_delete_account_with_wrong_password_keeps_everything(member_client, member):
    response = member_client.post(DELETE, {"password": "fout-wachtwoord", "confirm": "on"})
    assert response.status_code == 400
    assert "Dat wachtwoord is niet juist. Je account is niet verwijderd." in (
        response.content.decode()
    )
    assert Member.objects.filter(pk=member.pk).exists()
    assert member_client.get(MY_DATA).status_code == 200  # still logged in


def test_delete_account_without_confirmation_is_refused(member_client, member):
    response = member_client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 400
    assert "Vink het vakje aan om te bevestigen dat je dit wilt." in response.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()


def test_delete_account_by_get_is_not_allowed(member_client, member):
    assert member_client.get(DELETE).status_code == 405
    assert Member.objects.filter(pk=member.pk).exists()


def test_delete_account_without_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 403
    assert Member.objects.filter(pk=member.pk).exists()


def test_delete_account_removes_member_and_logs_out(member_client, member):
    post = make_post(member)
    group = post.thread.group
    add_to_group(member, group)
    response = member_client.post(DELETE, {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert "Je account is verwijderd. Tot ziens." in response.content.decode()
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email=member.email).exists()
    assert member_client.get(MY_DATA).status_code == 302
    post.refresh_from_db()
    assert post.author is None
    assert post.body == "Een bijdrage uit de praktijk."
    group.refresh_from_db()
    assert group.member_count == 0


def test_delete_account_queues_reindex_of_their_posts(member):
    post = make_post(member)
    delete_account(member, PASSWORD)
    queued = set(OutboxEntry.objects.values_list("kind", "object_id"))
    assert ("post", post.pk) in queued
    assert ("thread", post.thread_id) in queued


def test_deleted_member_can_no_longer_log_in(client, member):
    delete_account(member, PASSWORD)
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "niet correct" in response.content.decode()


def test_deleted_members_address_can_sign_up_again(client, member):
    email = member.email
    delete_account(member, PASSWORD)
    client.post(
        "/account/signup/",
        {
            "email": email,
            "display_name": "Terug",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert Member.objects.get(email=email).display_name == "Terug"


def test_author_name_tag_shows_former_member_without_name(member):
    post = make_post(member)
    template = Template("{% load community_tags %}{{ post.author|author_name }}")
    assert template.render(Context({"post": post})) == member.display_name
    delete_account(member, PASSWORD)
    post.refresh_from_db()
    rendered = template.render(Context({"post": post}))
    assert rendered == "voormalig lid"
    assert member.display_name not in rendered


def test_author_name_escapes_hostile_names():
    author = Member(display_name="<b>x</b>", email="x@y.nl", date_joined=timezone.now())
    rendered = Template("{% load community_tags %}{{ a|author_name }}").render(
        Context({"a": author})
    )
    assert rendered == "&lt;b&gt;x&lt;/b&gt;"
