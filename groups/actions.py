"""Write functions of the think groups: one per verb, the only way forum data changes.

Views, the API, WebSocket consumers, the admin and management commands all call these,
so every post gets the same validation, rate limit, search outbox entry, live event and
notifications. Each function runs in one transaction; live events and notifications are
published on commit (see groups.events), e-mail is sent later by the worker.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import AccessToken, Member, NotificationKind
from community.text import clean_line, clean_text
from search.indexing import record_change

from . import events
from .markdown import mentioned_names, render
from .models import (
    GroupFollow,
    GroupMembership,
    GroupRole,
    Invitation,
    JoinRequest,
    Post,
    PostMention,
    PostRevision,
    ReadState,
    RequestStatus,
    ThinkGroup,
    Thread,
    ThreadFollow,
    Visibility,
)
from .notifications import notify
from .permissions import (
    Standing,
    check_group_listed,
    check_moderate_group,
    check_post_in_group,
    check_post_in_thread,
    check_read_group,
    check_read_thread,
)
from .querysets import is_bureau, is_member, readers_of_thread

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MIN, BODY_MAX = 1, 20000
MAX_MENTIONS = 10


class ActionError(ValidationError):
    """A refused write, with a message in the reader's language (Dutch)."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message, code=code)

    @property
    def message_text(self) -> str:
        return self.messages[0]


class RateLimited(ActionError):
    def __init__(self, message: str):
        super().__init__(message, code="rate_limited")


# --- validation ----------------------------------------------------------------------


def clean_title(title: str) -> str:
    title = clean_line(title or "")
    if len(title) < TITLE_MIN:
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


def _privacy_check(body: str, confirm_privacy: bool) -> tuple[list[dict], bool]:
    """The client-privacy guard (groups.moderation.privacy): the findings to store and
    whether the post is held for review; raises PrivacyCheckRequired if unconfirmed."""
    from .moderation.privacy import check_text, should_hold

    findings = check_text(body, confirmed=confirm_privacy)
    return findings, should_hold(findings)


# --- rendering and mentions --------------------------------------------------------------


def _resolve_mentions(body: str, thread: Thread, author: Member) -> list[Member]:
    names = mentioned_names(body)
    if not names:
        return []
    if len(names) > MAX_MENTIONS:
        raise ActionError(
            _("You can mention at most %(max)d colleagues in one message.") % {"max": MAX_MENTIONS},
            "mentions",
        )
    wanted = {name.casefold() for name in names}
    candidates = readers_of_thread(thread).filter(display_name__in=names)
    # Exact names first; case-insensitive matching happens in Python (SQLite's lower()
    # only folds ASCII).
    found = [m for m in candidates if m.display_name.casefold() in wanted]
    if len(found) < len(names):
        found_names = {m.display_name.casefold() for m in found}
        missing = [n for n in names if n.casefold() not in found_names]
        for name in missing:
            found.extend(readers_of_thread(thread).filter(display_name__iexact=name)[:MAX_MENTIONS])
    unique = {m.pk: m for m in found}
    return list(unique.values())[:MAX_MENTIONS]


def _render(body: str, mentioned: list[Member]) -> str:
    links = {m.display_name: reverse("community:profile", kwargs={"pk": m.pk}) for m in mentioned}
    # Mentions typed with other capitals still link to the person.
    for name in mentioned_names(body):
        for m in mentioned:
            if m.display_name.casefold() == name.casefold():
                links[name] = links[m.display_name]
    return render(body, mentions=links)


def _notify_mentions(post: Post, mentioned: list[Member], author: Member) -> set[int]:
    if not mentioned:
        return set()
    PostMention.objects.bulk_create(
        [PostMention(post=post, member=m) for m in mentioned], ignore_conflicts=True
    )
    notify(
        mentioned,
        kind=NotificationKind.MENTION,
        text=_("%(name)s mentioned you in “%(title)s”")
        % {"name": author.display_name, "title": post.thread.title},
        url=post.get_absolute_url(),
        actor=author,
        group=post.thread.group,
        thread=post.thread,
        post=post,
    )
    return {m.pk for m in mentioned}


# --- threads and posts -------------------------------------------------------------------


