"""The privacy guard's policy: whether a post the scanner (``core.privacy``) found personal
data in, and whose author confirmed it, is published or held for review."""

from __future__ import annotations

from django.conf import settings


class GuardMode:
    CONFIRM = "confirm"  # the author may confirm and post; the post carries a flag
    HOLD = "hold"  # a confirmed post is held back until the bureau reviews it


def guard_mode() -> str:
    """The bureau's choice in the admin settings; the Django setting is the default."""
    from .models import ModerationSettings

    mode = ModerationSettings.current().privacy_guard_mode
    return mode or getattr(settings, "PRIVACY_GUARD_MODE", GuardMode.CONFIRM)


def should_hold(findings: list[dict]) -> bool:
    """Whether a confirmed post with these findings waits for review."""
    return bool(findings) and guard_mode() == GuardMode.HOLD
