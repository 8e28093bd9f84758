"""Receivers of the forum's notices: a verified answer ends with its post or its group."""

from __future__ import annotations


def _post_changed(sender, post, change, **kwargs):
    from .actions import post_changed

    post_changed(post, change)


def _thread_moved(sender, thread, old_group_id, actor=None, **kwargs):
    from .actions import thread_moved

    thread_moved(thread, old_group_id, actor)


def connect() -> None:
    from groups import notices

    notices.post_changed.connect(_post_changed, dispatch_uid="knowledge-post-changed")
    notices.thread_moved.connect(_thread_moved, dispatch_uid="knowledge-thread-moved")
