"""The demo discussions give the privacy guard nothing to find (zero false positives)."""

import random
from io import StringIO

import pytest
from django.core.management import call_command

from core.privacy import scan
from groups import demo, demo_texts
from groups.models import Post, Thread


def _fragments():
    yield from (description for *_rest, description in demo_texts.GROUPS)
    for name in ("OPENINGS", "GENERIC", "QUESTIONS", "REPLIES", "CLOSINGS"):
        yield from (text for text in getattr(demo_texts, name) if text)
    for texts in demo_texts.SUBSTANCE.values():
        yield from texts
    for topics in demo_texts.TOPICS.values():
        for topic in topics:
            for template in demo_texts.TITLE_TEMPLATES:
                yield template.format(topic=topic, Topic=topic[0].upper() + topic[1:])


def test_every_demo_fragment_and_title_is_clean():
    found = {text: scan(text) for text in _fragments()}
    assert {text: f for text, f in found.items() if f} == {}


class _NoHtml:
    def html(self, fragment, mentioned=None):
        return ""


class _Person:
    def __init__(self, name):
        self.display_name = name


def test_thousands_of_generated_demo_bodies_are_clean():
    rng = random.Random(2020)
    people = [_Person(f"Collega {n}") for n in range(5)]
    dirty = []
    for n in range(3000):
        domain = rng.choice(list(demo_texts.SUBSTANCE))
        body, _html, _mentioned = demo._body(
            rng, domain, first=n % 4 == 0, earlier=people, renderer=_NoHtml()
        )
        if scan(body):
            dirty.append((body, scan(body)))
    assert dirty == []


@pytest.mark.django_db
def test_loaded_demo_posts_have_zero_findings():
    call_command(
        "load_demo", "--members", "12", "--threads", "30", "--posts", "300", stdout=StringIO()
    )
    bodies = list(Post.objects.values_list("body", flat=True))
    assert len(bodies) >= 300
    assert [b for b in bodies if scan(b)] == []
    assert [t for t in Thread.objects.values_list("title", flat=True) if scan(t)] == []
