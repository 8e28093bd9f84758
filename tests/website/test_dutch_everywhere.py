"""Dutch everywhere: every page a visitor, member, moderator, editor or the bureau reaches
speaks Dutch and says "je"; plus the single texts people ran into."""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from community.models import Member
from groups.models import GroupMembership, GroupRole
from tests.website.crawl import crawl, foreign_words

pytestmark = pytest.mark.django_db

# Text that is not a translation slip: names and words Dutch uses as they are.
ALLOWED = (
    # Wagtail's admin home hard-codes a screen-reader-only "Search" button (not translatable).
    "Search",
)
# Pages the walk does not open: leaving, downloads, machine endpoints.
SKIPPED = (
    "/uitloggen",
    "/logout",
    "/api/",
    "/documenten/",
    "/feed",
    "/rss",
    "sitemap",
    "/export",
    ".pdf",
    ".csv",
    "/gezond/",
    "/healthz",
    # Wagtail's page preview and "view live" open the same pages the walk already reads.
    "/preview/",
)


def _skip(url: str) -> bool:
    return any(part in url for part in SKIPPED)


def _walk(client: Client, seeds: list[str]) -> dict[str, set[str]]:
    def get(url: str):
        response = client.get(url)
        body = ""
        if response.status_code == 200 and not response.streaming:
            body = response.content.decode(errors="replace")
        return response.status_code, response.get("Content-Type", ""), body

    visited, pages = crawl(get, seeds, skip=_skip, limit=350, per_pattern=2)
    assert len(visited) > 10
    findings: dict[str, set[str]] = defaultdict(set)
    for url, (texts, _links) in pages.items():
        for text in texts:
            if foreign_words(text, ALLOWED):
                findings[" ".join(text.split())[:140]].add(url)
    return findings


@pytest.fixture
def demo_site(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False
    call_command("load_demo", members=20, threads=12, posts=40, seed=3, stdout=io.StringIO())


def test_every_page_speaks_dutch_to_every_role(demo_site):
    moderator = (
        GroupMembership.objects.filter(role=GroupRole.MODERATOR)
        .exclude(member__email__endswith="@samendenk.nl")
        .first()
        .member
    )
    roles = {
        "bezoeker": (None, ["/"]),
        "lid": (Member.objects.get(email="lid@samendenk.nl"), ["/"]),
        "moderator": (moderator, ["/", "/denkgroepen/moderatie/"]),
        "redactie": (Member.objects.get(email="redactie@samendenk.nl"), ["/", "/beheer/"]),
        "bureau": (Member.objects.get(email="bureau@samendenk.nl"), ["/", "/beheer/"]),
    }
    report = []
    with translation.override("nl"):
        for role, (who, seeds) in roles.items():
            client = Client(HTTP_ACCEPT_LANGUAGE="nl")
            if who is not None:
                client.force_login(who)
            for text, urls in sorted(_walk(client, seeds).items()):
                report.append(f"{role}: {text!r} on {sorted(urls)[0]}")
    assert report == [], "English or formal address on the site:\n" + "\n".join(report)


def test_foreign_words_finds_english_and_the_formal_address():
    assert foreign_words("Member count") == ["Member", "count"]
    assert foreign_words("Zo zoekt u") == ["u"]
    assert foreign_words("Uw wachtwoord") == ["Uw"]
    assert foreign_words("Je wachtwoord is te kort; log in met je account.") == []
