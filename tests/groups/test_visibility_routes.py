"""Every route that shows a post's content, walked with a hidden, a held and a deleted post.

A colleague reads the thread (a member of the group, mentioned in the post, following the
thread and wanting an e-mail per event); the post is written by another member and then
hidden by a moderator, held for review by the privacy guard, or deleted by its author.
Its text must reach the colleague by no route: the thread page, the version history, a
quote, the API, the live socket (catch-up and push), search hits and snippets, the
notifications and their e-mail, the data export. A visible post written the same way
shows that each route does carry content it may show.
"""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from django.core import mail
from django.test import Client
from django.urls import reverse

from community import gdpr
from community.models import EmailMode, Notification
from groups import actions as forum
from groups import notifications
from groups.models import GroupRole, Post
from groups.moderation import actions as moderation
from groups.moderation.models import ModerationSettings
from search.backends import get_backend
from search.indexing import drain
from search.query import parse
from tests import factories
from tests.groups.live_helpers import nothing_more, open_socket, receive, send, subscribe

STATES = ("hidden", "held", "deleted")
# A word that occurs nowhere else, and an IBAN that makes the privacy guard hold the post.
SECRET = "Vertrouwelijkheidsclausule"
VISIBLE = "Openbaarheidsregeling"
IBAN = "NL91 ABNA 0417 1643 00"


def _people(group):
    author = factories.MemberFactory(display_name="Sanne Schrijver")
    colleague = factories.MemberFactory(display_name="Karim Lezer", email_mode=EmailMode.EACH)
    moderator = factories.MemberFactory(display_name="Mo Derator")
    factories.add_to_group(author, group)
    factories.add_to_group(colleague, group)
    factories.add_to_group(moderator, group, role=GroupRole.MODERATOR)
    return author, colleague, moderator


def _body(word: str) -> str:
    return f"Over de {word}: wat vind jij, @[Karim Lezer]? Rekening {IBAN}."


def _write(state: str, thread, author, moderator, word: str = SECRET) -> Post:
    """A reply by ``author`` brought into ``state`` through the write functions."""
    if state == "held":
        config = ModerationSettings.load()
        config.privacy_guard_mode = "hold"
        config.save()
    post = forum.reply(member=author, thread=thread, body=_body(word), confirm_privacy=True)
    if state == "held":
        config.privacy_guard_mode = "confirm"
        config.save()
        assert post.is_held
    elif state == "hidden":
        moderation.hide_post(moderator=moderator, post=post, reason="Persoonsgegevens")
    elif state == "deleted":
        forum.delete_post(member=author, post=post)
    # Earlier versions exist too (the history route), written before the state changed.
    return Post.objects.get(pk=post.pk)


@pytest.fixture
def scene(db):
    group = factories.ThinkGroupFactory(name="Werk en inkomen Noord")
    author, colleague, moderator = _people(group)
    thread = factories.make_thread(group=group, author=author, title="Vraag over de regeling")
    forum.follow_thread(member=colleague, thread=thread)
    return group, thread, author, colleague, moderator


def _client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _walk(colleague, thread, post) -> dict[str, str]:
    """What each route shows the colleague about ``post``, as text (JSON, HTML, e-mail).
    Search looks for another word of the post, so that the page's echo of the query
    does not count as a hit."""
    client = _client(colleague)
    shown: dict[str, str] = {}
    shown["page"] = client.get(thread.get_absolute_url()).content.decode()
    history = client.get(reverse("groups:post_history", args=[post.pk]))
    shown["history"] = history.content.decode() if history.status_code == 200 else ""
    shown["quote"] = client.get(
        f"{thread.get_absolute_url()}?citeer={post.number}"
    ).content.decode()
    api_post = client.get(f"/api/posts/{post.pk}")
    shown["api post"] = api_post.content.decode() if api_post.status_code == 200 else ""
    shown["api list"] = client.get(f"/api/threads/{thread.pk}/posts").content.decode()
    drain(get_backend())
    result = get_backend().search(parse("rekening"), colleague)
    shown["search"] = " ".join(f"{h.title} {h.snippet} {h.url}" for h in result.hits)
    shown["search page"] = client.get(reverse("search:search"), {"q": "rekening"}).content.decode()
    shown["notifications"] = (
        " ".join(Notification.objects.filter(recipient=colleague).values_list("text", flat=True))
        + client.get(reverse("groups:notifications")).content.decode()
    )
    mail.outbox.clear()
    notifications.send_event_mail()
    shown["e-mail"] = " ".join(f"{m.subject} {m.body}" for m in mail.outbox)
    shown["export"] = json.dumps(gdpr.collect(colleague), ensure_ascii=False)
    return shown


