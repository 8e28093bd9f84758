"""Phone width (390 px): a one-row header with a menu button, and no page that scrolls
sideways — the guidance document's version table and the visitor's search results included.
Screenshots go to var/screenshots/ to be looked at."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTH = 390
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _phone(browser):
    return browser.new_context(
        locale="nl-NL", viewport={"width": WIDTH, "height": 844}, is_mobile=True, has_touch=True
    )


def _check(page, url: str, name: str) -> None:
    page.goto(url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{WIDTH}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{name} scrolls sideways at {WIDTH} px ({width} px)"
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 90, f"{name}: the header takes {header['height']} px"


@pytest.fixture
def content(live_server_url):
    guidance = factories.make_guidance(versions=4)
    article = factories.make_article(title="Schulden en de beslagvrije voet", tags=["Tozo"])
    from search.backends.database import DatabaseBackend
    from search.indexing import rebuild

    rebuild(DatabaseBackend())
    return {"guidance": guidance, "article": article}


def test_phone_pages_fit_the_screen_and_the_header_is_one_row(live_server_url, browser, content):
    context = _phone(browser)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        _check(page, live_server_url + "/", "home")
        _check(page, live_server_url + content["guidance"].url, "guidance")
        _check(page, live_server_url + "/zoeken/?q=schulden", "search-visitor")
        # The visitor's results use the full width, not a 16rem facet column.
        news = page.locator(".search-news").bounding_box()
        assert news["width"] > WIDTH - 60
        page.get_by_role("button", name="Menu").tap()
        assert page.get_by_role("link", name="Denkgroepen").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    finally:
        context.close()


def test_desktop_search_for_a_visitor_is_not_squeezed(live_server_url, page, content):
    page.goto(live_server_url + "/zoeken/?q=schulden")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search-visitor-1280.png"), full_page=True)
    assert page.locator(".search-news").bounding_box()["width"] > 600
    assert not page.get_by_role("button", name="Menu").is_visible()


def test_phone_pages_of_a_member_fit_the_screen(live_server_url, browser, content):
    member = factories.MemberFactory(display_name="Marieke van den Berg")
    group = factories.ThinkGroupFactory(name="Schuldhulp in de wijk")
    factories.add_to_group(member, group)
    title = "Een lange vraag over de beslagvrije voet bij wisselende inkomsten"
    thread = factories.make_thread(group=group, author=member, title=title)
    context = _phone(browser)
    try:
        from django.test import Client

        client = Client()
        client.force_login(member)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server_url,
                }
            ]
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        _check(page, live_server_url + group.get_absolute_url(), "group")
        _check(page, live_server_url + thread.get_absolute_url(), "thread")
        _check(page, live_server_url + "/zoeken/?q=vraag", "search-member")
    finally:
        context.close()
