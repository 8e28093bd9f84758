"""What a member reads of their notifications: entries grouped per thread, named at read time.

Replies in one thread fold into one entry ("Bram en 2 anderen reageerden in …"), like
Discourse; the names come from the actors' rows when the entry is shown, so a deleted
account reads "een voormalig lid". The page, the bell's dropdown and the e-mails use
these entries; each list costs the same few queries however many rows it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.models import Notification, NotificationKind

DROPDOWN_SIZE = 8
# Kinds folded per thread: many of them about one thread say one thing.
GROUPED_KINDS = {NotificationKind.REPLY}


@dataclass
class Entry:
    """One line of the list: one notification, or several replies in one thread."""

    notes: list[Notification] = field(default_factory=list)
    text: str = ""

    @property
    def latest(self) -> Notification:
        return self.notes[0]

    @property
    def ids(self) -> list[int]:
        return [note.pk for note in self.notes]

    @property
    def unread(self) -> bool:
        return self.latest.read_at is None

    @property
    def created_at(self) -> datetime:
        return self.latest.created_at

    @property
    def url(self) -> str:
        # The oldest of the group: the first reply the member has not seen yet.
        return self.notes[-1].url

    @property
    def kind(self) -> str:
        return self.latest.kind


def actor_name(note: Notification) -> str:
    return note.actor.display_name if note.actor is not None else _("a former member")


def _replies_text(notes: list[Notification], title: str) -> str:
    names: list[str] = []
    for note in notes:
        name = actor_name(note)
        if name not in names:
            names.append(name)
    if len(names) == 1:
        # Folded entries have two replies or more.
        text = _("%(name)s replied %(count)s times in “%(title)s”") % {
            "name": names[0],
            "count": len(notes),
            "title": title,
        }
    elif len(names) == 2:
        text = _("%(name)s and %(other)s replied in “%(title)s”") % {
            "name": names[0],
            "other": names[1],
            "title": title,
        }
    else:
        others = len(names) - 1
        text = ngettext(
            "%(name)s and %(count)s other replied in “%(title)s”",
            "%(name)s and %(count)s others replied in “%(title)s”",
            others,
        ) % {"name": names[0], "count": others, "title": title}
    return capfirst(text)


def _text(entry: Entry) -> str:
    note = entry.latest
    if note.kind in GROUPED_KINDS and note.thread is not None and len(entry.notes) > 1:
        return _replies_text(entry.notes, note.thread.title)
    return note.text


def group(notes: list[Notification]) -> list[Entry]:
    """Fold replies per thread (unread ones apart from read ones), newest entry first."""
    entries: list[Entry] = []
    by_key: dict[tuple, Entry] = {}
    for note in notes:
        key = None
        if note.kind in GROUPED_KINDS and note.thread_id:
            key = (note.thread_id, note.kind, note.read_at is None)
        entry = by_key.get(key) if key else None
        if entry is None:
            entry = Entry()
            entries.append(entry)
            if key:
                by_key[key] = entry
        entry.notes.append(note)
    for entry in entries:
        entry.text = _text(entry)
    return entries


def rows_for(member):
    """The member's notifications with what their texts need, newest first."""
    return Notification.objects.filter(recipient=member).select_related("actor", "thread")


def latest(member, size: int = DROPDOWN_SIZE) -> list[Entry]:
    """The bell's dropdown: the newest entries (from a bounded window of rows)."""
    return group(list(rows_for(member)[: size * 4]))[:size]
