"""The AVG/GDPR export: everything the platform holds about a member, as one JSON document.

Every installed app may have a ``<app>/gdpr.py`` with ``export(member) -> dict`` and
``erase(member)``: ``collect(member)`` gathers the exports under the app's label, and
deleting an account (``community.actions.delete_account``) lets each app erase what is
its own first (found as the worker finds ``jobs.py``: ``core.discovery``). This module is
also community's own contribution: the profile, roles, e-mail addresses, notifications and
access tokens (names and dates, never secrets); its own rows go with the Member row.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from core.discovery import app_submodules


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(member) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    return {
        "profile": {
            "id": member.pk,
            "email": member.email,
            "display_name": member.display_name,
            "organisation": member.organisation,
            "job_title": member.job_title,
            "bio": member.bio,
            "domains": [d.name for d in member.domains.order_by("position", "name")],
            "email_mode": member.email_mode,
            "date_joined": _iso(member.date_joined),
            "last_login": _iso(member.last_login),
            "is_active": member.is_active,
            "suspended_until": _iso(member.suspended_until),
        },
        "roles": sorted(member.groups.values_list("name", flat=True)),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=member).order_by("email")
        ],
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "url": n.url,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
                "emailed_at": _iso(n.emailed_at),
            }
            for n in member.notifications.order_by("created_at", "id")
        ],
        # The token's hash and prefix are credentials: only names and dates leave.
        "access_tokens": [
            {
                "name": t.name,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in member.access_tokens.order_by("created_at", "id")
        ],
    }


def _functions(name: str) -> list[tuple[str, Any]]:
    return [
        (config.label, getattr(module, name))
        for config, module in app_submodules("gdpr")
        if callable(getattr(module, name, None))
    ]


def exporters() -> list[tuple[str, Any]]:
    """(app label, export function) for every installed app that has a gdpr module."""
    return _functions("export")


def erasers() -> list[tuple[str, Any]]:
    """(app label, erase function) of the apps that erase something of a member's own
    before the account goes (the rest goes with the Member row, or stays anonymous)."""
    return _functions("erase")


def collect(member) -> dict[str, Any]:
    """Everything about the member: one section per app, plus when it was made."""
    data: dict[str, Any] = {
        "format": "samendenk-gdpr-export/1",
        "generated_at": timezone.now().isoformat(),
        "member_id": member.pk,
    }
    for label, export_fn in exporters():
        data[label] = export_fn(member)
    return data
