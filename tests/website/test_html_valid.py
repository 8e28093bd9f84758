"""Every page type's HTML passes the Nu HTML Checker (vnu-jar from npm, run with Java):
home, news list, article, event, guidance, groups, group, thread, search, profile and
notifications, as a visitor, a member and the bureau."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from groups import actions as forum
from search.backends.database import DatabaseBackend
from search.indexing import rebuild
from tests import factories
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _validate(pages: dict[str, str], tmp_path: Path) -> list[str]:
    """The checker's errors, as "page: line: message"; one Java run for all pages."""
    java = shutil.which("java")
    if not java or not VNU.exists():
        skip_or_fail("java or node_modules/vnu-jar missing (npm install)")
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).stem}: {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]


@pytest.fixture
def site(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False
    group = factories.ThinkGroupFactory(name="Schuldhulp in de wijk")
    member = factories.MemberFactory(display_name="Marieke van den Berg")
    other = factories.MemberFactory(display_name="Tessa Akkerman")
    for person in (member, other):
        factories.add_to_group(person, group)
    thread = forum.start_thread(
        member=member, group=group, title="Schulden en vroegsignalering", body="Wie herkent dit?"
    )
    for n in range(3):
        forum.reply(member=other, thread=thread, body=f"@[{member.display_name}] schulden {n}")
    article = factories.make_article(title="Nieuwe handreiking schulden", tags=["Tozo"])
    for n in range(3):
        factories.make_article(title=f"Kort nieuws {n}", tags=["Algemeen"])
    event = factories.make_event()
    guidance = factories.make_guidance(versions=3)
    rebuild(DatabaseBackend())
    return {
        "group": group,
        "thread": thread,
        "member": member,
        "article": article,
        "event": event,
        "guidance": guidance,
    }


def test_every_page_type_has_zero_validator_errors(client, site, bureau, tmp_path):
    pages: dict[str, str] = {}
    urls = {
        "home": "/",
        "news": "/nieuws/",
        "article": site["article"].url,
        "event": site["event"].url,
        "guidance": site["guidance"].url,
        "search_anonymous": reverse("search:search") + "?q=schulden",
    }
    with translation.override("nl"):
        for name, url in urls.items():
            pages[f"visitor_{name}"] = client.get(url).content.decode()
        client.force_login(site["member"])
        member_urls = {
            "home": "/",
            "groups": reverse("groups:index"),
            "group": site["group"].get_absolute_url(),
            "thread": site["thread"].get_absolute_url(),
            "search": reverse("search:search") + "?q=schulden",
            "profile": reverse("community:profile", args=[site["member"].pk]),
            "notifications": reverse("groups:notifications"),
            "directory": reverse("community:directory"),
        }
        for name, url in member_urls.items():
            response = client.get(url)
            assert response.status_code == 200, url
            pages[f"member_{name}"] = response.content.decode()
        client.force_login(bureau)
        for name in ("thread", "search", "group"):
            pages[f"bureau_{name}"] = client.get(member_urls[name]).content.decode()
    assert _validate(pages, tmp_path) == []
