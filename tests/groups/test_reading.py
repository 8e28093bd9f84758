"""Reading a thread: the first unread post with a divider, and a suspended member's
reply box replaced by a notice (typed text never lost)."""

import pytest
from django.urls import reverse

from groups import actions
from groups.moderation.actions import suspend_member
from tests import factories

pytestmark = pytest.mark.django_db

DIVIDER = "Nieuw sinds je laatste bezoek"


@pytest.fixture
def colleague(open_group):
    person = factories.MemberFactory(display_name="Bram Jansen")
    factories.add_to_group(person, open_group)
    return person


def test_returning_reader_lands_on_the_first_unread_post_below_a_divider(
    client, author, colleague, thread, open_group
):
    client.force_login(author)
    first_visit = client.get(thread.get_absolute_url()).content.decode()
    assert DIVIDER not in first_visit
    actions.reply(member=colleague, thread=thread, body="Eerste nieuwe")
    actions.reply(member=colleague, thread=thread, body="Tweede nieuwe")
    group_page = client.get(open_group.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("groups:first_unread", args=[thread.pk])}">' in group_page
    landing = client.get(reverse("groups:first_unread", args=[thread.pk]))
    assert landing["Location"].endswith("#post-2")
    html = client.get(landing["Location"]).content.decode()
    assert html.index(DIVIDER) < html.index('id="post-2"')
    assert html.index('id="post-1"') < html.index(DIVIDER)
    # Read now: no divider on the next visit.
    assert DIVIDER not in client.get(thread.get_absolute_url()).content.decode()


def test_a_suspended_member_sees_why_and_until_when_instead_of_a_reply_box(
    client, author, thread, bureau
):
    suspend_member(moderator=bureau, member=author, days=3, reason="Herhaald persoonlijk")
    client.force_login(author)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'id="reply-form"' not in html
    assert "Je account is geschorst tot" in html and "Herhaald persoonlijk" in html
    assert "Word lid" not in html.split('id="suspended-notice"')[1][:400]


def test_a_reply_refused_by_a_suspension_keeps_the_typed_text(client, author, thread, bureau):
    client.force_login(author)
    suspend_member(moderator=bureau, member=author, days=3, reason="Even afkoelen")
    response = client.post(
        reverse("groups:reply", args=[thread.pk]), {"body": "Mijn lange, getypte reactie"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Mijn lange, getypte reactie" in html
    assert "geschorst" in html
