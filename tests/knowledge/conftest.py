"""Fixtures of the knowledge tests: the Tozo guidance in 12 versions, a group with a
moderator, an author and a reader, and a thread about version 12."""

from __future__ import annotations

import datetime

import pytest

from groups.knowledge import actions
from groups.models import GroupRole, Visibility
from tests import factories


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False


def publish_version(page, number: int, changes: str = "Nieuwe inkomenstoets."):
    """An editor adds version ``number`` and publishes the page (the newsroom's way)."""
    from website.models import GuidanceVersion

    page.versions.add(
        GuidanceVersion(
            number=number,
            date=datetime.date(2021, 6, 1),
            changes=changes,
            document=factories.make_document(f"versie {number}", name=f"v{number}.pdf"),
        )
    )
    return factories.publish(page)


def withdraw_version(page, number: int):
    page.versions.remove(page.versions.get(number=number))
    return factories.publish(page)


@pytest.fixture
def guidance(db):
    return factories.make_guidance(versions=12)


@pytest.fixture
def group(db):
    return factories.ThinkGroupFactory(name="Werk en inkomen", visibility=Visibility.OPEN)


@pytest.fixture
def private_group(db):
    return factories.ThinkGroupFactory(name="Geheime Kring Noord", visibility=Visibility.PRIVATE)


@pytest.fixture
def moderator(group):
    person = factories.MemberFactory(display_name="Mo de Moderator")
    factories.add_to_group(person, group, role=GroupRole.MODERATOR)
    return person


@pytest.fixture
def author(group):
    person = factories.MemberFactory(display_name="Anouk de Vries")
    factories.add_to_group(person, group)
    return person


@pytest.fixture
def reader(group):
    person = factories.MemberFactory(display_name="Ruud Lezer")
    factories.add_to_group(person, group)
    return person


@pytest.fixture
def thread(group, author, guidance):
    thread = factories.make_thread(
        group=group, author=author, title="Inkomenstoets Tozo", body="Hoe toets ik het inkomen?"
    )
    actions.link_thread(member=author, thread=thread, page_id=guidance.pk, number=12)
    return thread


@pytest.fixture
def answer(thread, moderator):
    from groups import actions as forum

    return forum.reply(
        member=moderator, thread=thread, body="Kijk naar paragraaf 4.2 van de handreiking."
    )
