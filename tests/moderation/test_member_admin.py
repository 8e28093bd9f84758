"""The bureau's member form in the admin suspends through the suspension write function:
a reason, an audit row, a notification, and the member's live sockets closed."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from community.models import NotificationKind
from groups.moderation.models import ActionKind, GroupSuspension, ModerationAction
from tests.factories import MemberFactory
from tests.groups.live_helpers import open_socket, receive


def _form(member, **changes) -> dict:
    data = {
        "display_name": member.display_name,
        "organisation": member.organisation,
        "job_title": member.job_title,
        "domains": [],
        "bio": member.bio,
        "email_mode": member.email_mode,
        "is_active": "on",
        "suspend_days": "",
        "suspension_reason": "",
    }
    data.update(changes)
    return data


def _bureau_client(bureau) -> Client:
    client = Client()
    client.force_login(bureau)
    return client


@pytest.mark.django_db
def test_a_suspension_in_the_member_form_is_logged_and_told_with_its_reason(bureau):
    member = MemberFactory(display_name="Sam Schorsing")
    url = reverse("members:edit", args=[member.pk])
    response = _bureau_client(bureau).post(
        url, _form(member, suspend_days="7", suspension_reason="Herhaald persoonsgegevens")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_suspended
    action = ModerationAction.objects.get(kind=ActionKind.SUSPEND, member=member)
    assert action.actor == bureau and action.reason == "Herhaald persoonsgegevens"
    assert GroupSuspension.objects.get(member=member, group=None).reason == action.reason
    note = member.notifications.get(kind=NotificationKind.MODERATION)
    assert "7 dagen" in note.text and "Herhaald persoonsgegevens" in note.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field",
    [
        ({"suspend_days": "7"}, "suspension_reason"),
        ({"suspension_reason": "Zonder duur"}, "suspend_days"),
        ({"suspend_days": "400", "suspension_reason": "Te lang"}, "suspend_days"),
    ],
)
def test_an_incomplete_suspension_is_refused_and_nothing_changes(bureau, changes, field):
    member = MemberFactory(display_name="Oude Naam")
    url = reverse("members:edit", args=[member.pk])
    response = _bureau_client(bureau).post(url, _form(member, display_name="Nieuw", **changes))
    assert response.status_code == 200
    assert f'id="id_{field}"' in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "Oude Naam"
    assert not member.is_suspended
    assert not ModerationAction.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_the_form_cannot_set_a_suspension_date_directly(bureau):
    member = MemberFactory()
    url = reverse("members:edit", args=[member.pk])
    form = _form(member, suspended_until="2099-01-01 12:00")
    assert _bureau_client(bureau).post(url, form).status_code == 302
    member.refresh_from_db()
    assert member.suspended_until is None


@pytest.mark.django_db(transaction=True)
async def test_a_suspension_in_the_member_form_closes_the_members_sockets(bureau):
    member = await database_sync_to_async(MemberFactory)(display_name="Sam Schorsing")
    socket = await open_socket(member)
    try:
        response = await database_sync_to_async(
            lambda: _bureau_client(bureau).post(
                reverse("members:edit", args=[member.pk]),
                _form(member, suspend_days="3", suspension_reason="Afkoelen"),
            )
        )()
        assert response.status_code == 302
        assert (await receive(socket))["code"] == "suspended"
        assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": 4003}
    finally:
        await socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_deactivating_in_the_member_form_closes_the_members_sockets(bureau):
    member = await database_sync_to_async(MemberFactory)(display_name="Dirk Deactief")
    socket = await open_socket(member)
    try:
        form = _form(member)
        del form["is_active"]  # the box unticked
        response = await database_sync_to_async(
            lambda: _bureau_client(bureau).post(reverse("members:edit", args=[member.pk]), form)
        )()
        assert response.status_code == 302
        assert (await receive(socket))["code"] == "logged_out"
        assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": 4001}
    finally:
        await socket.disconnect()
