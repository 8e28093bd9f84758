"""Sockets do not outlive the session (issue #12, item 3): a deleted or expired session, a
password change in another session, a deactivation (the admin's, through its write
function) close the member's sockets with 4001 within seconds, and a ``reply`` frame
over a socket whose session is gone posts nothing. (Suspension and leaving or removal
from a private group: tests/groups/test_consumers_access.py.)"""

from datetime import timedelta

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.utils import timezone

from community import actions as community_actions
from groups.live.hub import stop_hub
from groups.models import Post
from tests.groups.live_helpers import open_socket, send, session_client, subscribe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Oud-wachtwoord-2026!"


@pytest_asyncio.fixture(autouse=True)
async def _hub():
    yield
    await stop_hub()


async def _close_code(socket, timeout: float = 5) -> tuple[int, list[str]]:
    """Read until the socket closes: its close code and the error codes it was sent."""
    import json

    errors = []
    while True:
        output = await socket.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output["code"], errors
        frame = json.loads(output["text"])
        if frame["type"] == "error":
            errors.append(frame["code"])


def _forget_cached(session_key: str) -> None:
    if settings.SESSION_ENGINE.endswith("cached_db"):
        from django.contrib.sessions.backends.cached_db import KEY_PREFIX

        caches[settings.SESSION_CACHE_ALIAS].delete(KEY_PREFIX + session_key)


async def _reader_socket(member, thread):
    browser = await database_sync_to_async(session_client)(member)
    socket = await open_socket(client=browser)
    await subscribe(socket, f"thread:{thread.pk}")
    return browser, socket


async def test_a_deleted_session_closes_its_socket(thread, author):
    browser, socket = await _reader_socket(author, thread)
    try:
        key = browser.cookies["sessionid"].value
        await database_sync_to_async(lambda: Session.objects.filter(session_key=key).delete())()
        assert await _close_code(socket) == (4001, ["logged_out"])
    finally:
        await socket.disconnect()


async def test_a_password_change_in_another_session_closes_this_socket(thread, author):
    def set_password():
        author.set_password(PASSWORD)
        author.save()

    await database_sync_to_async(set_password)()
    _browser, socket = await _reader_socket(author, thread)
    try:

        def change_elsewhere():
            other = Client()
            other.force_login(author)
            new = "Nieuw-wachtwoord-2026!"
            data = {"oldpassword": PASSWORD, "password1": new, "password2": new}
            return other.post("/account/password/change/", data).status_code

        assert await database_sync_to_async(change_elsewhere)() == 302
        assert await _close_code(socket) == (4001, ["logged_out"])
    finally:
        await socket.disconnect()


async def test_deactivating_the_account_closes_its_sockets(thread, author):
    _browser, socket = await _reader_socket(author, thread)
    try:
        await database_sync_to_async(community_actions.set_active)(author, False)
        assert await _close_code(socket) == (4001, ["logged_out"])
    finally:
        await socket.disconnect()


async def test_an_expired_session_closes_its_socket_within_seconds(thread, author, settings):
    settings.LIVE_SESSION_CHECK = 0.5
    browser, socket = await _reader_socket(author, thread)
    try:
        key = browser.cookies["sessionid"].value

        def expire():
            past = timezone.now() - timedelta(seconds=1)
            Session.objects.filter(session_key=key).update(expire_date=past)
            _forget_cached(key)

        await database_sync_to_async(expire)()
        assert await _close_code(socket, timeout=5) == (4001, ["logged_out"])
    finally:
        await socket.disconnect()


async def test_a_reply_over_a_socket_whose_session_row_is_gone_posts_nothing(thread, author):
    browser, socket = await _reader_socket(author, thread)
    try:
        key = browser.cookies["sessionid"].value

        def remove_quietly():  # as a database clean-up job would: no signal at all
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM django_session WHERE session_key = %s", [key])
            _forget_cached(key)
            return Post.objects.filter(thread=thread).count()

        before = await database_sync_to_async(remove_quietly)()
        await send(socket, action="reply", topic=f"thread:{thread.pk}", body="Toch geplaatst?")
        assert await _close_code(socket) == (4001, ["logged_out"])
        after = await database_sync_to_async(Post.objects.filter(thread=thread).count)()
        assert after == before
    finally:
        await socket.disconnect()