def start_thread(
    *, member: Member, group: ThinkGroup, title: str, body: str, confirm_privacy: bool = False
) -> Thread:
    """Open a thread with its first post; the author follows it from then on."""
    check_post_in_group(member, group)
    title = clean_title(title)
    body = clean_body(body)
    findings, held = _privacy_check(body, confirm_privacy)
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
        mentioned = _resolve_mentions(body, thread, member)
        post = Post.objects.create(
            thread=thread,
            number=1,
            author=member,
            body=body,
            body_html=_render(body, mentioned),
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
        already = _notify_mentions(post, mentioned, member)
        followers = (
            readers_of_thread(thread)
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
    mentioned = _resolve_mentions(body, thread, author)
    followers = list(
        readers_of_thread(thread).filter(thread_follows__thread=thread).exclude(pk=author.pk)
    )
    return mentioned, _render(body, mentioned), followers


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
    findings, held = _privacy_check(body, confirm_privacy)
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
        already = _notify_mentions(post, mentioned, member)
        notify(
            [f for f in followers if f.pk not in already],
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
    _advance_read_state(member, locked, number)
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
    findings, held = _privacy_check(body, confirm_privacy)
    with transaction.atomic():
        locked_thread = _writable_thread(member, thread, standing)
        current = Post.objects.select_for_update().get(pk=post.pk)
        _check_own_post(member, current)
        if current.body == body:
            return current
        previously = set(current.mentions.values_list("member_id", flat=True))
        mentioned = _resolve_mentions(body, locked_thread, member)
        PostRevision.objects.create(
            post=current, body=current.body, body_html=current.body_html, edited_by=member
        )
        current.body = body
        current.body_html = _render(body, mentioned)
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
        _notify_mentions(current, [m for m in mentioned if m.pk not in previously], member)
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


# --- membership ----------------------------------------------------------------------------


def _add_membership(group: ThinkGroup, member: Member, *, reason: str) -> GroupMembership:
    membership, created = GroupMembership.objects.get_or_create(group=group, member=member)
    if created:
        ThinkGroup.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
        group.member_count += 1
        events.access_changed(member.pk, reason)
    return membership


def _drop_membership(group: ThinkGroup, member: Member, *, reason: str) -> bool:
    deleted, _counts = GroupMembership.objects.filter(group=group, member=member).delete()
    if deleted:
        ThinkGroup.objects.filter(pk=group.pk, member_count__gt=0).update(
            member_count=F("member_count") - 1
        )
        group.member_count = max(group.member_count - 1, 0)
        events.access_changed(member.pk, reason)
    return bool(deleted)


def _check_active(member: Member) -> None:
    if not is_member(member):
        raise PermissionDenied(_("Log in first."))
    if member.is_suspended:
        raise PermissionDenied(_("Your account is suspended; you cannot do this at the moment."))


def join_group(*, member: Member, group: ThinkGroup) -> GroupMembership:
    """Join an open group with one click (the bureau may join any group)."""
    _check_active(member)
    check_group_listed(member, group)
    if group.visibility != Visibility.OPEN and not is_bureau(member):
        if GroupMembership.objects.filter(group=group, member=member).exists():
            return GroupMembership.objects.get(group=group, member=member)
        raise ActionError(_("This group is closed: ask to join instead."), "closed")
    with transaction.atomic():
        return _add_membership(group, member, reason="joined")


def leave_group(*, member: Member, group: ThinkGroup) -> None:
    _check_active(member)
    with transaction.atomic():
        if not _drop_membership(group, member, reason="left"):
            raise ActionError(_("You are not a member of this group."), "not_member")


def request_to_join(*, member: Member, group: ThinkGroup, message: str = "") -> JoinRequest:
    """Ask the moderators of a closed group for membership."""
    _check_active(member)
    check_group_listed(member, group)
    if group.visibility == Visibility.OPEN:
        raise ActionError(_("This group is open: you can join it directly."), "open")
    if group.visibility == Visibility.PRIVATE:
        raise ActionError(_("This group admits members by invitation only."), "private")
    if GroupMembership.objects.filter(group=group, member=member).exists():
        raise ActionError(_("You are already a member of this group."), "member")
    message = clean_line(message)[:500]
    with transaction.atomic():
        existing = JoinRequest.objects.filter(
            group=group, member=member, status=RequestStatus.PENDING
        ).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                return JoinRequest.objects.create(group=group, member=member, message=message)
        except IntegrityError:
            # A second click raced the first: the pending request exists now.
            return JoinRequest.objects.get(group=group, member=member, status=RequestStatus.PENDING)


def withdraw_join_request(*, member: Member, request: JoinRequest) -> JoinRequest:
    if request.member_id != member.pk:
        raise PermissionDenied(_("This is not your request."))
    with transaction.atomic():
        updated = JoinRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
            status=RequestStatus.WITHDRAWN, decided_at=timezone.now()
        )
        if not updated:
            raise ActionError(_("This request has already been decided."), "decided")
    request.status = RequestStatus.WITHDRAWN
    return request


def decide_join_request(*, moderator: Member, request: JoinRequest, approve: bool) -> JoinRequest:
    """Approve or refuse a join request; the requester is notified either way."""
    group = request.group
    _check_active(moderator)
    check_moderate_group(moderator, group)
    with transaction.atomic():
        current = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != RequestStatus.PENDING:
            raise ActionError(_("This request has already been decided."), "decided")
        current.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
        current.decided_at = timezone.now()
        current.decided_by = moderator
        current.save(update_fields=["status", "decided_at", "decided_by"])
        requester = current.member
        if approve:
            _add_membership(group, requester, reason="joined")
            text = _("You are now a member of %(group)s.") % {"group": group.name}
        else:
            text = _("Your request to join %(group)s was not accepted.") % {"group": group.name}
        notify(
            [requester],
            kind=NotificationKind.JOIN_DECISION,
            text=text,
            url=group.get_absolute_url(),
            actor=moderator,
            group=group,
        )
    return current


def invite(*, inviter: Member, group: ThinkGroup, member: Member) -> Invitation:
    """Invite a colleague to a group (moderators; the only way into a private group)."""
    _check_active(inviter)
    check_moderate_group(inviter, group)
    if not is_member(member):
        raise ActionError(_("This person cannot be invited."), "inactive")
    if GroupMembership.objects.filter(group=group, member=member).exists():
        raise ActionError(_("%(name)s is already a member.") % {"name": member.display_name})
    with transaction.atomic():
        existing = Invitation.objects.filter(
            group=group, member=member, status=RequestStatus.PENDING
        ).first()
        if existing:
            return existing
        invitation = Invitation.objects.create(group=group, member=member, invited_by=inviter)
        notify(
            [member],
            kind=NotificationKind.INVITATION,
            text=_("%(name)s invites you to the think group %(group)s.")
            % {"name": inviter.display_name, "group": group.name},
            url=reverse("groups:invitations"),
            actor=inviter,
            group=group,
        )
    return invitation


def _own_pending_invitation(member: Member, invitation: Invitation) -> None:
    _check_active(member)
    if invitation.member_id != member.pk:
        # Someone else's invitation does not exist for this member.
        raise Http404
    if invitation.status != RequestStatus.PENDING:
        raise ActionError(_("This invitation is no longer open."), "decided")


def accept_invitation(*, member: Member, invitation: Invitation) -> GroupMembership:
    _own_pending_invitation(member, invitation)
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, status=RequestStatus.PENDING).update(
            status=RequestStatus.APPROVED, decided_at=timezone.now()
        )
        if not updated:
            raise ActionError(_("This invitation is no longer open."), "decided")
        invitation.status = RequestStatus.APPROVED
        return _add_membership(invitation.group, member, reason="joined")


def decline_invitation(*, member: Member, invitation: Invitation) -> Invitation:
    _own_pending_invitation(member, invitation)
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, status=RequestStatus.PENDING).update(
            status=RequestStatus.REFUSED, decided_at=timezone.now()
        )
    invitation.status = RequestStatus.REFUSED
    return invitation


