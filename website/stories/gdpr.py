"""The member's practice stories in their data export, and what happens to them when the
account goes (``actions.erase_for_member``)."""

from __future__ import annotations

from .models import Story


def export(member) -> list[dict]:
    return [
        {
            "title": s.title,
            "situation": s.situation,
            "action": s.action,
            "obstacles": s.obstacles,
            "helps": s.helps,
            "status": s.status,
            "audience": s.audience,
            "show_name": s.show_name,
            "byline": s.byline,
            "consent_at": s.consent_at.isoformat() if s.consent_at else None,
            "withdrawn_at": s.withdrawn_at.isoformat() if s.withdrawn_at else None,
            "created_at": s.created_at.isoformat(),
        }
        for s in Story.objects.filter(author=member).order_by("pk")
    ]


def erase(member) -> None:
    from .actions import erase_for_member

    erase_for_member(member)
