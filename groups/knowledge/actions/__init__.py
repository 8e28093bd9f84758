"""Write functions of knowledge: one per verb, the only way its data changes."""

from core.errors import ActionError

from .guidance import (
    follow_guidance,
    guidance_url,
    link_thread,
    mark_checked,
    sync_guidance,
    unlink_thread,
)
from .verification import (
    DEFAULT_VALIDITY_DAYS,
    expire_due,
    post_changed,
    remind_due,
    thread_moved,
    verify_post,
    withdraw_verification,
)

__all__ = [
    "DEFAULT_VALIDITY_DAYS",
    "ActionError",
    "expire_due",
    "follow_guidance",
    "guidance_url",
    "link_thread",
    "mark_checked",
    "post_changed",
    "remind_due",
    "sync_guidance",
    "thread_moved",
    "unlink_thread",
    "verify_post",
    "withdraw_verification",
]
