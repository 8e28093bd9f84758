"""The one rule of who may see what in the think groups: viewer roles, group levels, thread
and post states.

Everything here is pure: it decides for ONE group, thread, post or earlier version from
its states and the viewer's role, without a query. Every copy of the rule that exists for
speed is built from these pieces or held equal to them by a test that walks every state ×
role (``tests/groups/test_visibility.py``):

- the chainable QuerySets (``groups/querysets.py``: ``listed_for``, ``titles_visible_to``,
  ``readable_by``, ``moderated_by``; ``readers_of_thread``/``readers_of_post``);
- the Python mirrors for one loaded object (``can_see_group``, ``can_read_thread``);
- the search filters (``search/backends/permissions.py``: database and Elasticsearch);
- the live socket's per-viewer ``Audience`` below (no query per pushed event).

Levels of a think group, from the outside in: *listed* (its existence, name and
description), *titles* (its thread titles: members see those of closed groups too),
*reads* (its threads and posts) and *moderates*.

Post states: a post is *visible*, *hidden* by a moderator (or by reports), *held* for
review by the client-privacy guard, *deleted* (soft: a placeholder keeps its place), or
*redacted* (visible, with a passage removed; the earlier versions that contain it are
hidden). Deleted posts are read by nobody; hidden and held ones by the group's
moderators and the bureau, held ones also by their author (with a "waiting for review"
notice). A hidden thread is read only by moderators of its group and the bureau.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

OPEN, CLOSED, PRIVATE = "open", "closed", "private"  # groups.models.Visibility values
MODERATOR_ROLE = "moderator"  # groups.models.GroupRole.MODERATOR


class Role(StrEnum):
    """The viewer's relation to one group."""

    ANONYMOUS = "anonymous"  # not logged in, or a deactivated account
    OUTSIDER = "outsider"  # a member without membership of the group
    MEMBER = "member"
    MODERATOR = "moderator"  # a moderator of this group
    BUREAU = "bureau"  # the association's office: every group


