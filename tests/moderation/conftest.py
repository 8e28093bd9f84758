"""Fixtures of the moderation tests: two groups, their moderators, an author with a post."""

import pytest
from django.utils import translation

from groups import actions as forum
from groups.models import GroupRole, Visibility
from tests import factories


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def group(db):
    return factories.ThinkGroupFactory(name="Schuldhulp in de wijk", visibility=Visibility.OPEN)


@pytest.fixture
def other_group(db):
    return factories.ThinkGroupFactory(name="Inburgering praktijk", visibility=Visibility.OPEN)


@pytest.fixture
def author(group):
    person = factories.MemberFactory(display_name="Anouk de Vries")
    factories.add_to_group(person, group)
    return person


@pytest.fixture
def moderator(group):
    person = factories.MemberFactory(display_name="Bram Moderator")
    factories.add_to_group(person, group, role=GroupRole.MODERATOR)
    return person


@pytest.fixture
def other_moderator(other_group):
    person = factories.MemberFactory(display_name="Carla Elders")
    factories.add_to_group(person, other_group, role=GroupRole.MODERATOR)
    return person


@pytest.fixture
def reader(group):
    person = factories.MemberFactory(display_name="Dirk Lezer")
    factories.add_to_group(person, group)
    return person


@pytest.fixture
def thread(group, author):
    return factories.make_thread(
        group=group, author=author, title="Beslagvrije voet na de wetswijziging"
    )


@pytest.fixture
def post(thread, author):
    return forum.reply(
        member=author, thread=thread, body="Bij ons gaat het vaak mis bij de herberekening."
    )
