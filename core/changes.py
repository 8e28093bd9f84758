"""Content changes that other parts keep a copy of: write functions report them here inside
their transaction, and whoever keeps a copy listens (the search outbox, ``search.apps``).

So the forum's write path does not import search: the arrow runs from search (which
reads the forum) down, never back up. A receiver runs inside the writer's transaction
and fails it if it fails, so a change is never stored without its notice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

# Sent with kind ("post", "thread", "article"), ids (a list) and delete (bool).
content_changed = Signal()


def record_change(kind: str, object_ids: Iterable[int], *, delete: bool = False) -> None:
    """Report that objects of ``kind`` changed (or are gone, ``delete``); call inside the
    transaction that changes them."""
    ids = list(object_ids)
    if ids:
        content_changed.send(sender=None, kind=str(kind), ids=ids, delete=delete)
