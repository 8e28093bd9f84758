"""Re-rendering stored post HTML through the current renderer (``manage.py rerender_posts``).

A post's HTML is rendered once, when it is written, and stored (``Post.body_html``, and
``PostRevision.body_html`` for earlier versions). When the renderer becomes stricter
(issue 12: no third-party images, no mentions in link titles or alt text, punycode for
mixed-script hosts) the rows written before keep their old HTML until they are rendered
again; this module does that, batch by batch, in constant memory.

It changes nothing but ``body_html``: no edit time, no edit count, no revision, no live
event, no notification. Search is not told: the index holds the Markdown (``Post.body``),
never the HTML. The thread-page fragment cache needs no flush either: its fingerprint
includes ``body_html`` (``groups.fragments``), so a changed post is a cache miss.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch

from ..markdown import render_with_mentions
from ..models import Post, PostMention, PostRevision

BATCH_SIZE = 500


@dataclass(frozen=True)
class Batch:
    """What one batch saw: posts looked at, and posts and revisions whose HTML changed."""

    seen: int
    posts_changed: int
    revisions_changed: int


def _changed_revisions(posts: list[Post], mentioned: dict[int, list]) -> list[PostRevision]:
    revisions = PostRevision.objects.filter(post_id__in=[p.pk for p in posts]).only(
        "pk", "post_id", "body", "body_html"
    )
    changed = []
    for revision in revisions:
        html = render_with_mentions(revision.body, mentioned[revision.post_id])
        if html != revision.body_html:
            revision.body_html = html
            changed.append(revision)
    return changed


def _rerender_batch(after: int, size: int, *, dry_run: bool) -> tuple[int, Batch]:
    """Re-render the posts with pk > ``after`` (``size`` of them); a fixed number of
    queries whatever the batch holds. Returns the last pk seen and the counts."""
    with transaction.atomic():
        rows = Post.objects.filter(pk__gt=after)
        if not dry_run:
            # Rows being edited right now wait for their writer, and the writer for us.
            rows = rows.select_for_update(of=("self",))
        posts = list(
            rows.order_by("pk")
            .only("pk", "body", "body_html")
            .prefetch_related(
                Prefetch(
                    "mentions",
                    queryset=PostMention.objects.select_related("member").only(
                        "pk", "post_id", "member__id", "member__display_name"
                    ),
                )
            )[:size]
        )
        if not posts:
            return after, Batch(0, 0, 0)
        # The members the write path resolved for each post, as it stored them: rows are
        # only ever added (an edit stores the newly mentioned), so they cover every earlier
        # version too; the same list ``redact_post`` renders with.
        mentioned = {p.pk: [m.member for m in p.mentions.all()] for p in posts}
        changed = []
        for post in posts:
            html = render_with_mentions(post.body, mentioned[post.pk])
            if html != post.body_html:
                post.body_html = html
                changed.append(post)
        revisions = _changed_revisions(posts, mentioned)
        if not dry_run:
            Post.objects.bulk_update(changed, ["body_html"], batch_size=size)
            PostRevision.objects.bulk_update(revisions, ["body_html"], batch_size=size)
    return posts[-1].pk, Batch(len(posts), len(changed), len(revisions))


def rerender_posts(*, batch_size: int = BATCH_SIZE, dry_run: bool = False) -> Iterator[Batch]:
    """Render every stored post (and its earlier versions) again with the current renderer,
    keeping the mentions the write path resolved; yields one ``Batch`` per batch. Each batch
    is its own transaction, so an interrupted run keeps what it did and a rerun resumes
    cheaply (unchanged rows are not written). ``dry_run`` counts without writing."""
    size = max(1, int(batch_size))
    after = 0
    while True:
        after, batch = _rerender_batch(after, size, dry_run=dry_run)
        if not batch.seen:
            return
        yield batch
