"""Worker job: the anonymisation assistant reads each new version of a story (deduce loads in
the worker once per process; a web process never loads it)."""

from __future__ import annotations

import logging

from core.worker import Job

from . import actions
from .models import CHECKED, Story

logger = logging.getLogger(__name__)


def analyse(story: Story) -> dict:
    """{part: findings} for the story's current text (``core.anonymise``: deduce + the guard)."""
    from core.anonymise import anonymise

    return {
        part: [f.as_dict() for f in anonymise(story.part_text(part)).findings] for part in CHECKED
    }


def analyse_stories(limit: int = 20) -> int:
    from core.anonymise import AnonymiserUnavailable

    done = 0
    for story in Story.objects.awaiting_analysis().order_by("updated_at", "pk")[:limit]:
        try:
            findings = analyse(story)
        except AnonymiserUnavailable:
            # Logged with the command to run by core.anonymise; the stories wait.
            return done
        if actions.save_analysis(story_id=story.pk, version=story.text_version, findings=findings):
            done += 1
    return done


# Every 2 s: a member waits for the marks on their screen.
JOBS = [Job("story_analysis", analyse_stories, every=2)]
