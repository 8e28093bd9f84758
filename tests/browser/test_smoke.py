"""The home page in a real browser, over Daphne: renders, keyboard reachable, accessible."""

from tests.browser.conftest import axe_violations


def test_home_page_renders_and_is_accessible(live_server_url, page, axe_source, tmp_path):
    page.goto(live_server_url + "/")
    assert page.locator("h1").first.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Naar de inhoud"
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert axe_violations(page, axe_source) == []
