"""SOCKETS_ONLY processes (README, Production): the slim app set and its URLconf."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]


def _routes(resolver: URLResolver, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Every named route of a URLconf: "namespace:name" → its full pattern."""
    routes = {}
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes.update(_routes(entry, pattern, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            routes[namespace + entry.name] = pattern
    return routes


def test_the_socket_urlconf_links_to_the_same_pages_as_the_site():
    site = _routes(get_resolver("website.urls"))
    sockets = _routes(get_resolver("website.urls_sockets"))
    # What pushed posts, thread rows and notifications link to.
    for name in ("groups:thread", "groups:post", "groups:invitations", "community:profile"):
        assert name in sockets
    assert {name: site.get(name) for name in sockets} == sockets


def test_a_socket_only_process_loads_the_live_path_without_the_cms_and_refuses_pages():
    script = """
import json, sys
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator
import website.asgi
import groups.actions, groups.live.consumer, groups.events, groups.notifications, search.indexing
from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse

response = async_to_sync(HttpCommunicator(website.asgi.application, "GET", "/").get_response)()

# A reply written here still makes the anonymous home page show fresh group activity.
from django.db.models.signals import post_save
from groups.models import Post
from website.cache import GROUPS_GENERATION, _generation
before = _generation(GROUPS_GENERATION)
post_save.send(sender=Post, instance=Post(pk=1), created=True)
print(json.dumps({
    "apps": settings.INSTALLED_APPS,
    "loaded": [
        name
        for name in ("wagtail.admin.urls", "wagtail.images.models", "website.models", "ninja")
        if name in sys.modules
    ],
    "status": response["status"],
    "group_activity_refreshed": _generation(GROUPS_GENERATION) > before,
    "body": response["body"].decode(),
    "profile": reverse("community:profile", kwargs={"pk": 7}),
    "templates": [
        bool(get_template(name))
        for name in ("groups/includes/post.html", "groups/includes/thread_row.html")
    ],
}))
"""
    env = {**os.environ, "SOCKETS_ONLY": "true", "DJANGO_SETTINGS_MODULE": "website.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "wagtail.admin" not in result["apps"] and "groups" in result["apps"]
    assert result["loaded"] == []  # Wagtail's admin, images, the CMS pages, the API
    assert result["group_activity_refreshed"] is True
    assert result["status"] == 404
    assert "alleen de live verbinding" in result["body"]
    assert result["profile"] == "/leden/7/"
    assert result["templates"] == [True, True]
