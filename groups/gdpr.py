"""What the think groups hold about a member: their GDPR export, and what goes when their
account is deleted (both found by community.gdpr)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Case, Count, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Replace, Substr
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.changes import record_change

from .models import (
    GroupFollow,
    GroupMembership,
    Invitation,
    JoinRequest,
    Post,
    PostRevision,
    ReadState,
    ThinkGroup,
    Thread,
)


def _iso(value):
    return value.isoformat() if value else None


def export(member) -> dict:
    """Memberships, requests, threads, posts (with earlier versions), follows and read state."""
    posts = (
        Post.objects.filter(author=member)
        .select_related("thread")
        # Earlier versions a moderator hid hold a passage redacted out of the post (often
        # a client's personal data): the rights of others keep it out of the export.
        .prefetch_related(
            Prefetch("revisions", queryset=PostRevision.objects.filter(is_hidden=False))
        )
        .order_by("created_at", "pk")
    )
    return {
        "memberships": [
            {"group": m.group.name, "role": m.role, "joined_at": _iso(m.joined_at)}
            for m in GroupMembership.objects.filter(member=member).select_related("group")
        ],
        "join_requests": [
            {
                "group": r.group.name,
                "message": r.message,
                "status": r.status,
                "created_at": _iso(r.created_at),
            }
            for r in JoinRequest.objects.filter(member=member).select_related("group")
        ],
        "invitations": [
            {"group": i.group.name, "status": i.status, "created_at": _iso(i.created_at)}
            for i in Invitation.objects.filter(member=member).select_related("group")
        ],
        "threads": [
            {"id": t.pk, "group": t.group.name, "title": t.title, "created_at": _iso(t.created_at)}
            for t in Thread.objects.filter(author=member).select_related("group")
        ],
        "posts": [
            {
                "id": p.pk,
                "thread": p.thread.title,
                "number": p.number,
                "text": p.body,
                "created_at": _iso(p.created_at),
                "edited_at": _iso(p.edited_at),
                "deleted": p.is_deleted,
                "earlier_versions": [
                    {"text": r.body, "replaced_at": _iso(r.created_at)} for r in p.revisions.all()
                ],
            }
            for p in posts
        ],
        "followed_threads": [
            {"thread": f.thread.title, "since": _iso(f.created_at)}
            for f in member.thread_follows.select_related("thread")
        ],
        "followed_groups": [
            {"group": f.group.name, "since": _iso(f.created_at)}
            for f in GroupFollow.objects.filter(member=member).select_related("group")
        ],
        "read_state": [
            {"thread": r.thread.title, "read_up_to": r.last_read_number}
            for r in ReadState.objects.filter(member=member).select_related("thread")
        ],
    }


def erase(member) -> None:
    """Before the member's account goes (in its transaction): leave every group, with the
    groups' member counts recounted, and queue their posts and threads for re-indexing.
    Posts and threads stay, without author ("voormalig lid"); the rest of their rows here
    (follows, read state, requests) go with the Member row."""
    group_ids = list(
        GroupMembership.objects.filter(member=member).values_list("group_id", flat=True)
    )
    GroupMembership.objects.filter(member=member).delete()
    if group_ids:
        counts = (
            GroupMembership.objects.filter(group=OuterRef("pk"))
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        ThinkGroup.objects.filter(pk__in=group_ids).update(
            member_count=Coalesce(Subquery(counts), 0)
        )
    record_change("post", Post.objects.filter(author=member).values_list("pk", flat=True))
    record_change("thread", Thread.objects.filter(author=member).values_list("pk", flat=True))
    _unname_in_notifications(member)


def _unname_in_notifications(member) -> None:
    """Other members' notifications about what this member did keep their text (and are
    e-mailed from it later) but no longer name them: "een voormalig lid" instead."""
    from community.models import Notification

    name = member.display_name
    if not name:
        return
    with translation.override(settings.LANGUAGE_CODE):
        former = _("a former member")
    Notification.objects.filter(actor=member).update(
        text=Case(
            When(
                text__startswith=name,
                then=Concat(
                    Value(capfirst(former)),
                    Replace(Substr("text", len(name) + 1), Value(name), Value(former)),
                ),
            ),
            default=Replace("text", Value(name), Value(former)),
        )
    )
