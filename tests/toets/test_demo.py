"""The demo uitvoeringstoetsen: one open, one closed with a report and a published answer."""

from __future__ import annotations

import io
import random

import pytest
from django.core.management.base import BaseCommand

from community.models import Domain
from groups.toets import demo
from groups.toets.models import Toets
from groups.toets.report import build
from tests import factories
from website.management.commands.load_demo import DemoContext

pytestmark = pytest.mark.django_db


def test_demo_toetsen_are_made_once(client):
    work = Domain.objects.get(slug="werk-en-inkomen")
    factories.MemberFactory(email="bureau@samendenk.nl", roles=["Bureau"])
    for _ in range(8):
        factories.MemberFactory().domains.add(work)
    out = io.StringIO()
    ctx = DemoContext(
        command=BaseCommand(stdout=out), rng=random.Random(3), threads=0, posts=0, members=8
    )
    demo.load(ctx)
    open_toets = Toets.objects.get(closed_at__isnull=True)
    closed = Toets.objects.get(closed_at__isnull=False)
    assert open_toets.is_open() and open_toets.articles.count() == 5
    assert closed.is_closed and closed.answers_published_at is not None
    assert build(closed).participants.value == 8
    assert closed.articles.exclude(answer_outcome="").count() == 3
    demo.load(ctx)
    assert Toets.objects.count() == 2
