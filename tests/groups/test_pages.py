"""The forum pages: visibility per group kind, forms without JavaScript, paging, query counts."""

import pytest
from django.urls import reverse

from community.models import Notification
from groups import actions
from groups.models import GroupMembership, JoinRequest, Post, ReadState, Thread
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_thread(private_group, moderator):
    return factories.make_thread(
        group=private_group, author=moderator, title="Vertrouwelijk overleg"
    )


@pytest.fixture
def closed_thread(closed_group, moderator):
    return factories.make_thread(group=closed_group, author=moderator, title="Besloten casuïstiek")


# --- visibility ------------------------------------------------------------------------------


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


# --- forms ------------------------------------------------------------------------------------


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
    assert data["results"][0]["insert"] == "@[Ilse Binnen]"


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


# --- query counts --------------------------------------------------------------------------


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


# --- the cached post list ------------------------------------------------------------------


def test_cached_post_list_never_shows_a_stale_post(client, author, member, moderator, thread):
    """Pages of posts are cached by what they show: every change reaches the next view."""
    from groups.moderation import actions as moderation

    GroupMembership.objects.create(group=thread.group, member=member)
    reply = actions.reply(member=member, thread=thread, body="Eerste versie van mijn antwoord.")
    client.force_login(author)
    url = thread.get_absolute_url()
    assert "Eerste versie" in client.get(url).content.decode()

    actions.edit_post(member=member, post=reply, body="Tweede versie, aangevuld.")
    body = client.get(url).content.decode()
    assert "Tweede versie" in body and "Eerste versie" not in body
    assert "bewerkt" in body

    type(member).objects.filter(pk=member.pk).update(display_name="Nieuwe Naam", job_title="")
    assert "Nieuwe Naam" in client.get(url).content.decode()

    moderation.hide_post(moderator=moderator, post=reply, reason="Off-topic")
    body = client.get(url).content.decode()
    assert "Tweede versie" not in body
    assert "Dit bericht is door een moderator verborgen." in body

    # Two readers of different standing get the same, viewer-neutral list.
    client.force_login(moderator)
    assert "Tweede versie" not in client.get(url).content.decode()


def test_post_list_renders_without_the_cache(client, settings, author, thread):
    settings.PAGE_CACHE_ENABLED = False
    client.force_login(author)
    body = client.get(thread.get_absolute_url()).content.decode()
    assert "Wie herkent dit?" in body and 'id="post-1"' in body


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