def remove_member(*, moderator: Member, group: ThinkGroup, member: Member) -> None:
    """A moderator removes someone; their open subscriptions end (access_changed)."""
    _check_active(moderator)
    check_moderate_group(moderator, group)
    with transaction.atomic():
        if not _drop_membership(group, member, reason="removed"):
            raise ActionError(_("%(name)s is not a member.") % {"name": member.display_name})


def set_group_role(
    *, moderator: Member, group: ThinkGroup, member: Member, role: GroupRole | str
) -> GroupMembership:
    _check_active(moderator)
    check_moderate_group(moderator, group)
    if role not in GroupRole.values:
        raise ActionError(_("Unknown role."), "role")
    with transaction.atomic():
        membership = (
            GroupMembership.objects.select_for_update().filter(group=group, member=member).first()
        )
        if membership is None:
            raise ActionError(_("%(name)s is not a member.") % {"name": member.display_name})
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
            events.access_changed(member.pk, "role")
    return membership


# --- following and reading -----------------------------------------------------------------


def follow_thread(*, member: Member, thread: Thread) -> ThreadFollow:
    check_read_thread(member, thread)
    with transaction.atomic():
        follow, _created = ThreadFollow.objects.get_or_create(thread=thread, member=member)
    return follow


def unfollow_thread(*, member: Member, thread: Thread) -> None:
    with transaction.atomic():
        ThreadFollow.objects.filter(thread=thread, member=member).delete()