@pytest.mark.django_db
def test_a_visible_post_reaches_the_colleague_by_every_route(scene):
    """The control: the same walk shows a visible post's text wherever content is shown."""
    group, thread, author, colleague, moderator = scene
    post = _write("visible", thread, author, moderator, word=VISIBLE)
    shown = _walk(colleague, thread, post)
    for route in ("page", "history", "quote", "api post", "api list", "search", "search page"):
        assert VISIBLE in shown[route], route
    assert Notification.objects.filter(recipient=colleague, post=post).exists()
    assert "Sanne Schrijver" in shown["e-mail"]


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_a_post_it_may_not_read_reaches_the_colleague_by_no_route(scene, state):
    group, thread, author, colleague, moderator = scene
    post = _write(state, thread, author, moderator)
    shown = _walk(colleague, thread, post)
    for route, text in shown.items():
        assert SECRET not in text, f"{state} post shown by {route}"
        assert "NL91" not in text, f"{state} post's IBAN shown by {route}"
    # The reply form refuses to quote it, in the page and in the API.
    client = _client(colleague)
    response = client.post(
        reverse("groups:reply", args=[thread.pk]), {"body": "Eens!", "quoted": post.number}
    )
    assert response.status_code == 400
    response = client.post(
        f"/api/threads/{thread.pk}/posts",
        {"body": "Eens!", "quoted_post_id": post.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Post.objects.filter(quoted_post=post).exists()
    if state == "held":
        # A held post announces itself to nobody who cannot read it: no mention, no
        # "new reply" notice, no e-mail; the moderators hear of it.
        assert not Notification.objects.filter(recipient=colleague, post=post).exists()
        assert shown["e-mail"] == ""


@pytest.mark.django_db
def test_the_author_reads_their_held_post_and_its_history_the_colleague_does_not(scene):
    """#12 item 2: the version history of a post held for review answered any reader."""
    group, thread, author, colleague, moderator = scene
    post = forum.reply(member=author, thread=thread, body="Eerste versie.")
    config = ModerationSettings.load()
    config.privacy_guard_mode = "hold"
    config.save()
    forum.edit_post(member=author, post=post, body=_body(SECRET), confirm_privacy=True)
    post.refresh_from_db()
    assert post.is_held
    url = reverse("groups:post_history", args=[post.pk])
    assert _client(colleague).get(url).status_code == 404
    for reader in (author, moderator):
        response = _client(reader).get(url)
        assert response.status_code == 200
        assert SECRET in response.content.decode()


@pytest.mark.django_db
def test_a_redacted_passage_stays_out_of_the_history_and_the_authors_export(scene):
    group, thread, author, colleague, moderator = scene
    post = forum.reply(member=author, thread=thread, body="Eerste versie.")
    forum.edit_post(member=author, post=post, body=_body(SECRET), confirm_privacy=True)
    forum.edit_post(
        member=author, post=post, body=_body(SECRET) + " Aangevuld.", confirm_privacy=True
    )
    moderation.redact_post(moderator=moderator, post=post, passage=SECRET, reason="Privacy")
    for reader in (colleague, author):
        history = _client(reader).get(reverse("groups:post_history", args=[post.pk]))
        assert history.status_code == 200
        assert SECRET not in history.content.decode()
        assert "Eerste versie." in history.content.decode()
    assert (
        SECRET
        in _client(moderator).get(reverse("groups:post_history", args=[post.pk])).content.decode()
    )
    export = json.dumps(gdpr.collect(author), ensure_ascii=False)
    assert SECRET not in export
    assert "Eerste versie." in export


# --- the live socket: catch-up and push ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("state", STATES)
async def test_the_live_socket_never_carries_the_post(scene, state):
    group, thread, author, colleague, moderator = await database_sync_to_async(lambda: scene)()
    socket = await open_socket(colleague)
    topic = f"thread:{thread.pk}"
    try:
        await subscribe(socket, topic, last_number=0)
        if state == "held":
            await database_sync_to_async(_write)(state, thread, author, moderator)
            # Never announced: not the post, not a placeholder.
            assert await nothing_more(socket, timeout=0.5)
        else:
            post = await database_sync_to_async(forum.reply)(
                member=author, thread=thread, body=_body(SECRET), confirm_privacy=True
            )
            seen = await receive(socket)
            assert seen["type"] == "post" and SECRET in seen["html"]  # visible until now
            if state == "hidden":
                await database_sync_to_async(moderation.hide_post)(
                    moderator=moderator, post=post, reason="Persoonsgegevens"
                )
            else:
                await database_sync_to_async(forum.delete_post)(member=author, post=post)
            changed = await receive(socket)
            # The reader's view loses the text: a removal, or the "deleted" placeholder.
            assert changed["type"] == ("post_removed" if state == "hidden" else "post")
            assert SECRET not in json.dumps(changed)
        # A reader who reconnects catches up from the database: nothing of it either.
        await send(socket, action="unsubscribe", topic=topic)
        await receive(socket)
        caught_up = await subscribe(socket, topic, last_number=0)
        assert caught_up[-1]["type"] == "subscribed"
        assert [f["number"] for f in caught_up if f["type"] == "post"] == [1]
        assert all(SECRET not in json.dumps(f) and "NL91" not in json.dumps(f) for f in caught_up)
    finally:
        await socket.disconnect()
