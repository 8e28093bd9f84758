"""Fixtures of the signal tests: groups of each visibility, an author, a marker, the bureau."""

from __future__ import annotations

import pytest

from groups.models import Visibility
from groups.signals import actions
from groups.signals.models import Scheme, SignalKind, Theme
from tests import factories


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False


@pytest.fixture
def open_group(db):
    return factories.ThinkGroupFactory(name="Open denkgroep", visibility=Visibility.OPEN)


@pytest.fixture
def private_group(db):
    return factories.ThinkGroupFactory(name="Geheime Kring Noord", visibility=Visibility.PRIVATE)


@pytest.fixture
def author(db, open_group, private_group):
    person = factories.MemberFactory(display_name="Anouk de Vries", organisation="Gemeente Ede")
    factories.add_to_group(person, open_group)
    factories.add_to_group(person, private_group)
    return person


@pytest.fixture
def marker(db, open_group):
    person = factories.MemberFactory(display_name="Bas Markeerder", organisation="Gemeente Zeist")
    factories.add_to_group(person, open_group)
    return person


@pytest.fixture
def outsider(db):
    return factories.MemberFactory(display_name="Olga Buitenstaander")


@pytest.fixture
def thread(author, open_group):
    return factories.make_thread(
        group=open_group,
        author=author,
        title="Terugvordering Tozo bij zzp'ers",
        body="Mevrouw Jansen uit Utrecht moet 8000 euro Tozo terugbetalen; dat klopt niet.",
    )


@pytest.fixture
def post(thread):
    return thread.posts.get(number=1)


@pytest.fixture
def private_post(author, private_group):
    thread = factories.make_thread(
        group=private_group,
        author=author,
        title="Casus uit de kring",
        body="In onze kring zien we dat de kostendelersnorm gezinnen uit elkaar drijft.",
    )
    return thread.posts.get(number=1)


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="terugvordering-tozo")


@pytest.fixture
def other_theme(db):
    return Theme.objects.get(slug="kostendelersnorm")


@pytest.fixture
def scheme(db):
    return Scheme.objects.get(name="Tozo")


def mark(member, post, theme, **kwargs):
    kwargs.setdefault("kind", SignalKind.PROBLEM)
    kwargs.setdefault("sentence", "Terugvorderingen treffen zzp'ers die te goeder trouw waren.")
    return actions.mark_post(member=member, post=post, theme=theme, **kwargs)


@pytest.fixture
def signal(marker, post, theme, scheme):
    found, _created = mark(marker, post, theme, scheme=scheme)
    return found