def follow_group(*, member: Member, group: ThinkGroup) -> GroupFollow:
    check_read_group(member, group)
    with transaction.atomic():
        follow, _created = GroupFollow.objects.get_or_create(group=group, member=member)
    return follow


def unfollow_group(*, member: Member, group: ThinkGroup) -> None:
    with transaction.atomic():
        GroupFollow.objects.filter(group=group, member=member).delete()


def _advance_read_state(member: Member, thread: Thread, number: int) -> None:
    updated = ReadState.objects.filter(
        thread=thread, member=member, last_read_number__lt=number
    ).update(last_read_number=number, updated_at=timezone.now())
    if not updated:
        ReadState.objects.bulk_create(
            [ReadState(thread=thread, member=member, last_read_number=number)],
            ignore_conflicts=True,
        )


def mark_read(*, member: Member, thread: Thread, number: int) -> None:
    """Remember that the member has read the thread up to post ``number`` (never back)."""
    if not is_member(member):
        return
    if not Thread.objects.readable_by(member).filter(pk=thread.pk).exists():
        raise PermissionDenied(_("You may not read this thread."))
    number = max(0, min(int(number), thread.last_number))
    # No transaction needed: the conditional UPDATE and the conflict-ignoring INSERT are
    # each atomic, and together they only ever move the read state forward.
    _advance_read_state(member, thread, number)


# --- personal access tokens for the API ----------------------------------------------------


def create_access_token(*, member: Member, name: str) -> tuple[AccessToken, str]:
    """A new API token; the secret is returned once and only its hash is stored."""
    from .tokens import hash_token, new_secret

    _check_active(member)
    name = clean_line(name)[:80]
    if not name:
        raise ActionError(_("Give the token a name, so you recognise it later."), "name")
    if AccessToken.objects.filter(member=member, revoked_at__isnull=True).count() >= 10:
        raise ActionError(_("You have 10 active tokens; revoke one first."), "too_many")
    secret = new_secret()
    with transaction.atomic():
        token = AccessToken.objects.create(
            member=member, name=name, prefix=secret[:12], key_hash=hash_token(secret)
        )
    return token, secret


def revoke_access_token(*, member: Member, token: AccessToken) -> None:
    if token.member_id != member.pk:
        raise Http404
    with transaction.atomic():
        AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


# --- think groups (the bureau) -------------------------------------------------------------


def save_group(*, by: Member, group: ThinkGroup) -> None:
    """Create or change a think group (the bureau's screen in the admin).

    A change of visibility takes effect everywhere at once: pages and search ask the
    permission QuerySets on every request, and every open socket reading the group
    re-checks its access (``events.group_access_changed``), so a group that became
    private stops reaching non-members' live subscriptions within moments. A new domain
    reaches the search index (its domain facet) through the outbox, thread by thread.
    """
    if not is_bureau(by):
        raise PermissionDenied(_("Only the bureau manages think groups."))
    with transaction.atomic():
        before = (
            ThinkGroup.objects.select_for_update()
            .filter(pk=group.pk)
            .values("visibility", "domain_id")
            .first()
            if group.pk
            else None
        )
        group.save()
        if before is None:
            return
        if before["visibility"] != group.visibility:
            events.group_access_changed(group.pk)
        if before["domain_id"] != group.domain_id:
            record_change("thread", group.threads.values_list("pk", flat=True))
