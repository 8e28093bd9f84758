"""What search needs of signals: the ``signaal:thema-slug`` filter and the themes facet."""

from __future__ import annotations

from .models import Signal, SignalStatus, Theme


def theme_for_slug(slug: str) -> Theme | None:
    from .actions import current_theme

    theme = Theme.objects.filter(slug=slug.strip().lower()).select_related("merged_into").first()
    return current_theme(theme) if theme is not None else None


def _signals():
    return Signal.objects.exclude(status=SignalStatus.REJECTED)


def signal_post_ids(theme_id: int):
    """Ids of posts that are a (not rejected) signal in the theme, as a subquery."""
    return _signals().filter(theme_id=theme_id).values("post_id")


def post_ids_per_theme() -> dict[int, list[int]]:
    per_theme: dict[int, list[int]] = {}
    for theme_id, post_id in _signals().values_list("theme_id", "post_id"):
        per_theme.setdefault(theme_id, []).append(post_id)
    return per_theme


def theme_labels(counts: dict[int, int]) -> dict[int, str]:
    return dict(Theme.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
