"""Write functions of threads and posts: start, reply, edit, delete, with the checks every
post passes (length, rate, privacy guard, permissions) and its mentions.

Views, the API, WebSocket consumers, the admin and management commands all call these,
so every post gets the same validation, rate limit, search outbox entry, live event and
notifications. Each function runs in one transaction; live events and notifications are
published on commit (see groups.events), e-mail is sent later by the worker.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from community.text import clean_line, clean_text
from community.validators import invisible_character
from core.changes import record_change
from core.errors import ActionError

from .. import events
from ..markdown import render_with_mentions
from ..models import (
    GroupRole,
    Post,
    PostRevision,
    ReadState,
    ThinkGroup,
    Thread,
    ThreadFollow,
)
from ..notifications import notify
from ..permissions import (
    Standing,
    check_moderate_group,
    check_post_in_group,
    check_post_in_thread,
    check_read_thread,
)
from ..querysets import readers_of_post, readers_of_thread
from ..visibility import is_member
from .mentions import notify_mentions, readers_among, resolve_mentions
from .reading import advance_read_state

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MIN, BODY_MAX = 1, 20000


class RateLimited(ActionError):
    def __init__(self, message: str):
        super().__init__(message, code="rate_limited")


# --- validation ----------------------------------------------------------------------


def _visible_length(text: str) -> int:
    """Characters a reader sees: no spaces, no invisible letters (U+3164 and the like)."""
    return sum(not ch.isspace() and not invisible_character(ch) for ch in text)


def clean_title(title: str) -> str:
    title = clean_line(title or "")
    # Counted as a reader sees them: five Hangul fillers (U+3164) are an empty title.
    if _visible_length(title) < TITLE_MIN:
        raise ActionError(
            _("The title needs at least %(min)d characters.") % {"min": TITLE_MIN}, "title"
        )
    if len(title) > TITLE_MAX:
        raise ActionError(
            _("The title may have at most %(max)d characters.") % {"max": TITLE_MAX}, "title"
        )
    return title


def clean_body(body: str) -> str:
    body = clean_text(body or "")
    if len(body) < BODY_MIN:
        raise ActionError(_("Write a message first."), "body")
    if len(body) > BODY_MAX:
        raise ActionError(
            _("A message may have at most %(max)s characters (this one has %(count)s).")
            % {
                "max": f"{BODY_MAX:,}".replace(",", "."),
                "count": f"{len(body):,}".replace(",", "."),
            },
            "body",
        )
    return body


def _check_rate(member: Member, kind: str) -> None:
    """At most ``burst`` posts (threads) per ``burst × interval`` seconds, counted in the
    database so that every server process sees the same number."""
    if not settings.FORUM_RATE_LIMITS_ENABLED:
        return
    if kind == "thread":
        interval, burst = settings.FORUM_THREAD_INTERVAL, settings.FORUM_THREAD_BURST
        recent = Thread.objects.filter(author=member)
    else:
        interval, burst = settings.FORUM_POST_INTERVAL, settings.FORUM_POST_BURST
        recent = Post.objects.filter(author=member)
    if interval <= 0 or burst <= 0:
        return
    since = timezone.now() - timedelta(seconds=interval * burst)
    if recent.filter(created_at__gte=since).count() >= burst:
        if kind == "thread":
            message = _("You are starting threads quickly. Wait %(seconds)d seconds.")
        else:
            message = _("You are posting quickly. Wait %(seconds)d seconds before the next one.")
        raise RateLimited(message % {"seconds": interval})


def _check_rate_locked(member: Member, *kinds: str) -> None:
    """The rate check again, inside the write's transaction with the member's row locked:
    concurrent posts of one member (from any process) wait for each other here, so each
    counts the ones committed before it. The check before the transaction stays as a
    cheap early refusal; this one decides."""
    if not settings.FORUM_RATE_LIMITS_ENABLED:
        return
    list(Member.objects.select_for_update().filter(pk=member.pk).values_list("pk", flat=True))
    for kind in kinds:
        _check_rate(member, kind)


def _refusals_key(member: Member) -> str:
    return f"forum:privacy-refusals:{member.pk}"


def _check_refusals(member: Member) -> None:
    """A post the privacy guard refused counts towards the rate limit too: after ``burst``
    refusals in ``burst × interval`` seconds the next attempt is refused without being
    scanned (a refused post is never stored, so the count of posts cannot see it)."""
    interval, burst = settings.FORUM_POST_INTERVAL, settings.FORUM_POST_BURST
    if not settings.FORUM_RATE_LIMITS_ENABLED or interval <= 0 or burst <= 0:
        return
    if (cache.get(_refusals_key(member)) or 0) >= burst:
        raise RateLimited(
            _("You are posting quickly. Wait %(seconds)d seconds before the next one.")
            % {"seconds": interval}
        )


def _count_refusal(member: Member) -> None:
    window = settings.FORUM_POST_INTERVAL * settings.FORUM_POST_BURST
    if not settings.FORUM_RATE_LIMITS_ENABLED or window <= 0:
        return
    key = _refusals_key(member)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired in between, or the cache is down (then nothing counts)
        cache.add(key, 1, timeout=window)


def _privacy_check(
    member: Member, body: str, confirm_privacy: bool, title: str = ""
) -> tuple[list[dict], bool]:
    """The client-privacy guard (core.privacy) on a post's body and the title of the
    thread it starts: the findings to store and whether the post is held for review;
    raises PrivacyCheckRequired if unconfirmed."""
    from core.privacy import PrivacyCheckRequired, check_text

    from ..moderation.guard import should_hold

    _check_refusals(member)
    try:
        findings = check_text(body, confirmed=confirm_privacy, title=title)
    except PrivacyCheckRequired:
        _count_refusal(member)
        raise
    return findings, should_hold(findings)


# --- threads and posts -------------------------------------------------------------------


def start_thread(
    *, member: Member, group: ThinkGroup, title: str, body: str, confirm_privacy: bool = False
) -> Thread:
    """Open a thread with its first post; the author follows it from then on."""
    check_post_in_group(member, group)
    title = clean_title(title)
    body = clean_body(body)
    findings, held = _privacy_check(member, body, confirm_privacy, title)
    _check_rate(member, "thread")
    _check_rate(member, "post")
    with transaction.atomic():
        _check_rate_locked(member, "thread", "post")
        now = timezone.now()
        thread = Thread.objects.create(
            group=group,
            title=title,
            author=member,
            created_at=now,
            last_post_at=now,
            last_poster=member,
            last_number=1,
        )
        thread.group = group
        mentioned = resolve_mentions(body, thread, member)
        post = Post.objects.create(
            thread=thread,
            number=1,
            author=member,
            body=body,
            body_html=render_with_mentions(body, mentioned),
            created_at=now,
            privacy_findings=findings,
            is_held=held,
        )
        ThinkGroup.objects.filter(pk=group.pk).update(
            thread_count=F("thread_count") + 1,
            post_count=F("post_count") + 1,
            last_activity_at=now,
        )
        ThreadFollow.objects.get_or_create(thread=thread, member=member)
        ReadState.objects.create(thread=thread, member=member, last_read_number=1)
        record_change("thread", [thread.pk])
        record_change("post", [post.pk])
        events.thread_changed(thread, "created")
        events.post_created(post)
        already = notify_mentions(post, mentioned, member)
        followers = (
            readers_of_post(post)
            .filter(group_follows__group=group)
            .exclude(pk__in=already | {member.pk})
        )
        notify(
            followers,
            kind=NotificationKind.NEW_THREAD,
            text=_("New thread in %(group)s: “%(title)s”") % {"group": group.name, "title": title},
            url=thread.get_absolute_url(),
            actor=member,
            group=group,
            thread=thread,
            post=post,
        )
    return thread


def _writable_thread(member: Member, thread: Thread, standing: Standing | None) -> Thread:
    """Lock the thread row (SQLite serialises writers anyway) and check it takes posts."""
    locked = Thread.objects.select_for_update().select_related("group").get(pk=thread.pk)
    if locked.is_hidden:
        raise ActionError(_("This thread has been hidden by a moderator."), "thread_hidden")
    moderator = standing is None or standing.role == GroupRole.MODERATOR  # None: bureau
    if locked.is_locked and not moderator:
        raise ActionError(_("This thread is closed; no new replies are possible."), "locked")
    return locked


def _reply_audience(body: str, thread: Thread, author: Member):
    """(mentioned members, rendered body, followers to notify) of a reply to ``thread``:
    who may read it decides both who can be mentioned and who hears of the reply."""
    mentioned = resolve_mentions(body, thread, author)
    followers = list(
        readers_of_thread(thread).filter(thread_follows__thread=thread).exclude(pk=author.pk)
    )
    return mentioned, render_with_mentions(body, mentioned), followers


def _readers_changed(before: Thread, now: Thread) -> bool:
    return (before.group_id, before.is_hidden, before.group.visibility) != (
        now.group_id,
        now.is_hidden,
        now.group.visibility,
    )


def reply(
    *,
    member: Member,
    thread: Thread,
    body: str,
    quoted_post: Post | None = None,
    confirm_privacy: bool = False,
) -> Post:
    """Add a post to a thread; it gets the next number of the thread."""
    standing = check_post_in_thread(member, thread)
    body = clean_body(body)
    if quoted_post is not None and (
        quoted_post.thread_id != thread.pk
        or not Post.objects.readable_by(member).filter(pk=quoted_post.pk).exists()
    ):
        raise ActionError(_("The quoted message is not part of this thread."), "quote")
    findings, held = _privacy_check(member, body, confirm_privacy)
    _check_rate(member, "post")
    # Everything that does not need the thread's row lock happens before it: every reply
    # to the thread waits for that lock, so it is held for as few statements as possible.
    audience = _reply_audience(body, thread, member)
    with transaction.atomic():
        _check_rate_locked(member, "post")
        now = timezone.now()
        locked = _writable_thread(member, thread, standing)
        if _readers_changed(thread, locked):
            # Moved, hidden or made private meanwhile: address the readers it has now.
            audience = _reply_audience(body, locked, member)
        mentioned, body_html, followers = audience
        number = locked.last_number + 1
        post = Post.objects.create(
            thread=locked,
            number=number,
            author=member,
            body=body,
            body_html=body_html,
            created_at=now,
            quoted_post=quoted_post,
            privacy_findings=findings,
            is_held=held,
        )
        Thread.objects.filter(pk=locked.pk).update(
            last_number=number,
            reply_count=F("reply_count") + 1,
            last_post_at=now,
            last_poster=member,
        )
        ThinkGroup.objects.filter(pk=locked.group_id).update(
            post_count=F("post_count") + 1, last_activity_at=now
        )
        locked.last_number, locked.last_post_at, locked.last_poster = number, now, member
        locked.reply_count += 1
        # The post only: a reply changes nothing of the thread's own index entry (title,
        # author, group, hidden), and a thread change re-indexes every post of the thread.
        record_change("post", [post.pk])
        events.post_created(post)
        events.thread_changed(locked, "replied")
        # Replying makes you follow the thread (Discourse's default): you hear the answers.
        ThreadFollow.objects.get_or_create(thread=locked, member=member)
        already = notify_mentions(post, mentioned, member)
        notify(
            readers_among(post, [f for f in followers if f.pk not in already]),
            kind=NotificationKind.REPLY,
            text=_("%(name)s replied in “%(title)s”")
            % {"name": member.display_name, "title": locked.title},
            url=post.get_absolute_url(),
            actor=member,
            group=locked.group,
            thread=locked,
            post=post,
        )
    # The author has read their own reply; only ever moves forward, so no lock needed.
    advance_read_state(member, locked, number)
    thread.last_number, thread.reply_count = locked.last_number, locked.reply_count
    thread.last_post_at, thread.last_poster = now, member
    return post


def _check_own_post(member: Member, post: Post) -> None:
    if not is_member(member) or post.author_id != member.pk:
        raise PermissionDenied(_("You can only change your own messages."))
    if post.is_deleted:
        raise ActionError(_("This message has been deleted."), "deleted")
    if post.is_hidden:
        raise ActionError(_("This message has been hidden by a moderator."), "hidden")


def edit_post(*, member: Member, post: Post, body: str, confirm_privacy: bool = False) -> Post:
    """Change the text of one's own post; the earlier version is kept as a revision."""
    thread = post.thread
    standing = check_post_in_thread(member, thread)
    _check_own_post(member, post)
    body = clean_body(body)
    findings, held = _privacy_check(member, body, confirm_privacy)
    with transaction.atomic():
        locked_thread = _writable_thread(member, thread, standing)
        current = Post.objects.select_for_update().get(pk=post.pk)
        _check_own_post(member, current)
        if current.body == body:
            return current
        previously = set(current.mentions.values_list("member_id", flat=True))
        mentioned = resolve_mentions(body, locked_thread, member)
        PostRevision.objects.create(
            post=current, body=current.body, body_html=current.body_html, edited_by=member
        )
        current.body = body
        current.body_html = render_with_mentions(body, mentioned)
        current.edited_at = timezone.now()
        current.edit_count += 1
        current.privacy_findings = findings
        # An edit never releases a held post: only a moderator does.
        current.is_held = current.is_held or held
        current.save(
            update_fields=[
                "body",
                "body_html",
                "edited_at",
                "edit_count",
                "privacy_findings",
                "is_held",
            ]
        )
        current.thread = locked_thread
        record_change("post", [current.pk])
        events.post_changed(current, "edited")
        # Only people newly mentioned hear about it.
        notify_mentions(current, [m for m in mentioned if m.pk not in previously], member)
    return current


def delete_post(*, member: Member, post: Post) -> Post:
    """Soft-delete a post (its author or a moderator): a "deleted" placeholder stays."""
    thread = post.thread
    if not is_member(member):
        raise PermissionDenied(_("Log in to take part in the discussion."))
    if post.author_id != member.pk:
        check_moderate_group(member, thread.group)
    else:
        check_read_thread(member, thread)
    with transaction.atomic():
        current = Post.objects.select_for_update().get(pk=post.pk)
        if current.is_deleted:
            return current
        current.is_deleted = True
        current.deleted_at = timezone.now()
        current.save(update_fields=["is_deleted", "deleted_at"])
        if current.number > 1:
            Thread.objects.filter(pk=thread.pk, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
        ThinkGroup.objects.filter(pk=thread.group_id, post_count__gt=0).update(
            post_count=F("post_count") - 1
        )
        record_change("post", [current.pk], delete=True)
        events.post_changed(current, "deleted")
    return current
