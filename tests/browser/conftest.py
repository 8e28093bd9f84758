"""Browser-test fixtures: the site under a real Daphne process, and Debian's Chromium.

The site runs in a subprocess (HTTP and WebSocket, exactly as deployed), on the test
database that pytest-django created; tests that use it need ``transactional_db`` so that
what they write is committed and visible to that process.
"""

from __future__ import annotations

import os
import shutil
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings

from bench.servers import ServerFailed, free_port, running, server_command
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        if name == ":memory:" or name.startswith("file:memorydb"):
            pytest.fail("browser tests need TEST_SQLITE_FILE (see the Makefile)")
        return f"sqlite:///{name}"
    return (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory) -> Path:
    path = Path(os.environ.get("TEST_EMAIL_DIR") or tmp_path_factory.mktemp("mail"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_mails(mail_dir: Path) -> list:
    """Messages the Daphne process wrote with the file e-mail backend, oldest first."""
    mails = []
    for file in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
        for chunk in file.read_bytes().split(b"-" * 79):
            if chunk.strip():
                mails.append(message_from_bytes(chunk.strip()))
    return mails


@pytest.fixture
def live_server_url(transactional_db, mail_dir, tmp_path):
    """A Daphne process serving the site on the test database; yields its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": _database_url(),
        "TEST_EMAIL_DIR": str(mail_dir),
        "PYTHONUNBUFFERED": "1",
    }
    # The subprocess must use the test database itself, not create another one.
    env.pop("TEST_SQLITE_FILE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = tmp_path / "daphne.log"
    try:
        with running(server_command("daphne", port), port=port, env=env, log=log, timeout=30):
            yield f"http://127.0.0.1:{port}"
    except ServerFailed as failed:
        pytest.fail(f"{failed}: {log.read_text()}")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        skip_or_fail(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed")
    from django.db import connections

    # Once Playwright runs, tests execute in another context, where Django hands out
    # new connection objects without the serialized test data: hand it over, so that
    # `serialized_rollback=True` restores what data migrations made after each flush.
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    # Playwright's sync API keeps an event loop running in this thread, so Django
    # refuses the database flush of transactional_db. Only this test process gets the
    # escape hatch, while the browser runs; the Daphne subprocess runs without it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Playwright's wait_for_function polls a string predicate with eval, which the site's CSP
# forbids: the feature tests bypass the policy; tests/browser/test_csp.py enforces it.
BYPASS_CSP = {"bypass_csp": True}


@pytest.fixture
def context(browser):
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, **BYPASS_CSP
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        skip_or_fail("axe-core is not installed (npm install)")
    return AXE.read_text()


def axe_violations(page, axe_source: str, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page; return violations of the given impact levels.

    The site's CSP forbids inline scripts, so axe is loaded as a script of the page's own
    origin, answered by the browser from the file (nothing is served by the site)."""
    from urllib.parse import urljoin

    axe_url = urljoin(page.url, "/__axe-core.js")
    page.route(
        axe_url, lambda route: route.fulfill(body=axe_source, content_type="text/javascript")
    )
    page.add_script_tag(url=axe_url)
    result = page.evaluate(
        "async () => await axe.run(document, "
        "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def logged_in_page(browser, base_url: str, member, *, bypass_csp: bool = True):
    """A new browser context logged in as ``member`` (session cookie from the test client);
    returns (context, page). The caller closes the context. The site's CSP is bypassed
    unless ``bypass_csp`` is false (see BYPASS_CSP)."""
    from django.test import Client

    client = Client()
    client.force_login(member)
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page
