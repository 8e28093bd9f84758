"""The live socket's database work, run on a small thread pool of its own (``db_call``):
loading the member and their access, checking the session, catch-up and replies."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from channels.db import DatabaseSyncToAsync
from django.conf import settings
from django.http import Http404

from .. import events
from ..visibility import Audience
from .protocol import CATCH_UP_LIMIT, CLOSE_FORBIDDEN, CLOSE_LOGGED_OUT

_db_threads: ThreadPoolExecutor | None = None


def db_call(func):
    """Run ORM work in the live sockets' thread pool, closing stale connections around it.

    Channels' ``database_sync_to_async`` is thread-sensitive: every consumer of the
    process queues behind ONE thread. Socket work touches no thread-bound state, so it
    runs on a small pool of its own (each thread keeps its own connection), and a
    thousand sockets connecting, or replies being written, no longer wait for each other.

    Small, because more threads do not write faster: replies to one thread queue for its
    row lock anyway, and every extra thread competes with the event loop for the GIL
    and, while rendering, for the locks inside asgiref's context-local storage (py-spy
    under fan-out load). Fewer threads held the lock for less time (bench_fanout.py).
    """
    global _db_threads
    if _db_threads is None:
        _db_threads = ThreadPoolExecutor(
            max_workers=settings.LIVE_DB_THREADS, thread_name_prefix="live-db"
        )
    return DatabaseSyncToAsync(func, thread_sensitive=False, executor=_db_threads)


def load_member(member_id):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=member_id, is_active=True).first()


def session_is_valid(session_key: str, member) -> bool:
    """The session still exists and still belongs to the member (not logged out, the
    password not changed)."""
    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.crypto import constant_time_compare
    from django.utils.module_loading import import_string

    if not session_key:
        return False
    from django.conf import settings

    store: SessionBase = import_string(settings.SESSION_ENGINE + ".SessionStore")(session_key)
    if str(store.get(SESSION_KEY, "")) != str(member.pk):
        return False
    session_hash = store.get(HASH_SESSION_KEY, "")
    return bool(session_hash) and constant_time_compare(
        session_hash, member.get_session_auth_hash()
    )


def ended_sessions(pairs: list[tuple[int, str]]) -> set[str]:
    """The session keys among ``pairs`` (member id, session key) that no longer log their
    member in: expired or deleted, the password changed, the account deactivated."""
    from django.contrib.auth import get_user_model

    ids = {member_id for member_id, _key in pairs}
    members = {m.pk: m for m in get_user_model().objects.filter(pk__in=ids, is_active=True)}
    ended = set()
    for member_id, key in pairs:
        member = members.get(member_id)
        if member is None or not session_is_valid(key, member):
            ended.add(key)
    return ended


def load_access(member) -> Audience:
    """The viewer's ``Audience``: the groups they may read, see titles of and moderate."""
    from ..models import ThinkGroup
    from ..visibility import is_bureau, is_member

    if not is_member(member):
        return Audience()
    groups = ThinkGroup.objects
    return Audience(
        member_id=member.pk,
        bureau=is_bureau(member),
        readable=set(groups.readable_by(member).values_list("pk", flat=True)),
        titles=set(groups.titles_visible_to(member).values_list("pk", flat=True)),
        moderated=set(groups.moderated_by(member).values_list("pk", flat=True)),
    )


def refresh_state(member_id: int, session_key: str):
    """(member, access, problem) after an access change; problem is a close code."""
    member = load_member(member_id)
    if member is None or not session_is_valid(session_key, member):
        return None, Audience(), CLOSE_LOGGED_OUT
    if member.is_suspended:
        return member, Audience(), CLOSE_FORBIDDEN
    return member, load_access(member), None


def readable_thread(member, thread_id: int):
    from ..models import Thread

    return (
        Thread.objects.readable_by(member)
        .filter(pk=thread_id)
        .values("pk", "group_id", "is_hidden", "last_number", "is_locked")
        .first()
    )


def catch_up(member, thread_id: int, after: int) -> tuple[list[dict], bool]:
    """Readable posts after ``after``, rendered, oldest first; and whether more exist."""
    from ..models import Post

    posts = list(
        Post.objects.readable_by(member)
        .filter(thread_id=thread_id, number__gt=after)
        .select_related("author", "thread", "thread__group", "quoted_post")
        .order_by("number")[: CATCH_UP_LIMIT + 1]
    )
    more = len(posts) > CATCH_UP_LIMIT
    return [
        {"number": p.number, "post_id": p.pk, "html": events.render_post(p)}
        for p in posts[:CATCH_UP_LIMIT]
    ], more


def latest_numbers(thread_ids: list[int]) -> dict[int, int]:
    """The last post number of each thread (the live heartbeat)."""
    from ..models import Thread

    return dict(Thread.objects.filter(pk__in=thread_ids).values_list("pk", "last_number"))


def fetch_posts(member, thread_id: int, numbers: list[int]):
    """Readable posts of ``numbers`` (rendered, oldest first) and the thread's latest number;
    None when the thread is no longer readable. The catch-up of a reader with gaps."""
    from ..models import Post

    thread = readable_thread(member, thread_id)
    if thread is None:
        return None
    posts = (
        Post.objects.readable_by(member)
        .filter(thread_id=thread_id, number__in=numbers)
        .select_related("author", "thread", "thread__group", "quoted_post")
        .order_by("number")
    )
    rendered = [{"number": p.number, "post_id": p.pk, "html": events.render_post(p)} for p in posts]
    return rendered, thread["last_number"]


class SessionEnded(Exception):
    """The socket's session no longer logs its member in (checked on each write frame)."""


def post_reply(
    member_id: int,
    thread_id: int,
    body: str,
    quote: int | None = None,
    confirm_privacy: bool = False,
    session_key: str = "",
) -> int:
    from .. import actions
    from ..models import Post, Thread

    member = load_member(member_id)
    if member is None or not session_is_valid(session_key, member):
        raise SessionEnded
    thread = Thread.objects.select_related("group").filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    quoted = None
    if quote is not None:
        # actions.reply checks that the quoted post is readable and in this thread.
        quoted = Post.objects.filter(thread=thread, number=quote).first()
    post = actions.reply(
        member=member,
        thread=thread,
        body=body,
        quoted_post=quoted,
        confirm_privacy=confirm_privacy,
    )
    return post.number
