"""The notifications page and the bell's dropdown: a list, read/unread visible, replies
folded per thread, mark all read, and a fixed number of queries however many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import Notification
from groups import actions
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(open_group):
    people = [
        factories.MemberFactory(display_name=name)
        for name in ("Bram Jansen", "Chantal Visser", "Dirk Bos")
    ]
    for person in people:
        factories.add_to_group(person, open_group)
    return people


def _page(client, member):
    client.force_login(member)
    return client.get(reverse("groups:notifications")).content.decode()


def test_replies_in_one_thread_fold_into_one_line_naming_one_and_counting_the_others(
    client, author, colleagues, thread
):
    for person in reversed(colleagues):
        actions.reply(member=person, thread=thread, body=f"Reactie van {person.display_name}")
    html = _page(client, author)
    assert html.count('class="notification is-unread"') == 1
    # The newest replier first; the link goes to the first reply not yet seen.
    assert "Bram Jansen en 2 anderen reageerden in “Een vraag uit de praktijk”" in html
    assert "#post-2" in html


def test_two_repliers_are_both_named(client, author, colleagues, thread):
    actions.reply(member=colleagues[0], thread=thread, body="Een")
    actions.reply(member=colleagues[1], thread=thread, body="Twee")
    html = _page(client, author)
    assert "Chantal Visser en Bram Jansen reageerden in" in html


def test_read_and_unread_look_different_and_mark_all_read_empties_the_bell(
    client, author, colleagues, thread, open_group
):
    other = factories.make_thread(group=open_group, author=author, title="Tweede onderwerp")
    actions.reply(member=colleagues[0], thread=thread, body="Een")
    actions.reply(member=colleagues[1], thread=other, body="Twee")
    first = Notification.objects.get(thread=thread)
    client.force_login(author)
    client.post(reverse("groups:notifications"), {"id": [first.pk]})
    html = client.get(reverse("groups:notifications")).content.decode()
    assert html.count('class="notification is-unread"') == 1
    assert html.count('class="notification"') == 1
    assert "ongelezen" in html
    response = client.post(reverse("groups:notifications"), follow=True)
    html = response.content.decode()
    assert "is-unread" not in html
    assert 'data-notification-count="0"' in html


def test_the_page_has_no_filled_buttons_only_links_and_quiet_actions(
    client, author, colleagues, thread
):
    actions.reply(member=colleagues[0], thread=thread, body="Een")
    html = _page(client, author).split('id="notification-list"')[1].split("</ul>")[0]
    assert 'class="link-button"' not in html
    assert 'class="notification-open"' in html
    assert 'class="notification-mark"' in html


def test_opening_an_entry_marks_all_it_folds_read_and_goes_to_the_post(
    client, author, colleagues, thread
):
    for person in colleagues:
        actions.reply(member=person, thread=thread, body="Hoi")
    ids = list(Notification.objects.filter(recipient=author).values_list("pk", flat=True))
    client.force_login(author)
    url = Notification.objects.filter(recipient=author).order_by("id").first().url
    response = client.post(reverse("groups:notifications"), {"id": ids, "open": "1", "url": url})
    assert response.status_code == 302 and response["Location"] == url
    assert not Notification.objects.filter(recipient=author, read_at__isnull=True).exists()


def test_someone_elses_notification_cannot_be_marked_or_opened(client, author, colleagues, thread):
    actions.reply(member=colleagues[0], thread=thread, body="Een")
    note = Notification.objects.get(recipient=author)
    client.force_login(colleagues[1])
    response = client.post(
        reverse("groups:notifications"), {"id": [note.pk], "open": "1", "url": note.url}
    )
    assert response["Location"] == reverse("groups:notifications")
    note.refresh_from_db()
    assert note.read_at is None


def test_the_dropdown_lists_the_latest_and_the_unread_count(client, author, colleagues, thread):
    for person in colleagues:
        actions.reply(member=person, thread=thread, body="Hoi")
    client.force_login(author)
    data = client.get(reverse("groups:notifications_latest"), {"next": "/nieuws/"}).json()
    assert data["unread"] == 3
    assert "Dirk Bos en 2 anderen reageerden in" in data["html"]
    assert 'name="next" value="/nieuws/"' in data["html"]
    assert "Alle meldingen" in data["html"] or "Alle notificaties" in data["html"]


def test_the_dropdown_ignores_a_next_address_elsewhere(client, author, colleagues, thread):
    actions.reply(member=colleagues[0], thread=thread, body="Een")
    client.force_login(author)
    data = client.get(
        reverse("groups:notifications_latest"), {"next": "https://evil.example/"}
    ).json()
    assert "evil.example" not in data["html"]


def test_the_dropdown_needs_a_login(client):
    response = client.get(reverse("groups:notifications_latest"))
    assert response.status_code == 302


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["groups:notifications", "groups:notifications_latest"])
def test_queries_do_not_grow_with_the_notifications(
    client, author, open_group, name, django_assert_max_num_queries
):
    threads = [
        factories.make_thread(group=open_group, author=author, title=f"Onderwerp {n}")
        for n in range(12)
    ]
    people = [factories.MemberFactory(display_name=f"Lid {n}") for n in range(4)]
    for person in people:
        factories.add_to_group(person, open_group)
    client.force_login(author)
    actions.reply(member=people[0], thread=threads[0], body="Eerste")
    few = _queries(client, reverse(name))
    for n, thread in enumerate(threads):
        for person in people:
            actions.reply(member=person, thread=thread, body=f"Reactie {n}")
    assert Notification.objects.filter(recipient=author).count() > 40
    with django_assert_max_num_queries(few):
        client.get(reverse(name))
