"""Chainable QuerySets that select what a viewer may see: the rule of ``groups.visibility``
as SQL, for pages, sockets, the API and search alike.

There are three levels of access to a think group: *listed* (``listed_for``: its
existence, name and description), *titles* (``titles_visible_to``: its thread titles;
members see those of closed groups too) and *readable* (``readable_by``: its threads and
posts). ``tests/groups/test_visibility.py`` holds every method here equal to the rule
over every state × role.
"""

from __future__ import annotations

from django.db import models
from django.db.models import BooleanField, CharField, Exists, IntegerField, OuterRef, Q, TextField
from django.db.models.expressions import RawSQL

from .visibility import can_read_thread, can_see_group, is_bureau, is_member

# Imported from here by code written before groups.visibility owned the rule.
__all__ = ["can_read_thread", "can_see_group", "is_bureau", "is_member"]


def _membership_exists(member, *, moderator: bool = False) -> Exists:
    from .models import GroupMembership, GroupRole

    memberships = GroupMembership.objects.filter(group=OuterRef("pk"), member=member)
    if moderator:
        memberships = memberships.filter(role=GroupRole.MODERATOR)
    return Exists(memberships)


def _public() -> Q:
    from .models import Visibility

    return Q(visibility__in=[Visibility.OPEN, Visibility.CLOSED])


class ThinkGroupQuerySet(models.QuerySet):
    def listed_for(self, member):
        """Groups whose existence the viewer may know about."""
        if is_bureau(member):
            return self.all()
        if not is_member(member):
            return self.filter(_public())
        return self.filter(_public() | _membership_exists(member))

    def titles_visible_to(self, member):
        """Groups whose thread titles the viewer may see (closed groups: every member)."""
        if not is_member(member) and not is_bureau(member):
            return self.none()
        # For a logged-in member, the titles level is the listed level.
        return self.listed_for(member)

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


def _unless_hidden(member, threads):
    """``threads`` without the hidden ones, except in groups the viewer moderates."""
    from .models import ThinkGroup

    if is_bureau(member):
        return threads
    moderated = ThinkGroup.objects.moderated_by(member).values("pk")
    return threads.filter(Q(is_hidden=False) | Q(group__in=moderated))


# The viewer's role names as one text (unit separator, chr(31), between the names; the
# roles are auth groups such as "Leden", "Redactie", "Bureau"), per database vendor.
ROLE_NAMES_AGGREGATE = {
    "postgresql": "string_agg(g.name, chr(31))",
    "sqlite": "group_concat(g.name, char(31))",
}


def _viewer_state(member, *, role_names: bool, bell: bool) -> dict:
    """Annotations of a thread with the viewer's relation to it: follow, read state, role
    in the group and, when asked, their platform role names (``role_names``) and the
    unread-notification count for the bell (``bell``). Plain correlated subqueries on
    indexed keys, written as SQL because the page runs them on every view and building
    them as ORM subqueries cost more than running them. Only table names (from the models)
    go into the text; values are parameters."""
    from django.contrib.auth.models import Group
    from django.db import connection

    from community.models import Member, Notification

    from .models import GroupMembership, ReadState, Thread, ThreadFollow

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    thread, follows, reads = table(Thread), table(ThreadFollow), table(ReadState)
    memberships, roles, role = table(GroupMembership), table(Member.groups.through), table(Group)
    parts = {
        "is_following": (
            f"EXISTS (SELECT 1 FROM {follows} WHERE thread_id = {thread}.id"  # noqa: S608
            " AND member_id = %s)",
            [member.pk],
            BooleanField(),
        ),
        "last_read": (
            f"(SELECT last_read_number FROM {reads} WHERE thread_id = {thread}.id"  # noqa: S608
            " AND member_id = %s LIMIT 1)",
            [member.pk],
            IntegerField(),
        ),
        "my_role": (
            f"(SELECT role FROM {memberships} WHERE group_id = {thread}.group_id"  # noqa: S608
            " AND member_id = %s LIMIT 1)",
            [member.pk],
            CharField(),
        ),
    }
    names = ROLE_NAMES_AGGREGATE.get(connection.vendor)
    if names and role_names:
        # The viewer's platform roles (Member.role_names), once per request, here.
        parts["viewer_role_names"] = (
            f"(SELECT {names} FROM {roles} mg INNER JOIN {role} g"  # noqa: S608
            " ON g.id = mg.group_id WHERE mg.member_id = %s)",
            [member.pk],
            TextField(),
        )
    if bell:
        notifications = table(Notification)
        parts["viewer_unread_notifications"] = (
            f"(SELECT COUNT(*) FROM {notifications} WHERE recipient_id = %s"  # noqa: S608
            " AND read_at IS NULL)",
            [member.pk],
            IntegerField(),
        )
    return {
        name: RawSQL(sql, params, output_field=field)  # noqa: S611 - our SQL; values in params
        for name, (sql, params, field) in parts.items()
    }


