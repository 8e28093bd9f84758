"""Helpers the knowledge write functions share: permission checks and the audit log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from groups.models import Thread
from groups.permissions import is_group_moderator
from groups.visibility import is_member

from ..models import KnowledgeLog


def check_moderates(member, thread: Thread) -> None:
    if not is_member(member) or not is_group_moderator(member, thread.group):
        raise PermissionDenied(_("Only a moderator of this group or the bureau can do that."))


def log(actor, thread_id: int, action: str, **detail) -> KnowledgeLog:
    return KnowledgeLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        thread_id=thread_id,
        action=action,
        detail=detail,
    )
