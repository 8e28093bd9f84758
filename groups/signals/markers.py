"""The signal marker a post shows: its theme and how many members marked it (annotations)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from .models import Signal, SignalStatus

# Annotation names the post partial reads (and the post list's fingerprint includes).
FIELDS = ("signal_theme", "signal_marks")


def with_markers(posts):
    """``posts`` annotated with the theme name and mark count of their signal (rejected
    signals show no marker); two subqueries in the same query, none per post."""
    signals = Signal.objects.filter(post=OuterRef("pk")).exclude(status=SignalStatus.REJECTED)
    return posts.annotate(
        signal_theme=Subquery(signals.values("theme__name")[:1]),
        signal_marks=Subquery(signals.values("mark_count")[:1]),
    )
