"""Threads tied to a guidance version: linking, the banner on a new version, one notification
per member, the moderator's check, and a withdrawn version falling back."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from community.models import Notification, NotificationKind
from groups import actions as forum
from groups.knowledge import actions
from groups.knowledge.models import GuidanceEdition, ThreadLink
from groups.knowledge.panel import panel_state
from tests import factories

from .conftest import publish_version, withdraw_version

pytestmark = pytest.mark.django_db


def knowledge_notes(member):
    return list(Notification.objects.filter(recipient=member, kind=NotificationKind.KNOWLEDGE))


def test_publishing_the_guidance_gives_the_forum_its_versions(guidance):
    numbers = list(GuidanceEdition.objects.filter(page=guidance).values_list("number", flat=True))
    assert numbers == list(range(12, 0, -1))


def test_a_thread_links_to_the_version_in_force_by_default(group, author, guidance):
    thread = factories.make_thread(group=group, author=author, title="Vraag over de Tozo")
    link = actions.link_thread(member=author, thread=thread, page_id=guidance.pk)
    assert link.number == 12


def test_linking_to_a_version_that_does_not_exist_is_refused(thread, author, guidance):
    with pytest.raises(actions.ActionError, match="Versie 40 van deze handreiking bestaat niet"):
        actions.link_thread(member=author, thread=thread, page_id=guidance.pk, number=40)
    assert ThreadLink.objects.get(thread=thread).number == 12


def test_only_the_author_or_a_moderator_may_link(thread, reader, moderator, guidance):
    with pytest.raises(PermissionDenied):
        actions.link_thread(member=reader, thread=thread, page_id=guidance.pk, number=11)
    actions.link_thread(member=moderator, thread=thread, page_id=guidance.pk, number=11)
    assert ThreadLink.objects.get(thread=thread).number == 11


def test_a_new_version_shows_the_banner_with_its_change_notes(thread, guidance):
    assert not panel_state(thread).outdated
    publish_version(guidance, 13, "Nieuwe inkomenstoets.")
    state = panel_state(thread)
    assert state.outdated
    assert (state.edition.number, state.current.number) == (12, 13)
    assert [e.changes for e in state.newer] == ["Nieuwe inkomenstoets."]


def test_the_thread_page_shows_the_banner(client, thread, guidance, reader):
    publish_version(guidance, 13)
    client.force_login(reader)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Deze discussie gaat over versie 12 van de Handreiking Tozo" in page
    assert "Versie 13 is nu geldend" in page


def test_followers_and_document_followers_get_one_notification_each(
    thread, guidance, author, reader, group
):
    second = factories.make_thread(group=group, author=author, title="Tweede vraag Tozo")
    actions.link_thread(member=author, thread=second, page_id=guidance.pk, number=11)
    forum.follow_thread(member=reader, thread=thread)
    forum.follow_thread(member=reader, thread=second)
    actions.follow_guidance(member=reader, page_id=guidance.pk)
    publish_version(guidance, 13)
    notes = knowledge_notes(reader)
    assert len(notes) == 1
    assert "Inkomenstoets Tozo" in notes[0].text and "Tweede vraag Tozo" in notes[0].text
    # The author follows both threads as their starter: also exactly one.
    assert len(knowledge_notes(author)) == 1
    # Publishing again (a typo fixed) does not announce the same version twice.
    factories.publish(guidance)
    assert len(knowledge_notes(reader)) == 1


def test_a_document_follower_never_learns_a_private_threads_title(guidance, private_group, reader):
    insider = factories.MemberFactory()
    factories.add_to_group(insider, private_group)
    secret = factories.make_thread(group=private_group, author=insider, title="Geheim dossier")
    actions.link_thread(member=insider, thread=secret, page_id=guidance.pk, number=12)
    actions.follow_guidance(member=reader, page_id=guidance.pk)
    publish_version(guidance, 13)
    (note,) = knowledge_notes(reader)
    assert "Geheim dossier" not in note.text
    assert "Versie 13 van Handreiking Tozo is nu geldend" in note.text


def test_a_moderator_checks_the_thread_for_the_new_version(thread, guidance, moderator, reader):
    publish_version(guidance, 13)
    with pytest.raises(PermissionDenied):
        actions.mark_checked(moderator=reader, thread=thread)
    actions.mark_checked(moderator=moderator, thread=thread)
    state = panel_state(thread)
    assert not state.outdated
    assert state.link.checked_by == moderator


def test_withdrawing_a_version_falls_back_to_the_previous_state(thread, guidance, moderator):
    publish_version(guidance, 13)
    actions.mark_checked(moderator=moderator, thread=thread)
    withdraw_version(guidance, 13)
    state = panel_state(thread)
    # Linked to 13, which is gone: it stands for 12 again, the version in force: no banner.
    assert state.edition.number == 12 and not state.outdated


def test_the_guidance_discussions_page_lists_only_readable_threads(
    client, thread, guidance, private_group, reader
):
    insider = factories.MemberFactory()
    factories.add_to_group(insider, private_group)
    secret = factories.make_thread(group=private_group, author=insider, title="Geheim dossier")
    actions.link_thread(member=insider, thread=secret, page_id=guidance.pk, number=12)
    client.force_login(reader)
    page = client.get(f"/denkgroepen/kennis/handreiking/{guidance.pk}/").content.decode()
    assert "Inkomenstoets Tozo" in page
    assert "Geheim dossier" not in page and "Geheime Kring" not in page
    client.force_login(insider)
    assert (
        "Geheim dossier"
        in client.get(f"/denkgroepen/kennis/handreiking/{guidance.pk}/").content.decode()
    )


def test_the_link_form_refuses_a_made_up_version(client, thread, author, guidance):
    client.force_login(author)
    response = client.post(
        f"/denkgroepen/kennis/onderwerp/{thread.pk}/handreiking/", {"version": f"{guidance.pk}:99"}
    )
    assert response.status_code == 400
    assert "Versie 99 van deze handreiking bestaat niet" in response.content.decode()
    assert ThreadLink.objects.get(thread=thread).number == 12


def test_a_thread_started_with_a_guidance_version_is_linked(client, group, author, guidance):
    client.force_login(author)
    url = f"/denkgroepen/{group.slug}/nieuw-onderwerp/"
    page = client.get(url).content.decode()
    assert "Handreiking Tozo, versie 12 (geldend)" in page
    body = {"title": "Inkomen van de partner", "body": "Hoe gaan jullie hiermee om?"}
    response = client.post(url, {**body, "guidance": f"{guidance.pk}:11"})
    assert response.status_code == 302
    assert ThreadLink.objects.get(thread__title="Inkomen van de partner").number == 11


def test_a_thread_with_a_made_up_version_is_not_started(client, group, author, guidance):
    from groups.models import Thread

    client.force_login(author)
    response = client.post(
        f"/denkgroepen/{group.slug}/nieuw-onderwerp/",
        {
            "title": "Inkomen van de partner",
            "body": "Hoe gaan jullie hiermee om?",
            "guidance": "1:99",
        },
    )
    assert response.status_code == 400
    assert not Thread.objects.filter(title="Inkomen van de partner").exists()