class PostState(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    HELD = "held"
    DELETED = "deleted"
    REDACTED = "redacted"


class Delivery(StrEnum):
    """What a live socket sends a reader for a post event."""

    NOTHING = "nothing"
    POST = "post"  # the viewer-neutral partial (placeholders for what it may not show)
    REMOVED = "removed"  # ``post_removed``: take the post out of the view


# --- the viewer -------------------------------------------------------------------------


def is_member(member) -> bool:
    """Logged in with an active account: may read anything at all."""
    return bool(getattr(member, "is_authenticated", False) and member.is_active)


def is_bureau(member) -> bool:
    return bool(getattr(member, "is_authenticated", False) and getattr(member, "is_bureau", False))


def role_of(member, group_role: str | None, *, bureau: bool | None = None) -> Role:
    """The viewer's role in a group, from their membership role there (``None``: none).
    ``bureau`` may pass ``is_bureau(member)`` when it is already known."""
    if bureau is None:
        bureau = is_bureau(member)
    if bureau:
        return Role.BUREAU
    if not is_member(member):
        return Role.ANONYMOUS
    if group_role is None:
        return Role.OUTSIDER
    return Role.MODERATOR if group_role == MODERATOR_ROLE else Role.MEMBER


# --- groups --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupAccess:
    """What one viewer may do with one group."""

    listed: bool = False
    titles: bool = False
    reads: bool = False
    moderates: bool = False


NO_ACCESS = GroupAccess()


def group_access(role: Role, visibility: str) -> GroupAccess:
    if role == Role.BUREAU:
        return GroupAccess(True, True, True, True)
    belongs = role in (Role.MEMBER, Role.MODERATOR)
    public = visibility in (OPEN, CLOSED)
    if role == Role.ANONYMOUS:
        # Open and closed groups show their public face to everyone; nothing more.
        return GroupAccess(listed=public)
    return GroupAccess(
        listed=public or belongs,
        titles=public or belongs,
        reads=visibility == OPEN or belongs,
        moderates=role == Role.MODERATOR,
    )


# --- threads, posts and earlier versions -------------------------------------------------------


def post_state(*, is_deleted: bool, is_hidden: bool, is_held: bool, redacted: bool = False):
    """The state of a post from its flags; the stronger state wins (deleted, hidden, held)."""
    if is_deleted:
        return PostState.DELETED
    if is_hidden:
        return PostState.HIDDEN
    if is_held:
        return PostState.HELD
    return PostState.REDACTED if redacted else PostState.VISIBLE


def reads_thread(access: GroupAccess, *, thread_hidden: bool) -> bool:
    return access.reads and (not thread_hidden or access.moderates)


def sees_thread_title(access: GroupAccess, *, thread_hidden: bool) -> bool:
    return access.titles and (not thread_hidden or access.moderates)


def reads_post(access: GroupAccess, *, thread_hidden: bool, state: PostState, own: bool) -> bool:
    """Whether the viewer may read the post's content (``own``: they wrote it)."""
    if state == PostState.DELETED or not reads_thread(access, thread_hidden=thread_hidden):
        return False
    if access.moderates:
        return True
    if state == PostState.HIDDEN:
        return False
    if state == PostState.HELD:
        return own
    return True


def reads_revision(
    access: GroupAccess,
    *,
    thread_hidden: bool,
    state: PostState,
    own: bool,
    revision_hidden: bool,
) -> bool:
    """An earlier version of a post: read with the post, except those a moderator hid
    (a redacted passage), which only moderators read."""
    readable = reads_post(access, thread_hidden=thread_hidden, state=state, own=own)
    return readable and (not revision_hidden or access.moderates)


def shows_text(state: PostState) -> bool:
    """Whether the viewer-neutral post partial shows the text (otherwise a placeholder):
    it is the same HTML for every reader, so only posts everyone may read show it."""
    return state in (PostState.VISIBLE, PostState.REDACTED)


def live_delivery(
    access: GroupAccess, *, thread_hidden: bool, state: PostState, own: bool, created: bool
) -> Delivery:
    """What a socket reading the thread gets for a post event."""
    if not reads_thread(access, thread_hidden=thread_hidden):
        return Delivery.NOTHING
    if state == PostState.DELETED or reads_post(
        access, thread_hidden=thread_hidden, state=state, own=own
    ):
        # A deleted post's partial is its placeholder, as on the page.
        return Delivery.POST
    if created and state == PostState.HELD:
        return Delivery.NOTHING  # never announce a post held for review
    return Delivery.REMOVED


# --- Python mirrors for one loaded object ---------------------------------------------------


def can_see_group(member, group, *, role) -> bool:
    """Whether ``member`` may know that ``group`` exists; ``role`` is their membership role
    in it (``None`` for none). The mirror of ``ThinkGroup.objects.listed_for``."""
    return group_access(role_of(member, role), group.visibility).listed


def can_read_thread(member, thread, *, role, bureau=None) -> bool:
    """Whether ``member`` may open ``thread`` (loaded with its group); ``role`` is their
    membership role in its group. The mirror of ``Thread.objects.readable_by``, so a page
    can fetch the thread and the viewer's relation to it in one plain query."""
    access = group_access(role_of(member, role, bureau=bureau), thread.group.visibility)
    return reads_thread(access, thread_hidden=thread.is_hidden)


def can_read_post(member, post, *, role, bureau=None) -> bool:
    """Whether ``member`` may read ``post`` (loaded with its thread and group)."""
    thread = post.thread
    access = group_access(role_of(member, role, bureau=bureau), thread.group.visibility)
    return reads_post(
        access,
        thread_hidden=thread.is_hidden,
        state=post_state(
            is_deleted=post.is_deleted, is_hidden=post.is_hidden, is_held=post.is_held
        ),
        own=post.author_id is not None and post.author_id == getattr(member, "pk", None),
    )


# --- the live socket's view of one viewer -----------------------------------------------------


@dataclass
class Audience:
    """What one socket's viewer may see, as group ids loaded once (by
    ``groups.live.database.load_access``, from the querysets) and reloaded when their access
    changes: deciding per pushed event then costs no query."""

    member_id: int | None = None
    bureau: bool = False
    readable: set[int] = field(default_factory=set)
    titles: set[int] = field(default_factory=set)
    moderated: set[int] = field(default_factory=set)

    @property
    def authenticated(self) -> bool:
        return self.member_id is not None

    def access(self, group_id: int | None) -> GroupAccess:
        if self.bureau:
            return group_access(Role.BUREAU, PRIVATE)
        if not self.authenticated:
            return NO_ACCESS
        titles = group_id in self.titles
        return GroupAccess(
            listed=titles,
            titles=titles,
            reads=group_id in self.readable,
            moderates=group_id in self.moderated,
        )

    def can_read(self, group_id: int, *, thread_hidden: bool = False) -> bool:
        return reads_thread(self.access(group_id), thread_hidden=thread_hidden)

    def can_see_titles(self, group_id: int) -> bool:
        return self.access(group_id).titles

    def moderates(self, group_id: int) -> bool:
        return self.access(group_id).moderates

    def sees_thread_row(self, group_id: int, *, thread_hidden: bool) -> bool:
        return sees_thread_title(self.access(group_id), thread_hidden=thread_hidden)

    def post_delivery(self, message: dict) -> Delivery:
        """The decision for a ``post.event`` (see ``groups.events.post_payload``)."""
        return live_delivery(
            self.access(message["group_id"]),
            thread_hidden=message["thread_hidden"],
            state=post_state(
                is_deleted=message["deleted"], is_hidden=message["hidden"], is_held=message["held"]
            ),
            own=self.member_id is not None and message["author_id"] == self.member_id,
            created=message["event"] == "created",
        )
