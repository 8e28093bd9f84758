"""Demo data for search: build the index after the demo content is loaded (with progress)."""

from __future__ import annotations

from .backends import get_backend
from .indexing import rebuild


def load(ctx) -> None:
    """Rebuild the index from the demo content; idempotent (a rebuild replaces entries)."""
    backend = get_backend()
    ctx.say(f"Zoekindex opbouwen ({backend.name})…")
    count = rebuild(backend, progress=ctx.progress)
    ctx.say(f"Zoekindex: {count} items.")
