"""The newsroom demo content: what it creates, and that a second run changes nothing."""

from __future__ import annotations

import io
import random

import pytest
from django.core.management.base import BaseCommand

from groups.models import Visibility
from tests import factories as f
from website import demo
from website.management.commands.load_demo import DemoContext
from website.models import ArticlePage, EventPage, GuidanceDocumentPage, StandardPage, Tag

pytestmark = pytest.mark.django_db


def _ctx() -> tuple[DemoContext, io.StringIO]:
    out = io.StringIO()
    command = BaseCommand(stdout=out)
    return DemoContext(command=command, rng=random.Random(1), threads=0, posts=0, members=3), out


def test_demo_content_is_complete_and_idempotent(client):
    group = f.ThinkGroupFactory(
        name="Tozo en zelfstandigen", slug=demo.THINK_GROUP_SLUG, visibility=Visibility.OPEN
    )
    ctx, out = _ctx()
    demo.load(ctx)
    assert ArticlePage.objects.live().count() == 25
    assert set(ArticlePage.objects.values_list("kind", flat=True)) == {
        "news",
        "interview",
        "column",
    }
    assert EventPage.objects.live().count() == 3
    assert StandardPage.objects.live().count() == 4
    guidance = GuidanceDocumentPage.objects.get()
    assert guidance.current_version.number == 13
    assert Tag.objects.filter(name__in=["Coronacrisis", "Tozo", "Algemeen"]).count() == 3
    assert "Nieuwsartikelen: 25/25" in out.getvalue()
    tozo = ArticlePage.objects.get(slug="tozo-update-versie-13")
    html = client.get(tozo.url).content.decode()
    assert f"Discussieer mee in de denkgroep {group.name}" in html

    counts = (ArticlePage.objects.count(), EventPage.objects.count(), Tag.objects.count())
    ctx, out = _ctx()
    demo.load(ctx)
    assert (ArticlePage.objects.count(), EventPage.objects.count(), Tag.objects.count()) == counts
    assert "0 artikelen, 0 evenementen en 0 vaste pagina's" in out.getvalue()


def test_demo_skips_the_call_out_without_the_think_group():
    ctx, out = _ctx()
    demo.load(ctx)
    assert "niet gevonden" in out.getvalue()
    assert ArticlePage.objects.count() == 25
