"""Search in a real browser: a member searches, narrows by a facet, opens a hit and lands
on the post, on the right page of its thread."""

from pathlib import Path

import pytest

from search.backends.database import DatabaseBackend
from search.indexing import rebuild
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD
from tests.search.conftest import build_world, make_post, make_thread

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "var" / "screenshots"


@pytest.fixture
def indexed(transactional_db):
    """Committed discussions in the search index, made before the browser's event loop."""
    world = build_world()
    thread = make_thread(world.open_group, "Kostendelersnorm bij inwonende kinderen")
    for n in range(22):
        make_post(thread, f"Een gewone reactie {n}", author=world.author)
    target = make_post(
        thread, "De kostendelersnorm geldt niet voor kinderen onder de 27.", author=world.reader
    )
    make_post(thread, "Klopt, de kostendelersnorm is lastig.", author=world.author)
    rebuild(DatabaseBackend())
    return world, target


def test_member_searches_narrows_and_lands_on_the_post(indexed, live_server_url, page, axe_source):
    world, target = indexed

    page.goto(live_server_url + "/account/login/")
    page.fill("input[name=login]", world.reader.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(live_server_url + "/zoeken/")
    page.fill("#q", "kostendelersnorm")
    page.locator("form[role=search] button").click()
    page.wait_for_load_state()
    assert page.locator(".search-hit").count() == 3  # two posts and the thread
    assert page.locator(".search-hit mark").first.inner_text().lower() == "kostendelersnorm"

    page.get_by_role("link", name="Riet Lezer (1)").click()
    page.wait_for_load_state()
    assert page.locator(".search-hit").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)
    assert axe_violations(page, axe_source) == []

    page.locator(".search-hit h3 a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"?pagina=2#post-{target.number}")
    post = page.locator(f"#post-{target.number}")
    assert post.is_visible()
    assert "kinderen onder de 27" in post.inner_text()
