"""Live events of knowledge: banners, badges and verifications reach open pages as a thread
topic event ("knowledge") carrying the viewer-neutral panel and thread-list row."""

from __future__ import annotations

import logging

from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def render_panel(thread, state=None) -> str:
    from .panel import panel_state

    state = panel_state(thread) if state is None else state
    return render_to_string("knowledge/includes/panel.html", {"k": state, "thread": thread})


def _message(thread_id: int) -> dict:
    from groups import events
    from groups.models import Thread

    from .panel import with_badges

    thread = (
        with_badges(Thread.objects.select_related("group", "author", "last_poster"))
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        return {}
    return {
        "type": "thread.event",
        "event": "knowledge",
        "thread_id": thread.pk,
        "group_id": thread.group_id,
        "old_group_id": None,
        "hidden": thread.is_hidden,
        "locked": thread.is_locked,
        "last_number": thread.last_number,
        "html": events.render_thread_row(thread),
        "panel": render_panel(thread),
    }


def knowledge_changed(thread_ids) -> None:
    """After commit: each thread's readers get the new panel, its group's list the new row."""
    ids = sorted(set(thread_ids))
    if not ids:
        return

    def publish():
        from groups import events

        for thread_id in ids:
            try:
                message = _message(thread_id)
            except Exception:
                logger.exception("rendering the knowledge event of thread %s failed", thread_id)
                continue
            if message:
                events._send(events.thread_channel(thread_id), message)
                events._send(events.group_channel(message["group_id"]), message)

    transaction.on_commit(publish)
