"""Write functions of the think groups: one per verb, the only way forum data changes.

Views, the API, WebSocket consumers, the admin and management commands all call these
(``groups.actions.reply(...)``), so every post gets the same validation, rate limit,
search outbox entry, live event and notifications. Each runs in one transaction; live
events and notifications are published on commit (see groups.events), e-mail is sent
later by the worker. One module per family of verbs: ``posts``, ``membership``,
``reading`` (follows, read state), ``think_groups``.
"""

from core.errors import ActionError

from .membership import (
    accept_invitation,
    decide_join_request,
    decline_invitation,
    invite,
    join_group,
    leave_group,
    remove_member,
    request_to_join,
    set_group_role,
    withdraw_join_request,
)
from .mentions import MAX_MENTIONS
from .posts import (
    BODY_MAX,
    BODY_MIN,
    TITLE_MAX,
    TITLE_MIN,
    RateLimited,
    clean_body,
    clean_title,
    delete_post,
    edit_post,
    reply,
    start_thread,
)
from .reading import follow_group, follow_thread, mark_read, unfollow_group, unfollow_thread
from .think_groups import save_group

__all__ = [
    "BODY_MAX",
    "BODY_MIN",
    "MAX_MENTIONS",
    "TITLE_MAX",
    "TITLE_MIN",
    "ActionError",
    "RateLimited",
    "accept_invitation",
    "clean_body",
    "clean_title",
    "decide_join_request",
    "decline_invitation",
    "delete_post",
    "edit_post",
    "follow_group",
    "follow_thread",
    "invite",
    "join_group",
    "leave_group",
    "mark_read",
    "remove_member",
    "reply",
    "request_to_join",
    "save_group",
    "set_group_role",
    "start_thread",
    "unfollow_group",
    "unfollow_thread",
    "withdraw_join_request",
]
