"""The moderation part of a member's GDPR export: reports they made, warnings and suspensions
they received. Who reported them and the bureau's notes on others are not theirs to see."""

from __future__ import annotations

from typing import Any

from .models import ActionKind, Flag, GroupSuspension, ModerationAction


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(member) -> dict[str, Any]:
    return {
        "flags_made": [
            {
                "post_id": flag.post_id,
                "reason": flag.reason,
                "text": flag.text,
                "created_at": _iso(flag.created_at),
                "resolved_at": _iso(flag.resolved_at),
                "outcome": flag.resolution,
            }
            for flag in Flag.objects.filter(reporter=member).order_by("created_at", "id")
        ],
        "warnings_received": [
            {
                "reason": action.reason,
                "created_at": _iso(action.created_at),
                "group": action.group.name if action.group else None,
                "post_id": action.post_id,
            }
            for action in ModerationAction.objects.filter(member=member, kind=ActionKind.WARN)
            .select_related("group")
            .order_by("created_at", "id")
        ],
        "suspensions_received": [
            {
                "group": suspension.group.name if suspension.group else None,
                "until": _iso(suspension.until),
                "reason": suspension.reason,
                "created_at": _iso(suspension.created_at),
            }
            for suspension in GroupSuspension.objects.filter(member=member)
            .select_related("group")
            .order_by("created_at", "id")
        ],
        "moderation_of_own_posts": [
            {
                "action": action.kind,
                "reason": action.reason,
                "created_at": _iso(action.created_at),
                "post_id": action.post_id,
                "thread_id": action.thread_id,
            }
            for action in ModerationAction.objects.filter(member=member)
            .exclude(kind__in=[ActionKind.WARN, ActionKind.SUSPEND])
            .order_by("created_at", "id")
        ],
    }
