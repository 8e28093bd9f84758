"""Permission checks of moderation that the shared groups.permissions calls."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def check_not_suspended_in_group(member, group) -> None:
    """A group suspension keeps a member from writing in that group until it ends."""
    from .models import GroupSuspension

    if GroupSuspension.objects.active().filter(member=member, group=group).exists():
        raise PermissionDenied(
            _("You are suspended in this group; you cannot post here at the moment.")
        )
