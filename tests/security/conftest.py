"""Fixtures of the hardening tests (issue 12): an open group, its members, a thread."""

import pytest
from django.utils import translation

from groups.models import Visibility
from tests import factories
from tests.moderation.conftest import seed  # noqa: F401  (domains and roles)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def group(seed):  # noqa: F811
    return factories.ThinkGroupFactory(name="Schuldhulp in de wijk", visibility=Visibility.OPEN)


@pytest.fixture
def author(group):
    person = factories.MemberFactory(display_name="Anouk de Vries")
    factories.add_to_group(person, group)
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