def test_memoised_page_parts_are_what_the_full_page_context_renders(rf, author, thread):
    """The thread page takes its live-update config and page links from an in-process memo
    (``render_neutral``), rendered from a few inputs. They must be exactly what the
    include renders with the whole page context, in every language: if either template
    starts to read anything else, this fails."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from groups.fragments import AUTHENTICATED, render_neutral

    request = rf.get(thread.get_absolute_url())
    request.user = author
    for language in ("nl", "en", "nl"):
        with translation.override(language):
            for page, last_page in [(1, 1), (1, 3), (3, 3), (2, 12)]:
                context = {
                    "thread": thread,
                    "group": thread.group,
                    "page": page,
                    "last_page": last_page,
                    "pages": range(1, last_page + 1),
                    "first_unread": None,
                }
                live = render_to_string("groups/includes/live.html", context, request)
                assert live == render_neutral(
                    "groups/includes/live.html",
                    user=AUTHENTICATED,
                    page=page,
                    last_page=last_page,
                )
                links = render_to_string("groups/includes/pagination.html", context, request)
                assert links == render_neutral(
                    "groups/includes/pagination.html",
                    page=page,
                    last_page=last_page,
                    pages=range(1, last_page + 1),
                )
                assert (page == last_page) == ('"lastPage": true' in live)
                assert ('aria-current="page">2<' in links) == (page == 2)
    with translation.override("en"):
        assert "colleagues are reading along" in render_neutral(
            "groups/includes/live.html", user=AUTHENTICATED, page=1, last_page=1
        )


def test_memoised_navigation_is_what_the_page_context_renders(client, settings, author, thread):
    """The site header comes from ``{% neutral %}`` parts memoised per language and a few
    inputs. Rendered inline with the whole page context instead (memo off) every page
    must give the same HTML, for each kind of visitor, current page and language."""
    import re

    from website.context_processors import nav_current  # noqa: F401 - the inputs' source

    def pages():
        own = reverse("community:profile", args=[author.pk])
        client.logout()
        for path in ["/denkgroepen/", reverse("account_login"), "/zoeken/"]:
            yield path, client.get(path)
        client.force_login(author)
        for path in [thread.get_absolute_url(), "/leden/", own, "/leden/mijn-gegevens/"]:
            response = client.get(path)
            assert response.status_code == 200, path
            yield path, response
        yield "en", client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    def normalised(response):
        html = response.content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)

    memoised = {path: normalised(r) for path, r in pages()}
    settings.PAGE_CACHE_ENABLED = False
    inline = {path: normalised(r) for path, r in pages()}
    assert memoised == inline
    # And the header says what it should.
    assert 'aria-current="page">Denkgroepen<' in memoised[thread.get_absolute_url()]
    assert 'aria-current="page">Leden<' in memoised["/leden/"]
    for path in [reverse("community:profile", args=[author.pk]), "/leden/mijn-gegevens/"]:
        assert 'aria-current="page">Mijn profiel<' in memoised[path]
    assert 'aria-current="page">Inloggen<' in memoised[reverse("account_login")]
    assert "Log out" in memoised["en"] and "Uitloggen" in memoised["/leden/"]
    assert "Uitloggen" not in memoised["/zoeken/"]


def test_thread_page_shows_every_change_on_the_next_request(
    client, settings, author, member, moderator, thread, open_group, closed_group
):
    """The thread page takes the viewer's role, follow, read state, Bureau role and bell
    count along with the thread, and its chrome from memoised parts: whatever changes
    shows on the very next request."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from groups.models import GroupRole, ThinkGroup

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    url = thread.get_absolute_url()
    client.force_login(member)

    def page():
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    body = page()
    assert 'data-notification-count="0"' in body
    assert "Moderatiewachtrij" not in body and "Jouw reactie" not in body

    actions.join_group(member=member, group=open_group)
    assert "Jouw reactie" in page()  # joined: may post

    actions.reply(member=author, thread=thread, body="Nieuw antwoord voor de groep.")
    Notification.objects.create(recipient=member, kind="mention", text="Genoemd")
    body = page()
    assert 'data-notification-count="1"' in body
    assert "Nieuw antwoord" in body  # and it is read now
    actions.reply(member=author, thread=thread, body="Nog een antwoord.")
    Thread.objects.filter(pk=thread.pk).update(title="Nieuwe titel van het onderwerp")
    ThinkGroup.objects.filter(pk=open_group.pk).update(name="Hernoemde denkgroep")
    body = page()
    assert "Nieuwe titel van het onderwerp" in body and "Hernoemde denkgroep" in body
    assert "Nog een antwoord." in body

    client.post(reverse("groups:follow_thread", args=[thread.pk]), {"action": "follow"})
    assert "Niet meer volgen" in page()

    factories.add_to_group(member, open_group, role=GroupRole.MODERATOR)
    assert "Moderatiewachtrij" in page()
    factories.add_to_group(member, open_group, role=GroupRole.MEMBER)
    assert "Moderatiewachtrij" not in page()

    type(member).objects.filter(pk=member.pk).update(
        suspended_until=timezone.now() + timedelta(days=1)
    )
    assert "Jouw reactie" not in page()
    type(member).objects.filter(pk=member.pk).update(suspended_until=None)
    assert "Jouw reactie" in page()

    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(url).status_code == 403
    member.groups.add(Group.objects.get(name="Bureau"))
    body = page()
    assert "Moderatiewachtrij" in body and "Verborgen" in body
    member.groups.remove(Group.objects.get(name="Bureau"))
    assert client.get(url).status_code == 403
    Thread.objects.filter(pk=thread.pk).update(is_hidden=False)
    assert client.get(url).status_code == 200

    # Moved to a closed group the member is not in: refused at once.
    Thread.objects.filter(pk=thread.pk).update(group=closed_group)
    assert client.get(url).status_code == 403
    Thread.objects.filter(pk=thread.pk).update(group=open_group)

    # A log-out ends access on the next request, even with the cached session copy.
    cookie = client.cookies["sessionid"].value
    assert client.get(url).status_code == 200
    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = cookie
    response = client.get(url)
    assert response.status_code == 302 and "/account/login/" in response.url


def test_post_list_fingerprint_from_columns_is_that_of_the_rendered_posts(
    client, author, member, moderator, thread
):
    """The page fingerprints a page of posts from a few columns and renders (loading whole
    posts) only on a miss: both ways must give the same key, or nothing would ever hit."""
    from groups import fragments
    from groups.moderation import actions as moderation

    GroupMembership.objects.create(group=thread.group, member=member)
    edited = actions.reply(member=member, thread=thread, body="Eerste versie.")
    actions.edit_post(member=member, post=edited, body="Tweede versie.")
    hidden = actions.reply(member=member, thread=thread, body="Wordt verborgen.")
    moderation.hide_post(moderator=moderator, post=hidden, reason="Off-topic")
    gone = factories.MemberFactory()
    GroupMembership.objects.create(group=thread.group, member=gone)
    actions.reply(member=gone, thread=thread, body="Van een oud-lid.")
    Post.objects.filter(author=gone).update(author=None)
    posts = Post.objects.filter(thread=thread).order_by("number")
    rows = list(posts.values_list(*fragments.ROW_FIELDS))
    loaded = list(posts.select_related("author"))
    assert len(rows) == 4 and loaded[-1].author is None
    assert fragments._fingerprint(rows) == fragments._fingerprint(
        [fragments._row(post) for post in loaded]
    )
    client.force_login(author)
    body = client.get(thread.get_absolute_url()).content.decode()
    assert "Tweede versie." in body and "Wordt verborgen." not in body
    assert "Van een oud-lid." in body


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
