"""Pages of the think groups: plain forms and links, everything works without JavaScript.

Reads go through the permission querysets (groups.querysets, the rule of
groups.visibility), writes through groups.actions; a view never writes a model itself.
One module per kind of page: ``think_groups``, ``threads``, ``posts``, ``notifications``.
"""

from .notifications import notifications, notifications_latest
from .posts import delete_post, edit_post, post_history, post_link
from .preview import reply_preview
from .think_groups import (
    follow_group,
    group_detail,
    group_index,
    invitations,
    manage_group,
    membership,
    new_thread,
)
from .threads import first_unread, follow_thread, mention_candidates, reply, thread_detail

__all__ = [
    "delete_post",
    "edit_post",
    "first_unread",
    "follow_group",
    "follow_thread",
    "group_detail",
    "group_index",
    "invitations",
    "manage_group",
    "membership",
    "mention_candidates",
    "new_thread",
    "notifications",
    "notifications_latest",
    "post_history",
    "post_link",
    "reply",
    "reply_preview",
    "thread_detail",
]
