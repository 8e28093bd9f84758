"""The forum without JavaScript, in a real browser over Daphne: log in, read, reply."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from groups.models import Domain, Post
from tests import factories
from tests.browser.conftest import axe_violations


def _in_thread(function):
    # Playwright's event loop runs in this thread; the write path publishes live events
    # through async_to_sync, which must run outside it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


@pytest.fixture
def discussion(transactional_db):
    def create():
        # An earlier transactional test may have flushed the seeded domains.
        domain, _ = Domain.objects.get_or_create(
            slug="werk-en-inkomen", defaults={"name": "Werk en inkomen"}
        )
        group = factories.ThinkGroupFactory(name="Tozo en zelfstandigen", domain=domain)
        starter = factories.MemberFactory(display_name="Anouk de Vries")
        reader = factories.MemberFactory(display_name="Bram Jansen")
        for person in (starter, reader):
            factories.add_to_group(person, group)
        thread = factories.make_thread(
            group=group,
            author=starter,
            title="Eindafrekening Tozo: ervaringen?",
            body="Wie **herkent** dit?",
        )
        return group, reader, thread

    return _in_thread(create)


def _log_in(page, base_url, member, next_url):
    page.goto(f"{base_url}/account/login/?next={next_url}")
    page.fill("input[name=login]", member.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**" + next_url)


def test_reply_with_plain_forms_without_javascript(live_server_url, browser, discussion, tmp_path):
    group, reader, thread = discussion
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _log_in(page, live_server_url, reader, thread.get_absolute_url())
        assert page.locator("#post-1 strong").inner_text() == "herkent"
        page.fill("#reply-form textarea[name=body]", "Bij ons ook, we bellen nu vooraf.")
        page.locator("#reply-form button[type=submit]").click()
        page.wait_for_selector("#post-2")
        assert "we bellen nu vooraf" in page.locator("#post-2").inner_text()
        assert Post.objects.filter(thread=thread, number=2, author=reader).exists()
        page.screenshot(path=str(tmp_path / "thread-no-js.png"), full_page=True)
        page.goto(live_server_url + group.get_absolute_url())
        assert "Eindafrekening Tozo" in page.locator("#thread-list").inner_text()
    finally:
        context.close()


def test_forum_pages_are_accessible(live_server_url, page, axe_source, discussion):
    group, reader, thread = discussion
    _log_in(page, live_server_url, reader, thread.get_absolute_url())
    assert axe_violations(page, axe_source) == []
    for url in ["/denkgroepen/", group.get_absolute_url(), "/denkgroepen/meldingen/"]:
        page.goto(live_server_url + url)
        assert axe_violations(page, axe_source) == [], url
