"""The cached and memoised parts of the thread page: never stale, the same HTML as rendered
with the full page context."""

import pytest
from django.urls import reverse

from community.models import Notification
from groups import actions
from groups.models import GroupMembership, Post, Thread
from tests import factories

pytestmark = pytest.mark.django_db


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
