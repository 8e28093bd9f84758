"""The thread pages: reading, replying, quoting, editing, paging, unread, following, the
bell and mention autocomplete, and who may open a thread."""

import pytest
from django.urls import reverse

from community.models import Notification
from groups import actions
from groups.models import GroupMembership, Post, ReadState, Thread
from tests import factories

pytestmark = pytest.mark.django_db


def test_reply_form_posts_and_lands_on_the_post(client, author, thread):
    client.force_login(author)
    response = client.post(reverse("groups:reply", args=[thread.pk]), {"body": "Mijn reactie"})
    assert response.status_code == 302 and response.url.endswith("#post-2")


def test_reply_rate_limited_gets_429_with_message_and_keeps_text(client, settings, author, thread):
    settings.FORUM_RATE_LIMITS_ENABLED = True
    settings.FORUM_POST_BURST = 1
    client.force_login(author)
    response = client.post(reverse("groups:reply", args=[thread.pk]), {"body": "Te snel getypt"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Wacht 5 seconden" in body and "Te snel getypt" in body
    assert thread.posts.count() == 1


def test_reply_to_locked_thread_via_form_is_refused(client, author, thread):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(author)
    response = client.post(reverse("groups:reply", args=[thread.pk]), {"body": "Nog iets"})
    assert response.status_code == 400 and "gesloten" in response.content.decode()
    assert thread.posts.count() == 1


def test_hostile_markdown_renders_harmlessly_on_the_page(client, author, thread):
    client.force_login(author)
    hostile = (
        "<script>alert(1)</script> [klik](javascript:alert(1)) "
        "<img src=x onerror=alert(1)> ![x](data:image/png;base64,AAAA) <svg onload=alert(1)>"
    )
    client.post(reverse("groups:reply", args=[thread.pk]), {"body": hostile})
    page = client.get(thread.get_absolute_url()).content.decode()
    post_html = Post.objects.get(number=2).body_html
    assert "<script" not in post_html and "<svg" not in post_html and "<img" not in post_html
    assert "javascript:" not in post_html.replace("(javascript:alert(1))", "")
    assert "<script>alert" not in page


def test_quote_reply_prefills_the_form(client, author, thread):
    client.force_login(author)
    body = client.get(thread.get_absolute_url() + "?citeer=1").content.decode()
    assert "&gt; Wie herkent dit?" in body and 'name="quoted" value="1"' in body
    # The page writes the form's fields out itself: exactly what the form would render.
    from groups.forms import ReplyForm

    assert str(ReplyForm(initial={"quoted": 1})["quoted"]) in body
    assert str(ReplyForm()["quoted"]) in client.get(thread.get_absolute_url()).content.decode()


def test_edit_shows_marker_and_history(client, author, thread):
    client.force_login(author)
    post = thread.posts.get()
    response = client.post(reverse("groups:edit_post", args=[post.pk]), {"body": "Nieuwe tekst"})
    assert response.status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "bewerkt" in page and "Nieuwe tekst" in page
    other = factories.MemberFactory()
    client.force_login(other)
    history = client.get(reverse("groups:post_history", args=[post.pk])).content.decode()
    assert "Wie herkent dit?" in history
    post.revisions.update(is_hidden=True)
    history = client.get(reverse("groups:post_history", args=[post.pk])).content.decode()
    assert "Wie herkent dit?" not in history


def test_someone_else_cannot_edit_via_the_page(client, thread, open_group):
    other = factories.MemberFactory()
    factories.add_to_group(other, open_group)
    client.force_login(other)
    post = thread.posts.get()
    response = client.post(reverse("groups:edit_post", args=[post.pk]), {"body": "Gekaapt"})
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.body == "Wie herkent dit?"


def test_deleted_post_shows_placeholder(client, author, thread):
    client.force_login(author)
    post = actions.reply(member=author, thread=thread, body="Oeps, verkeerde groep")
    client.post(reverse("groups:delete_post", args=[post.pk]))
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Oeps, verkeerde groep" not in page and "Dit bericht is verwijderd." in page


def test_paging_and_links_to_posts_land_on_the_right_page(client, author, thread):
    factories.make_posts(thread=thread, author=author, count=44)
    client.force_login(author)
    post = Post.objects.get(thread=thread, number=41)
    assert post.get_absolute_url().endswith("?pagina=3#post-41")
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'id="post-41"' in page and 'id="post-40"' not in page
    assert 'data-last-number="45"' in page
    response = client.get(reverse("groups:post", args=[post.pk]))
    assert response.url == post.get_absolute_url()


def test_jump_to_first_unread(client, author, thread, open_group):
    reader = factories.MemberFactory()
    factories.add_to_group(reader, open_group)
    factories.make_posts(thread=thread, author=author, count=29)
    client.force_login(reader)
    client.get(thread.get_absolute_url())  # reads page 1: posts 1-20
    assert ReadState.objects.get(member=reader, thread=thread).last_read_number == 20
    response = client.get(reverse("groups:first_unread", args=[thread.pk]))
    assert response.url.endswith("?pagina=2#post-21")


def test_bell_shows_unread_count_and_list_marks_read(client, author, thread, open_group):
    other = factories.MemberFactory()
    factories.add_to_group(other, open_group)
    actions.reply(member=other, thread=thread, body="Reactie voor Anouk")
    client.force_login(author)
    page = client.get("/denkgroepen/").content.decode()
    assert 'data-notification-count="1"' in page
    listing = client.get(reverse("groups:notifications")).content.decode()
    assert "reageerde in" in listing
    client.post(reverse("groups:notifications"))
    assert not Notification.objects.filter(recipient=author, read_at__isnull=True).exists()


def test_mention_autocomplete_offers_only_readers(client, author, private_group, moderator):
    insider = factories.MemberFactory(display_name="Ilse Binnen")
    factories.add_to_group(insider, private_group)
    factories.MemberFactory(display_name="Ilse Buiten")
    private_thread = factories.make_thread(group=private_group, author=moderator)
    client.force_login(moderator)
    data = client.get(
        reverse("groups:mention_candidates", args=[private_thread.pk]), {"q": "ilse"}
    ).json()
    assert [r["name"] for r in data["results"]] == ["Ilse Binnen"]
    assert data["results"][0]["insert"] == f"@[Ilse Binnen #{insider.pk}]"


def test_follow_and_unfollow_thread_via_form(client, member, thread):
    client.force_login(member)
    client.post(reverse("groups:follow_thread", args=[thread.pk]), {"action": "follow"})
    assert thread.follows.filter(member=member).exists()
    client.post(reverse("groups:follow_thread", args=[thread.pk]), {"action": "unfollow"})
    assert not thread.follows.filter(member=member).exists()


def test_bad_page_numbers_do_not_break(client, author, thread):
    client.force_login(author)
    for value in ["-1", "abc", "999999999999999999999", ""]:
        assert client.get(thread.get_absolute_url(), {"pagina": value}).status_code == 200


def test_thread_page_answers_follow_the_permission_rule_for_every_viewer(
    client, member, moderator, bureau, open_group, closed_group, private_group
):
    """200 for who may read, 403 for a listed group's thread one may not read, 404 where a
    private group must not leak (the same as an unknown id), log-in for anonymous visitors."""
    from datetime import timedelta

    from django.utils import timezone

    from groups.models import GroupRole, Visibility

    insider = factories.MemberFactory()
    suspended = factories.MemberFactory(suspended_until=timezone.now() + timedelta(days=2))
    for group in (open_group, closed_group, private_group):
        factories.add_to_group(insider, group)
        factories.add_to_group(suspended, group)
    threads = []
    for group in (open_group, closed_group, private_group):
        threads.append(factories.make_thread(group=group, author=moderator))
        threads.append(factories.make_thread(group=group, author=moderator))
        Thread.objects.filter(pk=threads[-1].pk).update(is_hidden=True)
    threads = list(
        Thread.objects.filter(pk__in=[t.pk for t in threads]).select_related("group").order_by("pk")
    )
    missing = max(t.pk for t in threads) + 1000
    assert client.get(reverse("groups:thread", args=[missing])).status_code == 404
    for thread in threads:
        response = client.get(thread.get_absolute_url())
        if thread.group.visibility == Visibility.PRIVATE:
            assert response.status_code == 404
        else:
            assert response.status_code == 302 and "/account/login/" in response.url
    for viewer in (member, insider, suspended, moderator, bureau):
        client.force_login(viewer)
        assert client.get(reverse("groups:thread", args=[missing])).status_code == 404
        for thread in threads:
            status = client.get(thread.get_absolute_url()).status_code
            if Thread.objects.readable_by(viewer).filter(pk=thread.pk).exists():
                expected = 200
            elif thread.group.visibility == Visibility.PRIVATE:
                expected = 404
            else:
                expected = 403
            assert status == expected, (viewer, thread.group.visibility, thread.is_hidden)
    # The rule is not vacuous here: a plain member is refused a closed group's thread,
    # an insider a hidden one, and moderators read hidden threads of their groups.
    client.force_login(member)
    assert client.get(threads[2].get_absolute_url()).status_code == 403
    client.force_login(insider)
    assert client.get(threads[1].get_absolute_url()).status_code == 403
    assert client.get(threads[5].get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert GroupMembership.objects.get(member=moderator, group=private_group).role == (
        GroupRole.MODERATOR
    )
    assert client.get(threads[5].get_absolute_url()).status_code == 200


def test_thread_page_loads_the_viewers_roles_with_the_thread(
    rf, django_assert_num_queries, bureau, editor, author, thread
):
    """The viewer's platform roles come with the thread query and serve the whole request
    (``Member.role_names``): the same names the member's groups hold, and no query of
    their own afterwards."""
    from django.contrib.auth.models import Group
    from django.utils.functional import SimpleLazyObject

    from groups.views.threads import _thread_for

    both = factories.MemberFactory(roles=["Redactie", "Bureau"])
    Group.objects.get_or_create(name="Zonder leden")
    for viewer in (bureau, editor, author, both):
        fresh = type(viewer).objects.get(pk=viewer.pk)
        request = rf.get(thread.get_absolute_url())
        request.user = SimpleLazyObject(lambda fresh=fresh: fresh)
        _thread_for(request, thread.pk, with_bell=True)
        names = frozenset(viewer.groups.values_list("name", flat=True))
        with django_assert_num_queries(0):
            assert fresh.role_names == names
            assert request.user.is_bureau == (viewer in (bureau, both))
            assert request.user.is_editor == (viewer in (editor, both))
