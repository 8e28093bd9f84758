"""Fixtures of the forum tests: groups with members, rate limits off unless a test asks."""

import pytest

from groups.models import GroupRole, Visibility
from tests import factories


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False


@pytest.fixture
def open_group(db):
    return factories.ThinkGroupFactory(name="Open denkgroep", visibility=Visibility.OPEN)


@pytest.fixture
def closed_group(db):
    return factories.ThinkGroupFactory(name="Besloten denkgroep", visibility=Visibility.CLOSED)


@pytest.fixture
def private_group(db):
    return factories.ThinkGroupFactory(name="Geheime denkgroep", visibility=Visibility.PRIVATE)


@pytest.fixture
def author(db, open_group):
    person = factories.MemberFactory(display_name="Anouk de Vries")
    factories.add_to_group(person, open_group)
    return person


@pytest.fixture
def moderator(db, open_group, closed_group, private_group):
    person = factories.MemberFactory(display_name="Bram Moderator")
    for group in (open_group, closed_group, private_group):
        factories.add_to_group(person, group, role=GroupRole.MODERATOR)
    return person


@pytest.fixture
def thread(author, open_group):
    return factories.make_thread(group=open_group, author=author)


@pytest.fixture
def private_thread(private_group, moderator):
    return factories.make_thread(
        group=private_group, author=moderator, title="Vertrouwelijk overleg"
    )


@pytest.fixture
def closed_thread(closed_group, moderator):
    return factories.make_thread(group=closed_group, author=moderator, title="Besloten casuïstiek")
