"""The Content-Security-Policy: on every kind of response, strict for scripts, and the
Wagtail admin's pages carry no inline script that the policy would block."""

from __future__ import annotations

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(response) -> None:
    directives = policy(response)
    scripts = directives["script-src"]
    assert "'self'" in scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["default-src"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/nieuws/",
        "/denkgroepen/",
        "/zoeken/?q=tozo",
        "/account/login/",
        "/api/docs",
        "/api/groups",
        "/api/openapi.json",
        "/api/bestaat-niet",
        "/bestaat-niet/",
        "/beheer/login/",
    ],
)
def test_every_kind_of_page_sends_a_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code < 500
    assert_strict(response)


def test_the_admin_and_member_pages_send_the_policy(client, editor):
    client.force_login(editor)
    article = factories.make_article()
    for path in ("/beheer/", f"/beheer/pages/{article.pk}/edit/", "/denkgroepen/"):
        assert_strict(client.get(path))


def test_the_api_docs_load_swagger_from_our_own_origin(client):
    page = client.get("/api/docs").content.decode()
    assert "cdn." not in page
    assert not INLINE_SCRIPT.search(page)


def test_the_page_editor_has_no_inline_script(client, editor):
    """Wagtail starts choosers, date pickers and inline panels with inline scripts; here
    they are data attributes that admin-init.js starts (website/admin_csp.py)."""
    client.force_login(editor)
    article = factories.make_article()
    event = factories.make_event()
    for page in (article, event):
        html = client.get(f"/beheer/pages/{page.pk}/edit/").content.decode()
        assert not INLINE_SCRIPT.findall(html), INLINE_SCRIPT.findall(html)[:3]
        assert "data-sd-init=" in html and "website/admin-init.js" in html
    add = client.get(f"/beheer/pages/add/website/articlepage/{factories.news_index().pk}/")
    assert not INLINE_SCRIPT.findall(add.content.decode())


def test_a_chooser_modal_has_no_inline_script(client, editor):
    client.force_login(editor)
    for path in ("/beheer/images/chooser/", "/beheer/choose-page/", "/beheer/denkgroep-kiezer/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not INLINE_SCRIPT.search(response.content.decode())
