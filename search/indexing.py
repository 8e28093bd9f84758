"""Index synchronisation: the outbox writer (called inside write transactions), the
worker that drains it with retries, the full rebuild and the drift check."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .backends.errors import SearchUnavailable
from .models import IndexAction, IndexKind, OutboxEntry

logger = logging.getLogger("samendenk.search")

BATCH_SIZE = 500
MAX_BACKOFF_SECONDS = 3600
KEEP_PROCESSED = datetime.timedelta(days=1)


def record_change(kind: IndexKind | str, object_ids: Iterable[int], *, delete: bool = False):
    """Queue index work for objects; call inside the transaction that changes them."""
    action = IndexAction.DELETE if delete else IndexAction.UPSERT
    OutboxEntry.objects.bulk_create(
        [OutboxEntry(kind=kind, object_id=pk, action=action) for pk in set(object_ids)]
    )


def backoff(attempts: int) -> datetime.timedelta:
    """Exponential backoff: 2, 4, 8 … seconds, at most an hour."""
    return datetime.timedelta(seconds=min(2**attempts, MAX_BACKOFF_SECONDS))


def apply_changes(backend, keys: Iterable[tuple[str, int]]) -> int:
    """Bring the index in line with the database for these objects (idempotent).

    Reads the current rows, so the action recorded does not matter: a deleted or missing
    object is removed, anything else is (re)written. A thread change (move, hide) also
    rewrites its posts, whose group and visibility flags it carries.
    """
    from groups.models import Post, Thread

    from .sources import article_items, post_items, thread_items

    by_kind: dict[str, set[int]] = {}
    for kind, pk in keys:
        by_kind.setdefault(str(kind), set()).add(int(pk))
    handled = 0
    if thread_ids := by_kind.get(IndexKind.THREAD):
        items = thread_items(Thread.objects.filter(pk__in=thread_ids))
        backend.index(items)
        backend.delete(IndexKind.THREAD, thread_ids - {i.object_id for i in items})
        post_ids = set(Post.objects.filter(thread_id__in=thread_ids).values_list("pk", flat=True))
        by_kind[IndexKind.POST] = by_kind.get(IndexKind.POST, set()) | post_ids
        handled += len(thread_ids)
    if post_ids := sorted(by_kind.get(IndexKind.POST, ())):
        for start in range(0, len(post_ids), BATCH_SIZE):
            chunk = post_ids[start : start + BATCH_SIZE]
            items, deleted = post_items(Post.objects.filter(pk__in=chunk))
            backend.index(items)
            found = {i.object_id for i in items}
            backend.delete(IndexKind.POST, [pk for pk in chunk if pk not in found])
        handled += len(post_ids)
    if article_ids := by_kind.get(IndexKind.ARTICLE):
        items, missing = article_items(article_ids)
        backend.index(items)
        backend.delete(IndexKind.ARTICLE, missing)
        handled += len(article_ids)
    return handled


def drain(backend=None, *, limit: int = BATCH_SIZE, now: datetime.datetime | None = None) -> int:
    """One round of the index worker: apply due outbox entries; on failure keep them with
    a later next_attempt_at (exponential backoff) and log the error with context."""
    from .backends import get_backend

    backend = backend or get_backend()
    now = now or timezone.now()
    entries = list(
        OutboxEntry.objects.filter(processed_at__isnull=True, next_attempt_at__lte=now).order_by(
            "id"
        )[:limit]
    )
    if not entries:
        prune(now)
        return 0
    ids = [e.pk for e in entries]
    try:
        apply_changes(backend, [(e.kind, e.object_id) for e in entries])
    except Exception as exc:
        attempts = max(e.attempts for e in entries) + 1
        if isinstance(exc, SearchUnavailable):
            # An outage, not a bug: one line, no traceback (the backend logged its start).
            logger.warning(
                "search index update postponed: %s (entries=%d, first id=%d, attempt=%d)",
                exc, len(entries), ids[0], attempts,
            )  # fmt: skip
        else:
            logger.exception(
                "search index update failed (backend=%s, entries=%d, first id=%d, attempt=%d)",
                getattr(backend, "name", backend),
                len(entries),
                ids[0],
                attempts,
            )
        OutboxEntry.objects.filter(pk__in=ids).update(
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=now + backoff(attempts),
        )
        return 0
    OutboxEntry.objects.filter(pk__in=ids).update(processed_at=now, last_error="")
    return len(entries)


def prune(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = OutboxEntry.objects.filter(processed_at__lt=now - KEEP_PROCESSED).delete()
    return deleted


def pending_count() -> int:
    return OutboxEntry.objects.filter(processed_at__isnull=True).count()


def retry_now(now: datetime.datetime | None = None) -> int:
    """Make every waiting entry due now: after a long search outage the backoff would
    otherwise keep some waiting up to an hour after the engine is back."""
    now = now or timezone.now()
    return OutboxEntry.objects.filter(processed_at__isnull=True, next_attempt_at__gt=now).update(
        next_attempt_at=now
    )


def rebuild(
    backend=None,
    *,
    batch_size: int = 2000,
    progress: Callable[[str, int], object] | None = None,
    on_batch: Callable[[], None] | None = None,
) -> int:
    """Rebuild the whole index; nothing written meanwhile is lost.

    The outbox's high-water mark is noted first; after the rebuilt index is live every
    entry recorded since (processed by the worker or not) is applied again, so a post
    written or hidden during the rebuild ends up right however the two interleaved.
    """
    from .backends import get_backend

    backend = backend or get_backend()
    mark = OutboxEntry.objects.aggregate(m=Max("id"))["m"] or 0
    backend.begin_rebuild()
    try:
        keep = _rebuild_all(backend, batch_size, progress, on_batch)
    except BaseException:
        backend.abort_rebuild()
        raise
    # Entries up to the mark were committed before the rebuild read the rows: covered.
    OutboxEntry.objects.filter(pk__lte=mark, processed_at__isnull=True).update(
        processed_at=timezone.now(), last_error=""
    )
    replay(backend, after_id=mark)
    return len(keep)


def _rebuild_all(backend, batch_size, progress, on_batch) -> set[tuple[str, int]]:
    from groups.models import Post, Thread

    from .sources import article_items, post_items, thread_items

    keep: set[tuple[str, int]] = set()

    threads = Thread.objects.order_by("pk")
    bar = progress("Discussies", threads.count()) if progress else None
    last = 0
    while True:
        items = thread_items(threads.filter(pk__gt=last)[:batch_size])
        if not items:
            break
        backend.index(items)
        keep.update((i.kind, i.object_id) for i in items)
        last = items[-1].object_id
        if bar:
            bar.advance(len(items))

    posts = Post.objects.order_by("pk")
    bar = progress("Berichten", posts.count()) if progress else None
    last = 0
    while True:
        pks = list(posts.filter(pk__gt=last).values_list("pk", flat=True)[:batch_size])
        if not pks:
            break
        items, _deleted = post_items(Post.objects.filter(pk__in=pks).order_by("pk"))
        backend.index(items)
        keep.update((i.kind, i.object_id) for i in items)
        last = pks[-1]
        if bar:
            bar.advance(len(pks))
        if on_batch:
            on_batch()

    items, _missing = article_items()
    backend.index(items)
    keep.update((i.kind, i.object_id) for i in items)
    if progress:
        progress("Nieuws", len(items)).advance(len(items))

    backend.finish_rebuild(keep=keep)
    return keep


def replay(backend, *, after_id: int) -> int:
    """Apply again every outbox entry recorded after `after_id`, then mark them done."""
    entries = list(
        OutboxEntry.objects.filter(pk__gt=after_id).values_list("pk", "kind", "object_id")
    )
    if not entries:
        return 0
    apply_changes(backend, [(kind, pk) for _id, kind, pk in entries])
    with transaction.atomic():
        OutboxEntry.objects.filter(
            pk__in=[e[0] for e in entries], processed_at__isnull=True
        ).update(processed_at=timezone.now(), last_error="")
    return len(entries)


def check(backend=None) -> dict[str, dict[str, list[int]]]:
    """Drift between the database and the index, per kind: missing and stale ids."""
    from groups.models import Post, Thread

    from .backends import get_backend
    from .sources import article_items

    backend = backend or get_backend()
    expected = {
        IndexKind.POST.value: set(
            Post.objects.filter(is_deleted=False).values_list("pk", flat=True)
        ),
        IndexKind.THREAD.value: set(Thread.objects.values_list("pk", flat=True)),
        IndexKind.ARTICLE.value: {i.object_id for i in article_items()[0]},
    }
    report = {}
    for kind, ids in expected.items():
        indexed = backend.indexed_keys(kind)
        report[kind] = {"missing": sorted(ids - indexed), "stale": sorted(indexed - ids)}
    return report
