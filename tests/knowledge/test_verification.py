"""Verified answers: who may verify what, validity by date and by version, the worker's
expiry and reminder, and the end of a verification by an edit, a hide or a move."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.models import Notification, NotificationKind
from groups import actions as forum
from groups.knowledge import actions
from groups.knowledge.jobs import JOBS
from groups.knowledge.models import KnowledgeLog, Verification, VerificationStatus
from groups.knowledge.panel import panel_state
from groups.models import GroupRole
from groups.moderation import actions as moderation
from tests import factories

from .conftest import publish_version, withdraw_version

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def test_a_moderator_verifies_an_answer_for_twelve_months_by_default(answer, moderator):
    verification = actions.verify_post(moderator=moderator, post=answer)
    assert verification.valid_until == timezone.localdate() + datetime.timedelta(days=365)
    assert panel_state(answer.thread).verified


def test_a_member_who_does_not_moderate_the_group_cannot_verify(answer, reader, group):
    other_group = factories.ThinkGroupFactory(name="Jeugd")
    elsewhere = factories.MemberFactory()
    factories.add_to_group(elsewhere, other_group, role=GroupRole.MODERATOR)
    for person in (reader, elsewhere):
        with pytest.raises(PermissionDenied):
            actions.verify_post(moderator=person, post=answer)
    assert not Verification.objects.exists()


def test_the_bureau_may_verify_in_any_group(answer):
    bureau = factories.MemberFactory(roles=["Bureau"])
    actions.verify_post(moderator=bureau, post=answer, valid_until=TOMORROW)
    assert Verification.objects.get().verified_by == bureau


def test_a_hidden_or_held_post_cannot_be_verified(answer, moderator):
    moderation.hide_post(moderator=moderator, post=answer, reason="Bevat een naam.")
    answer.refresh_from_db()
    with pytest.raises(actions.ActionError, match="Alleen een zichtbaar bericht"):
        actions.verify_post(moderator=moderator, post=answer)
    answer.is_hidden, answer.is_held = False, True
    with pytest.raises(actions.ActionError):
        actions.verify_post(moderator=moderator, post=answer)
    assert not Verification.objects.exists()


@pytest.mark.parametrize("days", [0, -3])
def test_an_expiry_today_or_in_the_past_is_refused(answer, moderator, days):
    when = timezone.localdate() + datetime.timedelta(days=days)
    with pytest.raises(actions.ActionError, match="De geldigheid moet na vandaag eindigen"):
        actions.verify_post(moderator=moderator, post=answer, valid_until=when)
    assert not Verification.objects.exists()


def test_the_worker_expires_answers_whose_date_passed(answer, moderator):
    actions.verify_post(moderator=moderator, post=answer, valid_until=TOMORROW)
    assert actions.expire_due(today=TOMORROW) == 0  # valid through tomorrow
    assert actions.expire_due(today=TOMORROW + datetime.timedelta(days=1)) == 1
    state = panel_state(answer.thread)
    assert state.expired and not state.verified
    assert {job.name for job in JOBS} >= {"knowledge_expiry", "knowledge_reminders"}


def test_an_answer_valid_until_the_next_version_expires_when_it_is_published(
    answer, moderator, guidance
):
    verification = actions.verify_post(moderator=moderator, post=answer, until_page_id=guidance.pk)
    assert verification.until_number == 13
    publish_version(guidance, 13)
    verification.refresh_from_db()
    assert verification.status == VerificationStatus.EXPIRED
    # The editors withdraw version 13: the answer is valid again.
    withdraw_version(guidance, 13)
    verification.refresh_from_db()
    assert verification.status == VerificationStatus.ACTIVE


def test_editing_a_verified_post_ends_its_verification(answer, moderator):
    actions.verify_post(moderator=moderator, post=answer)
    forum.edit_post(
        member=moderator, post=answer, body="Kijk naar paragraaf 4.3 van de handreiking."
    )
    assert Verification.objects.get().status == VerificationStatus.ENDED
    assert not panel_state(answer.thread).verification


def test_hiding_or_deleting_a_verified_post_ends_its_verification(answer, moderator):
    actions.verify_post(moderator=moderator, post=answer)
    moderation.hide_post(moderator=moderator, post=answer, reason="Verouderd advies.")
    assert Verification.objects.get().status == VerificationStatus.ENDED


def test_a_move_keeps_the_verification_only_if_the_verifier_moderates_the_new_group(
    answer, moderator
):
    bureau = factories.MemberFactory(roles=["Bureau"])
    kept = factories.ThinkGroupFactory(name="Ook gemodereerd")
    factories.add_to_group(moderator, kept, role=GroupRole.MODERATOR)
    other = factories.ThinkGroupFactory(name="Elders")
    actions.verify_post(moderator=moderator, post=answer)
    moderation.move_thread(moderator=bureau, thread=answer.thread, target=kept)
    assert Verification.objects.get().status == VerificationStatus.ACTIVE
    answer.thread.refresh_from_db()
    moderation.move_thread(moderator=bureau, thread=answer.thread, target=other)
    assert Verification.objects.get().status == VerificationStatus.ENDED
    log = KnowledgeLog.objects.get(action="ended")
    assert log.detail["reason"] == "moved" and log.actor == bureau


def test_verifier_and_moderators_are_reminded_once_a_month_ahead(answer, moderator):
    actions.verify_post(
        moderator=moderator,
        post=answer,
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )
    assert actions.remind_due() == 1
    assert actions.remind_due() == 0
    (note,) = Notification.objects.filter(recipient=moderator, kind=NotificationKind.KNOWLEDGE)
    assert "verloopt op" in note.text


def test_the_thread_page_shows_the_verified_answer_on_top_and_the_list_a_badge(
    client, answer, moderator, reader, group
):
    actions.verify_post(moderator=moderator, post=answer, valid_until=TOMORROW)
    client.force_login(reader)
    page = client.get(answer.thread.get_absolute_url()).content.decode()
    assert "Geverifieerd door Mo de Moderator" in page
    listing = client.get(group.get_absolute_url()).content.decode()
    assert "Geverifieerd antwoord" in listing
    actions.expire_due(today=TOMORROW + datetime.timedelta(days=1))
    assert "verlopen – mogelijk verouderd" in client.get(group.get_absolute_url()).content.decode()


def test_the_verify_form_refuses_a_past_date_with_a_message(client, answer, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/denkgroepen/kennis/bericht/{answer.pk}/verifieren/",
        {"until": "date", "valid_until": "2001-01-01"},
    )
    assert response.status_code == 400
    assert "De geldigheid moet na vandaag eindigen" in response.content.decode()
    assert not Verification.objects.exists()


def test_a_reader_cannot_open_the_verify_form(client, answer, reader):
    client.force_login(reader)
    assert client.get(f"/denkgroepen/kennis/bericht/{answer.pk}/verifieren/").status_code == 403
