"""Fixtures of the practice-story tests: a writer, a story analysed by the real anonymiser."""

from __future__ import annotations

import pytest

from core import anonymise as anon
from tests import factories
from tests.conftest import skip_or_fail
from website.stories import actions
from website.stories.jobs import analyse_stories

STORY = {
    "title": "Een gezin dat tussen wal en schip valt",
    "situation": (
        "Klant Pieter de Vries uit Apeldoorn, geboren op 12-03-1984, kwam bij mij met een "
        "schuld bij de Belastingdienst."
    ),
    "action": "Ik heb zijn aanvraag bijzondere bijstand met voorrang behandeld.",
    "obstacles": "De kostendelersnorm maakte dat hij te weinig overhield.",
    "helps": "Ruimte om af te wijken als een gezin anders dakloos wordt.",
}


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False


@pytest.fixture(scope="session")
def deduce_ready():
    if not anon.is_built():
        skip_or_fail("deduce's lookup structures are not built: python -m core.anonymise --build")


@pytest.fixture
def writer(db):
    return factories.MemberFactory(display_name="Anouk de Schrijver")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


def write_story(member, **fields):
    return actions.save_draft(member=member, fields={**STORY, **fields})


def analysed(story):
    analyse_stories()
    story.refresh_from_db()
    return story


def accept_all(member, story):
    from website.stories.models import CHECKED
    from website.stories.text import chosen

    picks = {part: chosen(story, part) for part in CHECKED}
    return actions.choose_replacements(member=member, story=story, picks=picks)


def submitted(member, story, *, audience="public", show_name=False, byline="een klantmanager"):
    story = accept_all(member, analysed(story))
    return actions.submit_story(
        member=member,
        story=story,
        audience=audience,
        show_name=show_name,
        byline=byline,
        consent=True,
    )


def approve(page, bureau):
    """The bureau approves the page's current workflow task (publishes it)."""
    from website.models import ArticlePage

    page = ArticlePage.objects.get(pk=page.pk)
    state = page.current_workflow_state
    state.current_task_state.task.specific.on_action(state.current_task_state, bureau, "approve")
    page.refresh_from_db()
    return page


def found(story, part, original, kind, replacement):
    text = story.part_text(part)
    start = text.index(original)
    return {
        "kind": kind,
        "start": start,
        "end": start + len(original),
        "original": original,
        "replacement": replacement,
        "source": "deduce",
    }


def hand_analysed(story):
    """The worker's result stored through its write function, without loading deduce (for
    tests about what happens after the assistant; the assistant itself: test_assistant)."""
    findings = {
        "situation": [
            found(story, "situation", "Pieter de Vries", "name", "[naam]"),
            found(story, "situation", "Apeldoorn", "place", "[plaats]"),
            found(story, "situation", "geboren op 12-03-1984", "date", "[datum]"),
        ]
    }
    actions.save_analysis(story_id=story.pk, version=story.text_version, findings=findings)
    story.refresh_from_db()
    return story


def quick_submitted(member, *, audience="public", show_name=False, **fields):
    story = hand_analysed(write_story(member, **fields))
    story = accept_all(member, story)
    return actions.submit_story(
        member=member,
        story=story,
        audience=audience,
        show_name=show_name,
        byline="een klantmanager",
        consent=True,
    )
