"""Query counts of the forum pages: they do not grow with the posts, threads or groups shown."""

import pytest

from groups.models import Thread
from tests import factories

pytestmark = pytest.mark.django_db


def _authors(count):
    people = [factories.MemberFactory() for _ in range(count)]
    cycle = iter(people * 1000)
    return lambda: next(cycle)


@pytest.mark.parametrize("posts", [19, 199])
def test_thread_page_queries_do_not_grow(
    client, django_assert_max_num_queries, author, thread, posts
):
    factories.make_posts(thread=thread, author=_authors(20 if posts > 20 else 3), count=posts)
    client.force_login(author)
    # Session, member, the thread with the viewer's relation, roles and bell count, the
    # posts' fingerprint columns and (a new page: cache miss) the posts to render; marking
    # read: the actions' own permission check and the update.
    with django_assert_max_num_queries(7):
        response = client.get(thread.get_absolute_url())
    assert response.content.decode().count('class="post') >= 20
    # Second view (nothing new to mark read, the rendered posts cached) is cheaper still.
    with django_assert_max_num_queries(4):
        client.get(thread.get_absolute_url())
    # A first-time reader, whose read state is created.
    client.force_login(factories.MemberFactory())
    with django_assert_max_num_queries(7):
        client.get(thread.get_absolute_url())


@pytest.mark.parametrize("threads", [3, 40])
def test_group_page_queries_do_not_grow(
    client, django_assert_max_num_queries, author, open_group, threads
):
    for n in range(threads):
        Thread.objects.create(
            group=open_group,
            title=f"Onderwerp {n}",
            author=factories.MemberFactory(),
            last_poster=factories.MemberFactory(),
        )
    client.force_login(author)
    with django_assert_max_num_queries(9):
        response = client.get(open_group.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("groups", [2, 20])
def test_index_page_queries_do_not_grow(client, django_assert_max_num_queries, member, groups):
    for n in range(groups):
        group = factories.ThinkGroupFactory()
        if n % 2:
            factories.add_to_group(member, group)
    client.force_login(member)
    with django_assert_max_num_queries(6):
        assert client.get("/denkgroepen/").status_code == 200
    client.logout()
    with django_assert_max_num_queries(3):
        assert client.get("/denkgroepen/").status_code == 200
