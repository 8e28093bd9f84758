"""What a member may find in the database backend: the rule of ``groups.visibility`` as a
filter on the search documents, evaluated at query time (``tests/groups/test_visibility.py``
holds it equal to the rule)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Q

from ..models import IndexKind
from ..sources import article_model


def permission_q(member, kinds: Sequence[str]) -> Q:
    """What the member may see among indexed documents, decided NOW by THE permission
    QuerySets: the thread must be readable (live: a moved thread, a group turned private
    or a hidden thread is excluded by construction), hidden/held posts only for
    moderators of the group, and any post with an index change still waiting in the
    outbox must pass `Post.objects.readable_by` as it is now (a post hidden or deleted a
    moment ago is excluded before the worker has run)."""
    from groups.models import Post, ThinkGroup, Thread
    from groups.querysets import post_content_q
    from groups.visibility import is_bureau, is_member

    from ..models import OutboxEntry

    allowed = Q(pk__in=[])
    discussion = [k for k in kinds if k in (IndexKind.POST, IndexKind.THREAD)]
    if discussion and is_member(member):
        # Per document, the thread as it is NOW (a move or hide not yet drained counts),
        # as correlated EXISTS on the thread's primary key with the viewer's groups
        # evaluated first: cheap per row, and estimated well enough that PostgreSQL walks
        # the newest-first index for common words instead of sorting every match.
        threads = Thread.objects.filter(pk=OuterRef("thread_id"))
        if is_bureau(member):
            readable_thread = moderated_thread = Exists(threads)
        else:
            readable = list(ThinkGroup.objects.readable_by(member).values_list("pk", flat=True))
            moderated = list(ThinkGroup.objects.moderated_by(member).values_list("pk", flat=True))
            readable_thread = Exists(threads.readable_in(readable, moderated))
            moderated_thread = Exists(threads.filter(group_id__in=moderated))
        # The document's is_hidden is the post's or its thread's (checked live above).
        visible = post_content_q(member, moderated_thread)
        pending = OutboxEntry.objects.filter(processed_at__isnull=True, kind=IndexKind.POST).values(
            "object_id"
        )
        still_readable = Post.objects.readable_by(member).filter(pk__in=pending).values("pk")
        blocked = Q(kind=IndexKind.POST, object_id__in=pending) & ~Q(object_id__in=still_readable)
        allowed |= Q(kind__in=discussion) & readable_thread & visible & ~blocked
    model = article_model()
    if IndexKind.ARTICLE in kinds and model is not None:
        allowed |= Q(
            kind=IndexKind.ARTICLE, object_id__in=model.objects.live().public().values("pk")
        )
    return allowed
