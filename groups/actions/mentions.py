"""Mentions in posts: who ``@[name]`` and ``@[name #id]`` reach (exactly one reader of the
thread each), and their notifications. Called by the post write functions and the preview."""

from __future__ import annotations

from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from core.errors import ActionError

from ..markdown import mentioned_names, split_mention
from ..models import Post, PostMention, Thread
from ..notifications import notify
from ..querysets import readers_of_post, readers_of_thread

MAX_MENTIONS = 10


def _members_named(names: list[str], thread: Thread) -> list[Member]:
    """Readers of ``thread`` called one of ``names`` (any capitals)."""
    wanted = {name.casefold() for name in names}
    candidates = readers_of_thread(thread).filter(display_name__in=names)
    # Exact names first; case-insensitive matching happens in Python (SQLite's lower()
    # only folds ASCII).
    found = [m for m in candidates if m.display_name.casefold() in wanted]
    found_names = {m.display_name.casefold() for m in found}
    for name in names:
        if name.casefold() not in found_names:
            found.extend(readers_of_thread(thread).filter(display_name__iexact=name)[:MAX_MENTIONS])
    _refuse_ambiguous(found)
    return found


def _refuse_ambiguous(found: list[Member]) -> None:
    """A mention reaches exactly one colleague: a bare ``@[name]`` that several readers of
    the thread share (names from before look-alikes were refused) is refused, with the way
    to name one of them."""
    seen: dict[str, int] = {}
    for member in found:
        key = member.display_name.casefold()
        if key in seen and seen[key] != member.pk:
            raise ActionError(
                _(
                    "More than one colleague is called %(name)s. Type @ and choose the right "
                    "one from the list, so your mention reaches only them."
                )
                % {"name": member.display_name},
                "mentions",
            )
        seen[key] = member.pk


def resolve_mentions(body: str, thread: Thread, author: Member) -> list[Member]:
    names = mentioned_names(body)
    if not names:
        return []
    if len(names) > MAX_MENTIONS:
        raise ActionError(
            _("You can mention at most %(max)d colleagues in one message.") % {"max": MAX_MENTIONS},
            "mentions",
        )
    # ``@[name #id]`` (what the autocomplete inserts) names exactly one member, even when
    # two colleagues share a name; a bare ``@[name]`` must name exactly one reader.
    split = [split_mention(raw) for raw in names]
    ids = [pk for _name, pk in split if pk is not None]
    bare = [name for name, pk in split if pk is None]
    found = list(readers_of_thread(thread).filter(pk__in=ids)) if ids else []
    if bare:
        found += _members_named(bare, thread)
    unique = {m.pk: m for m in found}
    return list(unique.values())[:MAX_MENTIONS]


def readers_among(post: Post, members) -> list[Member]:
    """``members`` who may read ``post``: every one for a visible post (they were chosen
    among the thread's readers); for a post held for review only its moderators, the
    bureau and the author, so it announces itself to nobody who cannot read it."""
    members = list(members)
    if not members or not (post.is_held or post.is_hidden or post.is_deleted):
        return members
    allowed = set(
        readers_of_post(post).filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True)
    )
    return [m for m in members if m.pk in allowed]


def notify_mentions(post: Post, mentioned: list[Member], author: Member) -> set[int]:
    if not mentioned:
        return set()
    PostMention.objects.bulk_create(
        [PostMention(post=post, member=m) for m in mentioned], ignore_conflicts=True
    )
    mentioned = readers_among(post, mentioned)
    notify(
        mentioned,
        kind=NotificationKind.MENTION,
        text=_("%(name)s mentioned you in “%(title)s”")
        % {"name": author.display_name, "title": post.thread.title},
        url=post.get_absolute_url(),
        actor=author,
        group=post.thread.group,
        thread=post.thread,
        post=post,
    )
    return {m.pk for m in mentioned}
