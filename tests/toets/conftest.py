"""Fixtures of the uitvoeringstoets tests: a private group, invited members, a toets."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from groups.models import Visibility
from groups.toets import actions
from tests import factories

DRAFT = """Beleidsregel kostendelersnorm Gemeente Tiel (concept)

Artikel 1 Begrippen
In deze beleidsregel wordt verstaan onder kostendeler: een persoon van 27 jaar of ouder.

Artikel 2 Uitzondering voor inwonende studenten
Een student die bij de belanghebbende inwoont telt niet als kostendeler.

Artikel 3 Toets binnen vijf werkdagen
Het college beoordeelt binnen vijf werkdagen of de kostendelersnorm wordt toegepast.
"""


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False


@pytest.fixture
def kring(db):
    return factories.ThinkGroupFactory(name="Besloten Kring Tiel", visibility=Visibility.PRIVATE)


@pytest.fixture
def invited(kring):
    people = [
        factories.MemberFactory(display_name=f"Deelnemer {i}", organisation="Gemeente Tiel")
        for i in range(4)
    ]
    for person in people:
        factories.add_to_group(person, kring)
    return people


@pytest.fixture
def outsider(db):
    return factories.MemberFactory(display_name="Buiten Staander")


def make_toets(bureau, *, groups=(), domains=(), draft=DRAFT, opens=-1, closes=7, **extra):
    from groups.toets.drafts import split_articles

    now = timezone.now()
    return actions.create_toets(
        actor=bureau,
        title=extra.pop("title", "Beleidsregel kostendelersnorm"),
        commissioner=extra.pop("commissioner", "Gemeente Tiel"),
        opens_at=now + datetime.timedelta(hours=opens),
        closes_at=now + datetime.timedelta(days=closes),
        articles=split_articles(draft),
        groups=groups,
        domains=domains,
        **extra,
    )


@pytest.fixture
def toets(bureau, kring, invited):
    return make_toets(bureau, groups=[kring])
