"""Worker job: the anonymisation assistant reads each new version of a story (deduce loads in
the worker once per process; a web process never loads it)."""

from __future__ import annotations

import logging
import re

from core.worker import Job

from . import actions
from .models import CHECKED, Story

logger = logging.getLogger(__name__)


# "in januari 2024": deduce marks full dates only, while a story's month and year can
# still date a client's case.
_MONTH_YEAR = re.compile(
    r"\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december)\s+(?:19|20)\d{2}\b",
    re.IGNORECASE,
)


def _month_years(text: str, findings: list[dict]) -> list[dict]:
    from core.anonymise import PLACEHOLDERS, Kind

    extra = []
    for match in _MONTH_YEAR.finditer(text):
        start, end = match.span()
        if any(f["start"] < end and start < f["end"] for f in findings):
            continue
        extra.append(
            {
                "kind": Kind.DATE,
                "start": start,
                "end": end,
                "original": match.group(0),
                "replacement": str(PLACEHOLDERS[Kind.DATE]),
                "source": "stories",
            }
        )
    return sorted(findings + extra, key=lambda f: f["start"])


def analyse(story: Story) -> dict:
    """{part: findings} for the story's current text (``core.anonymise``: deduce + the guard,
    plus month-and-year dates)."""
    from core.anonymise import anonymise

    result = {}
    for part in CHECKED:
        text = story.part_text(part)
        findings = [f.as_dict() for f in anonymise(text).findings]
        result[part] = _month_years(text, findings)
    return result


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
