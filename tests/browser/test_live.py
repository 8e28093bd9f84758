"""Two members in two browsers: a reply appears live for the other, whose reply box is kept."""

import time
from pathlib import Path

import pytest

from groups.models import Domain
from tests import factories
from tests.browser.conftest import logged_in_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _group(name):
    # The flush after a browser test also empties the data migrations' domains.
    domain, _created = Domain.objects.get_or_create(
        slug="schuldhulp", defaults={"name": "Schuldhulp"}
    )
    return factories.ThinkGroupFactory(name=name, domain=domain)


def test_reply_appears_live_for_a_colleague_without_touching_their_reply_box(
    live_server_url, browser
):
    group = _group("Schuldhulp in de praktijk")
    anouk = factories.MemberFactory(display_name="Anouk de Vries")
    bram = factories.MemberFactory(display_name="Bram Jansen")
    for person in (anouk, bram):
        factories.add_to_group(person, group)
    thread = factories.make_thread(
        group=group, author=anouk, title="Wachttijden bij de kredietbank", body="Hoe lang?"
    )
    url = f"{live_server_url}{thread.get_absolute_url()}"
    context_a, page_a = logged_in_page(browser, live_server_url, anouk)
    context_b, page_b = logged_in_page(browser, live_server_url, bram)
    try:
        page_b.goto(url)
        half_written = "Bij ons duurt het nu zes weken, maar"
        page_b.fill("#reply-form textarea[name=body]", half_written)
        page_a.goto(url)
        # Both read along: each sees the other counted.
        page_a.wait_for_function(
            "document.querySelector('[data-readers-count]').textContent.includes('1 collega')"
        )
        page_b.wait_for_function(
            "document.querySelector('[data-readers-count]').textContent.includes('1 collega')"
        )

        page_a.fill("#reply-form textarea[name=body]", "Bij ons **vier** weken, met voorrang.")
        started = time.monotonic()
        page_a.click("#reply-form button[type=submit]")
        page_b.wait_for_selector('#post-list li[data-number="2"]', timeout=2_000)
        elapsed = time.monotonic() - started
        assert elapsed < 2

        new_post = page_b.locator('#post-list li[data-number="2"]')
        assert "Bij ons vier weken, met voorrang." in new_post.inner_text()
        assert new_post.locator("strong").inner_text() == "vier"
        # The reply count in the header follows, for both of them.
        for page in (page_a, page_b):
            page.wait_for_function(
                "document.querySelector('[data-reply-count]').textContent.trim() === '1 reactie'"
            )
        # What Bram was typing is still there, and still his to edit.
        assert page_b.input_value("#reply-form textarea[name=body]") == half_written
        # Anouk's reply went over the socket: no page load, her box is emptied.
        page_a.wait_for_selector('#post-list li[data-number="2"]')
        assert page_a.input_value("#reply-form textarea[name=body]") == ""
        assert page_a.url == url
        # Screen readers hear about the new post.
        page_b.wait_for_function(
            "document.getElementById('live-announcements').textContent.includes('Nieuw bericht #2')"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page_b.screenshot(path=str(SCREENSHOTS / "live-reply-b.png"), full_page=True)
    finally:
        context_a.close()
        context_b.close()


def test_reply_error_over_the_socket_is_shown_in_dutch_and_the_text_kept(live_server_url, browser):
    group = _group("Inburgering")
    anouk = factories.MemberFactory(display_name="Anouk de Vries")
    factories.add_to_group(anouk, group)
    thread = factories.make_thread(group=group, author=anouk, title="Taalniveau B1")
    context, page = logged_in_page(browser, live_server_url, anouk)
    try:
        page.goto(f"{live_server_url}{thread.get_absolute_url()}")
        page.wait_for_function(
            "document.querySelector('[data-readers-count]') !== null && "
            "document.getElementById('live-announcements') === null"
        )
        # The textarea's maxlength stops typing; a pasted 20,001-character text is what
        # reaches the server through scripts, so set it directly.
        too_long = "x" * 20_001
        page.evaluate(
            "t => { const a = document.querySelector('#reply-form textarea'); "
            "a.removeAttribute('maxlength'); a.value = t; }",
            too_long,
        )
        # Wait until the socket is open so the form goes over it.
        page.wait_for_timeout(500)
        page.click("#reply-form button[type=submit]")
        error = page.locator("#reply-form [data-reply-error]")
        error.wait_for(state="visible")
        assert "20.000" in error.inner_text()
        assert page.input_value("#reply-form textarea[name=body]") == too_long
    finally:
        context.close()
