"""The think groups' pages: what each kind of group shows to whom, joining, requests,
invitations, starting a thread, and the thread list."""

import pytest
from django.urls import reverse

from groups.models import GroupMembership, JoinRequest, Thread
from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_index_shows_public_face_and_invitation(
    client, open_group, closed_group, private_group
):
    response = client.get("/denkgroepen/")
    body = response.content.decode()
    assert response.status_code == 200
    assert open_group.name in body and closed_group.name in body
    assert private_group.name not in body
    assert "Word lid" in body
    # No activity figures for visitors.
    assert "leden ·" not in body


def test_member_index_lists_own_groups_first_and_hides_private(
    client, member, open_group, closed_group, private_group
):
    factories.add_to_group(member, closed_group)
    client.force_login(member)
    body = client.get("/denkgroepen/").content.decode()
    assert body.index("Mijn groepen") < body.index(closed_group.name) < body.index(open_group.name)
    assert private_group.name not in body


def test_private_group_and_thread_are_404_for_outsiders(
    client, member, private_group, private_thread
):
    client.force_login(member)
    assert client.get(private_group.get_absolute_url()).status_code == 404
    assert client.get(private_thread.get_absolute_url()).status_code == 404
    post = private_thread.posts.get()
    assert client.get(reverse("groups:post", args=[post.pk])).status_code == 404


def test_private_thread_is_404_for_anonymous(client, private_thread):
    assert client.get(private_thread.get_absolute_url()).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_for_open_thread(client, thread):
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 302 and "/account/login/" in response.url


def test_closed_group_shows_titles_and_request_button_to_non_members(
    client, member, closed_group, closed_thread
):
    client.force_login(member)
    body = client.get(closed_group.get_absolute_url()).content.decode()
    assert closed_thread.title in body
    assert closed_thread.get_absolute_url() not in body
    assert "Vraag lidmaatschap aan" in body
    assert client.get(closed_thread.get_absolute_url()).status_code == 403


def test_bureau_reads_private_group(client, bureau, private_group, private_thread):
    client.force_login(bureau)
    response = client.get(private_thread.get_absolute_url())
    assert response.status_code == 200 and private_thread.title in response.content.decode()


def test_member_of_private_group_reads_it(client, member, private_group, private_thread):
    factories.add_to_group(member, private_group)
    client.force_login(member)
    assert client.get(private_group.get_absolute_url()).status_code == 200
    assert client.get(private_thread.get_absolute_url()).status_code == 200


def test_join_open_group_and_start_thread_with_forms(client, member, open_group):
    client.force_login(member)
    response = client.post(reverse("groups:membership", args=[open_group.slug]), {"action": "join"})
    assert response.status_code == 302
    assert GroupMembership.objects.filter(member=member, group=open_group).exists()
    response = client.post(
        reverse("groups:new_thread", args=[open_group.slug]),
        {"title": "Ervaringen met de Tozo-eindafrekening", "body": "Hoe pakken jullie dit aan?"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == thread.get_absolute_url()


def test_thread_list_marks_unread_and_pins_first(client, author, open_group, thread):
    pinned = factories.make_thread(group=open_group, author=author, title="Spelregels van de groep")
    Thread.objects.filter(pk=pinned.pk).update(is_pinned=True, last_post_at=thread.created_at)
    reader = factories.MemberFactory()
    client.force_login(reader)
    body = client.get(open_group.get_absolute_url()).content.decode()
    assert body.index("Spelregels van de groep") < body.index(thread.title)
    assert 'id="thread-list"' in body and f'data-group-id="{open_group.pk}"' in body
    assert "nieuw" in body


def test_join_request_flow_through_pages(client, member, moderator, closed_group):
    client.force_login(member)
    client.post(
        reverse("groups:membership", args=[closed_group.slug]),
        {"action": "request", "message": "Ik werk als schuldhulpverlener"},
    )
    join_request = JoinRequest.objects.get()
    client.force_login(moderator)
    page = client.get(reverse("groups:manage", args=[closed_group.slug])).content.decode()
    assert "Ik werk als schuldhulpverlener" in page
    client.post(
        reverse("groups:manage", args=[closed_group.slug]),
        {"action": "approve", "id": join_request.pk},
    )
    assert GroupMembership.objects.filter(member=member, group=closed_group).exists()


def test_manage_page_is_for_moderators_only(client, member, open_group):
    client.force_login(member)
    assert client.get(reverse("groups:manage", args=[open_group.slug])).status_code == 403


def test_invitation_flow_through_pages(client, member, moderator, private_group):
    client.force_login(moderator)
    client.post(
        reverse("groups:manage", args=[private_group.slug]),
        {"action": "invite", "who": member.email},
    )
    client.force_login(member)
    page = client.get(reverse("groups:invitations")).content.decode()
    assert private_group.name in page
    invitation = member.invitations.get()
    response = client.post(reverse("groups:invitations"), {"id": invitation.pk, "action": "accept"})
    assert response.url == private_group.get_absolute_url()
    assert client.get(private_group.get_absolute_url()).status_code == 200


def test_new_thread_with_short_title_shows_dutch_error_and_stores_nothing(
    client, author, open_group
):
    client.force_login(author)
    response = client.post(
        reverse("groups:new_thread", args=[open_group.slug]), {"title": "Hoi", "body": "Tekst"}
    )
    assert response.status_code == 400
    assert "minstens 5 tekens" in response.content.decode()
    assert not Thread.objects.exists()
