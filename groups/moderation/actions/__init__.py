"""Moderation write functions: one per verb, used by the admin, the in-site queue and tests.

Each checks permission through the shared rules (the bureau everywhere, group moderators in
their own groups, members nothing), writes the audit log, notifies the affected author and
publishes live events and search outbox entries inside its transaction (sent on commit).
One module per family: ``posts`` (flags and post verbs), ``threads``, ``members``.
"""

from .common import REASON_MAX
from .members import SUSPENSION_MAX_DAYS, suspend_member, warn_member
from .posts import (
    dismiss_flags,
    flag_post,
    hide_post,
    redact_post,
    release_post,
    unhide_post,
)
from .threads import lock_thread, move_thread, pin_thread, unlock_thread, unpin_thread

__all__ = [
    "REASON_MAX",
    "SUSPENSION_MAX_DAYS",
    "dismiss_flags",
    "flag_post",
    "hide_post",
    "lock_thread",
    "move_thread",
    "pin_thread",
    "redact_post",
    "release_post",
    "suspend_member",
    "unhide_post",
    "unlock_thread",
    "unpin_thread",
    "warn_member",
]
