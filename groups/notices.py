"""Notices the forum sends inside the transaction of a change, for parts built on it
(knowledge ends a verified answer when its post is edited, hidden or deleted, or its thread
moves) without the write functions importing them."""

from django.dispatch import Signal

# kwargs: post, change (edited, deleted, hidden, unhidden, redacted). Sent by events.post_changed.
post_changed = Signal()

# kwargs: thread (already in its new group), old_group_id, actor. Sent by move_thread.
thread_moved = Signal()
