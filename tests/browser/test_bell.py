"""The bell is live on every page (one socket per tab) and opens a dropdown of the latest
notifications, keyboard included."""

from pathlib import Path

import pytest

from groups.models import Domain
from tests import factories
from tests.browser.conftest import logged_in_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PAGES = ["/", "/nieuws/", "/leden/", "/zoeken/", "/denkgroepen/meldingen/"]


@pytest.fixture
def no_rate_limits(monkeypatch):
    # Read by the Daphne process at start: the test writes several replies in a row.
    monkeypatch.setenv("FORUM_RATE_LIMITS_ENABLED", "false")


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def _sockets(page) -> list:
    opened = []
    page.on("websocket", lambda ws: opened.append(ws.url))
    return opened


def test_the_bell_rises_live_on_every_page_and_lists_the_latest(
    no_rate_limits, live_server_url, browser
):
    domain, _created = Domain.objects.get_or_create(
        slug="schuldhulp", defaults={"name": "Schuldhulp"}
    )
    group = factories.ThinkGroupFactory(name="Schuldhulp in de praktijk", domain=domain)
    anouk = factories.MemberFactory(display_name="Anouk de Vries")
    bram = factories.MemberFactory(display_name="Bram Jansen")
    for person in (anouk, bram):
        factories.add_to_group(person, group)
    thread = factories.make_thread(
        group=group, author=anouk, title="Wachttijden bij de kredietbank", body="Hoe lang?"
    )
    thread_url = f"{live_server_url}{thread.get_absolute_url()}"
    context_a, page_a = logged_in_page(browser, live_server_url, anouk)
    context_b, page_b = logged_in_page(browser, live_server_url, bram)
    sockets = _sockets(page_a)
    try:
        page_b.goto(thread_url)
        for number, path in enumerate([*PAGES, thread.get_absolute_url()], start=1):
            sockets.clear()
            response = page_a.goto(f"{live_server_url}{path}")
            assert response.status == 200, path
            page_a.wait_for_selector(".notification-bell[data-live=subscribed]")
            bell = page_a.locator("[data-notification-count]")
            before = int(bell.get_attribute("data-notification-count"))
            page_b.fill("#reply-form textarea[name=body]", f"Reactie {number} voor je")
            page_b.click("#reply-form button[type=submit]")
            page_a.wait_for_function(
                "before => Number(document.querySelector('[data-notification-count]')"
                ".getAttribute('data-notification-count')) > before",
                arg=before,
                timeout=5_000,
            )
            # One socket per tab, on pages with live.js (the thread) and without it.
            assert len(sockets) == 1, (path, sockets)

        # The dropdown under the bell: the replies folded into one line, by keyboard.
        page_a.goto(f"{live_server_url}/leden/")
        page_a.wait_for_selector(".notification-bell[data-live=subscribed]")
        bell = page_a.locator("[data-notification-count]")
        bell.focus()
        page_a.keyboard.press("Enter")
        dropdown = page_a.locator("#notification-dropdown")
        dropdown.locator(".notification").first.wait_for()
        assert bell.get_attribute("aria-expanded") == "true"
        text = dropdown.inner_text()
        assert "Bram Jansen reageerde 6 keer in “Wachttijden bij de kredietbank”" in text
        assert "ongelezen" in text
        assert "Alle notificaties" in text
        _shot(page_a, "bell-dropdown-1280.png")
        page_a.keyboard.press("Escape")
        assert dropdown.is_hidden()
        assert bell.get_attribute("aria-expanded") == "false"

        # Marking all read from the dropdown empties the bell and stays on the page.
        bell.click()
        dropdown.get_by_role("button", name="Alles als gelezen markeren").click()
        page_a.wait_for_url(f"{live_server_url}/leden/")
        assert page_a.get_attribute("[data-notification-count]", "data-notification-count") == "0"

        page_a.goto(f"{live_server_url}/denkgroepen/meldingen/")
        _shot(page_a, "notifications-page-1280.png")
    finally:
        context_a.close()
        context_b.close()