class ThreadQuerySet(models.QuerySet):
    def with_viewer_state(self, member, *, role_names: bool = False, bell: bool = False):
        """Threads annotated with the viewer's relation to each (``is_following``,
        ``last_read``, ``my_role``; with ``role_names`` ``viewer_role_names``, with
        ``bell`` ``viewer_unread_notifications``): the thread page's one query."""
        return self.annotate(**_viewer_state(member, role_names=role_names, bell=bell))

    def _in_groups(self, groups):
        return self.filter(group__in=groups.values("pk"))

    def readable_by(self, member):
        """Threads the viewer may open; hidden threads only for moderators of the group."""
        from .models import ThinkGroup

        return _unless_hidden(member, self._in_groups(ThinkGroup.objects.readable_by(member)))

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

        return _unless_hidden(member, self._in_groups(ThinkGroup.objects.titles_visible_to(member)))


def post_content_q(member, moderated: Q, *, author: str = "author_id") -> Q:
    """Among posts of threads the viewer may read, those whose content they may read
    (``visibility.reads_post``): every non-deleted one where ``moderated`` holds (groups
    they moderate), elsewhere neither hidden nor held, except their own held posts. The
    search filter builds its condition with this too, on its own columns."""
    visible = Q(is_hidden=False, is_held=False) | moderated
    if is_member(member):
        # Authors see their own held posts (with a "waiting for review" notice).
        visible |= Q(is_hidden=False, is_held=True, **{author: member.pk})
    return visible


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
        moderated = Q(thread__group__in=ThinkGroup.objects.moderated_by(member).values("pk"))
        return posts.filter(post_content_q(member, moderated))


class PostRevisionQuerySet(models.QuerySet):
    def readable_by(self, member):
        """Earlier versions of posts the viewer may read; those a moderator hid (they
        contain a redacted passage) only for moderators of the group."""
        from .models import Post, ThinkGroup

        revisions = self.filter(post__in=Post.objects.readable_by(member).values("pk"))
        if is_bureau(member):
            return revisions
        moderated = ThinkGroup.objects.moderated_by(member).values("pk")
        return revisions.filter(Q(is_hidden=False) | Q(post__thread__group__in=moderated))


def readers_of_thread(thread):
    """Members who may read ``thread``: the member-side mirror of ``Thread.readable_by``,
    used to address notifications and to limit mention autocomplete."""
    from community.models import Role

    from .models import Visibility

    bureau = Q(is_superuser=True) | Q(groups__name=Role.BUREAU.value)
    in_group = Q(group_memberships__group_id=thread.group_id)
    if thread.is_hidden:
        allowed = bureau | _moderator_of(thread.group_id)
    elif thread.group.visibility == Visibility.OPEN:
        allowed = Q()
    else:
        allowed = bureau | in_group
    return _members_where(allowed)


def readers_of_post(post):
    """Members who may read ``post`` (with its thread and group loaded): the member-side
    mirror of ``Post.readable_by``. Notifications about a post go to these only, so a
    post held for review or hidden announces itself to nobody who cannot read it."""
    from django.contrib.auth import get_user_model

    from community.models import Role

    readers = readers_of_thread(post.thread)
    if post.is_deleted:
        return readers.none()
    if not post.is_hidden and not post.is_held:
        return readers
    allowed = Q(is_superuser=True) | Q(groups__name=Role.BUREAU.value)
    allowed |= _moderator_of(post.thread.group_id)
    if not post.is_hidden and post.author_id is not None:
        allowed |= Q(pk=post.author_id)
    return readers.filter(pk__in=get_user_model().objects.filter(allowed).values("pk"))


def _moderator_of(group_id) -> Q:
    from .models import GroupRole

    return Q(group_memberships__group_id=group_id, group_memberships__role=GroupRole.MODERATOR)


def _members_where(allowed: Q):
    from django.contrib.auth import get_user_model

    members = get_user_model().objects.filter(is_active=True)
    if allowed:
        # Filtering through multi-valued relations can repeat rows; pk__in keeps them once.
        members = members.filter(pk__in=get_user_model().objects.filter(allowed).values("pk"))
    return members
