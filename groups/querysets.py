"""Chainable QuerySets that decide who may see what; pages, sockets, API and search use them.

There are three levels of access to a think group:
- *listed*: the group's existence, name and description (``ThinkGroup.objects.listed_for``);
- *titles*: its thread titles (members see those of closed groups too);
- *readable*: its threads and posts.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q


def is_bureau(member) -> bool:
    return bool(getattr(member, "is_authenticated", False) and getattr(member, "is_bureau", False))


def is_member(member) -> bool:
    return bool(getattr(member, "is_authenticated", False) and member.is_active)


def _membership_exists(member, *, moderator: bool = False) -> Exists:
    from .models import GroupMembership, GroupRole

    memberships = GroupMembership.objects.filter(group=OuterRef("pk"), member=member)
    if moderator:
        memberships = memberships.filter(role=GroupRole.MODERATOR)
    return Exists(memberships)


class ThinkGroupQuerySet(models.QuerySet):
    def listed_for(self, member):
        """Groups whose existence the viewer may know about."""
        from .models import Visibility

        if is_bureau(member):
            return self.all()
        public = Q(visibility__in=[Visibility.OPEN, Visibility.CLOSED])
        if not is_member(member):
            return self.filter(public)
        return self.filter(public | _membership_exists(member))

    def titles_visible_to(self, member):
        """Groups whose thread titles the viewer may see (closed groups: every member)."""
        from .models import Visibility

        if is_bureau(member):
            return self.all()
        if not is_member(member):
            return self.none()
        public = Q(visibility__in=[Visibility.OPEN, Visibility.CLOSED])
        return self.filter(public | _membership_exists(member))

    def readable_by(self, member):
        """Groups whose threads and posts the viewer may read."""
        from .models import Visibility

        if is_bureau(member):
            return self.all()
        if not is_member(member):
            return self.none()
        return self.filter(Q(visibility=Visibility.OPEN) | _membership_exists(member))

    def moderated_by(self, member):
        """Groups the viewer moderates (the bureau moderates every group)."""
        if is_bureau(member):
            return self.all()
        if not is_member(member):
            return self.none()
        return self.filter(_membership_exists(member, moderator=True))


class ThreadQuerySet(models.QuerySet):
    def _in_groups(self, groups):
        return self.filter(group__in=groups.values("pk"))

    def readable_by(self, member):
        """Threads the viewer may open; hidden threads only for moderators of the group."""
        from .models import ThinkGroup

        readable = self._in_groups(ThinkGroup.objects.readable_by(member))
        if is_bureau(member):
            return readable
        moderated = ThinkGroup.objects.moderated_by(member).values("pk")
        return readable.filter(Q(is_hidden=False) | Q(group__in=moderated))

    def readable_in(self, readable_group_ids, moderated_group_ids):
        """The ``readable_by`` rule over groups evaluated beforehand: threads of the
        groups ``ThinkGroup.objects.readable_by`` gave, hidden ones only in the groups
        ``moderated_by`` gave. Inside a large query (search over a million posts) lists
        are what the planner can estimate; a nested membership subquery makes PostgreSQL
        guess a tenth of the real rows."""
        return self.filter(group_id__in=readable_group_ids).filter(
            Q(is_hidden=False) | Q(group_id__in=moderated_group_ids)
        )

    def titles_visible_to(self, member):
        from .models import ThinkGroup

        titles = self._in_groups(ThinkGroup.objects.titles_visible_to(member))
        if is_bureau(member):
            return titles
        moderated = ThinkGroup.objects.moderated_by(member).values("pk")
        return titles.filter(Q(is_hidden=False) | Q(group__in=moderated))


class PostQuerySet(models.QuerySet):
    def readable_by(self, member):
        """Posts whose content the viewer may read: never deleted ones; hidden and held
        ones only for moderators of the group (the bureau sees all of them)."""
        from .models import ThinkGroup, Thread

        posts = self.filter(thread__in=Thread.objects.readable_by(member).values("pk")).filter(
            is_deleted=False
        )
        if is_bureau(member):
            return posts
        moderated = ThinkGroup.objects.moderated_by(member).values("pk")
        visible = Q(is_hidden=False, is_held=False) | Q(thread__group__in=moderated)
        if is_member(member):
            # Authors see their own held posts (with a "waiting for review" notice).
            visible |= Q(is_hidden=False, is_held=True, author=member)
        return posts.filter(visible)


def can_see_group(member, group, *, role) -> bool:
    """Whether ``member`` may know that ``group`` exists: the Python mirror of
    ``ThinkGroup.objects.listed_for`` for one group, ``role`` being the viewer's
    ``GroupMembership.role`` in it (``None`` for no membership). A test asserts the two
    agree."""
    from .models import Visibility

    if is_bureau(member) or group.visibility in (Visibility.OPEN, Visibility.CLOSED):
        return True
    return is_member(member) and role is not None


def can_read_thread(member, thread, *, role, bureau=None) -> bool:
    """Whether ``member`` may open ``thread``: the Python mirror of
    ``Thread.objects.readable_by`` for one thread already loaded (with its group), so a
    page can fetch the thread and the viewer's relation to it in one plain query and
    decide here. ``role`` is the viewer's ``GroupMembership.role`` in the thread's group
    (``None`` for no membership); ``bureau`` may pass ``is_bureau(member)`` when it is
    already known. Keep the two in step: a test asserts they agree."""
    from .models import GroupRole, Visibility

    if bureau is None:
        bureau = is_bureau(member)
    if bureau:
        return True
    if not is_member(member):
        return False
    group_readable = thread.group.visibility == Visibility.OPEN or role is not None
    return group_readable and (not thread.is_hidden or role == GroupRole.MODERATOR)


def readers_of_thread(thread):
    """Members who may read ``thread``: the member-side mirror of ``Thread.readable_by``,
    used to address notifications and to limit mention autocomplete. Keep the two in step."""
    from django.contrib.auth import get_user_model

    from community.models import Role

    from .models import GroupRole, Visibility

    bureau = Q(is_superuser=True) | Q(groups__name=Role.BUREAU.value)
    in_group = Q(group_memberships__group_id=thread.group_id)
    moderator = Q(
        group_memberships__group_id=thread.group_id,
        group_memberships__role=GroupRole.MODERATOR,
    )
    if thread.is_hidden:
        allowed = bureau | moderator
    elif thread.group.visibility == Visibility.OPEN:
        allowed = Q()
    else:
        allowed = bureau | in_group
    members = get_user_model().objects.filter(is_active=True)
    if allowed:
        # Filtering through multi-valued relations can repeat rows; pk__in keeps them once.
        members = members.filter(pk__in=get_user_model().objects.filter(allowed).values("pk"))
    return members
