"""Index synchronisation: the outbox writer (called inside write transactions)."""

from __future__ import annotations

from collections.abc import Iterable

from .models import IndexAction, IndexKind, OutboxEntry


def record_change(kind: IndexKind | str, object_ids: Iterable[int], *, delete: bool = False):
    """Queue index work for objects; call inside the transaction that changes them."""
    action = IndexAction.DELETE if delete else IndexAction.UPSERT
    OutboxEntry.objects.bulk_create(
        [OutboxEntry(kind=kind, object_id=pk, action=action) for pk in set(object_ids)]
    )
