"""Write functions of the think groups themselves (the bureau's screen in the admin)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from community.models import Member
from core.changes import record_change

from .. import events
from ..models import (
    ThinkGroup,
)
from ..visibility import is_bureau


def save_group(*, by: Member, group: ThinkGroup) -> None:
    """Create or change a think group (the bureau's screen in the admin).

    A change of visibility takes effect everywhere at once: pages and search ask the
    permission QuerySets on every request, and every open socket reading the group
    re-checks its access (``events.group_access_changed``), so a group that became
    private stops reaching non-members' live subscriptions within moments. A new domain
    reaches the search index (its domain facet) through the outbox, thread by thread.
    """
    if not is_bureau(by):
        raise PermissionDenied(_("Only the bureau manages think groups."))
    with transaction.atomic():
        before = (
            ThinkGroup.objects.select_for_update()
            .filter(pk=group.pk)
            .values("visibility", "domain_id")
            .first()
            if group.pk
            else None
        )
        group.save()
        if before is None:
            return
        if before["visibility"] != group.visibility:
            events.group_access_changed(group.pk)
        if before["domain_id"] != group.domain_id:
            record_change("thread", group.threads.values_list("pk", flat=True))
