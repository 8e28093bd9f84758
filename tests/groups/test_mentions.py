"""Mentions name exactly one colleague: the autocomplete inserts ``@[name #id]``."""

import pytest
from django.urls import reverse

from community.models import Notification, NotificationKind
from groups import actions
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(open_group):
    people = [
        factories.MemberFactory(display_name="Marieke van den Berg", organisation=org)
        for org in ("Gemeente Utrecht", "Gemeente Zwolle")
    ]
    for person in people:
        factories.add_to_group(person, open_group)
    return people


def test_the_autocomplete_inserts_a_form_naming_exactly_one(client, author, thread, twins):
    client.force_login(author)
    data = client.get(reverse("groups:mention_candidates", args=[thread.pk]), {"q": "Mar"}).json()
    inserts = {r["insert"] for r in data["results"]}
    assert inserts == {f"@[Marieke van den Berg #{m.pk}]" for m in twins}
    assert {r["organisation"] for r in data["results"]} == {"Gemeente Utrecht", "Gemeente Zwolle"}


def test_a_mention_with_id_reaches_and_links_only_that_member(author, thread, twins):
    zwolle = twins[1]
    post = actions.reply(
        member=author, thread=thread, body=f"Wat denk jij, @[Marieke van den Berg #{zwolle.pk}]?"
    )
    mentioned = Notification.objects.filter(kind=NotificationKind.MENTION)
    assert [n.recipient for n in mentioned] == [zwolle]
    profile = reverse("community:profile", kwargs={"pk": zwolle.pk})
    assert f'<a href="{profile}" rel="nofollow ugc noopener">@Marieke van den Berg</a>' in (
        post.body_html
    )
    assert "#" + str(zwolle.pk) not in post.body_html.replace(profile, "")


def test_an_id_of_someone_who_cannot_read_the_thread_mentions_nobody(author, thread, private_group):
    # A thread in the open group is readable by every member; a private thread is not.
    outsider = factories.MemberFactory(display_name="Buiten Staander", is_active=False)
    post = actions.reply(
        member=author, thread=thread, body=f"Hoi @[Buiten Staander #{outsider.pk}]"
    )
    assert not Notification.objects.filter(kind=NotificationKind.MENTION).exists()
    assert "<a" not in post.body_html


def test_a_bare_name_still_works(author, thread):
    colleague = factories.MemberFactory(display_name="Chantal Visser")
    factories.add_to_group(colleague, thread.group)
    actions.reply(member=author, thread=thread, body="Dank je @[chantal visser]!")
    assert Notification.objects.get(kind=NotificationKind.MENTION).recipient == colleague


def test_a_bare_name_two_readers_share_is_refused_and_nothing_is_stored(author, thread, twins):
    from core.errors import ActionError

    before = thread.posts.count()
    with pytest.raises(ActionError) as refused:
        actions.reply(member=author, thread=thread, body="Wat denk jij, @[Marieke van den Berg]?")
    assert "Meer dan één collega heet Marieke van den Berg" in str(refused.value)
    assert thread.posts.count() == before
    assert not Notification.objects.filter(kind=NotificationKind.MENTION).exists()
