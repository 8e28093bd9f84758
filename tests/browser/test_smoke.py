"""The site in a real browser, over Daphne: renders, keyboard reachable, accessible, phone width."""

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, MemberFactory, domain

# Each test's flush would otherwise also remove what data migrations made (domains,
# roles, the Wagtail home page) for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def logged_in(live_server_url, page):
    member = MemberFactory(
        email="toegankelijk@gemeente.nl",
        display_name="Priya Kaya",
        organisation="Gemeente Tilburg",
        job_title="inburgeringsconsulent",
        bio="Eerste regel.\nTweede regel met <b>geen</b> opmaak.",
    )
    member.domains.set([domain("inburgering"), domain("werk-en-inkomen")])
    for i in range(30):
        other = MemberFactory(organisation="Gemeente Utrecht" if i % 2 else "Werkplein Fivelingo")
        other.domains.set([domain("zorg")])
    page.goto(live_server_url + "/account/login/")
    page.get_by_label("E-mail").fill(member.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Mijn profiel").wait_for()
    return member


def test_home_page_renders_and_is_accessible(live_server_url, page, axe_source, tmp_path):
    page.goto(live_server_url + "/")
    assert page.locator("h1").first.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert axe_violations(page, axe_source) == []


def test_account_pages_are_accessible(live_server_url, page, axe_source, tmp_path):
    for path in ("/account/login/", "/account/signup/", "/account/password/reset/"):
        page.goto(live_server_url + path)
        assert axe_violations(page, axe_source) == [], path
    # A form with errors: messages tied to their fields, still no violations.
    page.goto(live_server_url + "/account/signup/")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.locator("[aria-invalid=true]").count() >= 2
    page.screenshot(path=str(tmp_path / "signup-errors.png"), full_page=True)
    print(f"signup errors screenshot: {tmp_path / 'signup-errors.png'}")
    assert axe_violations(page, axe_source) == []


def test_profile_and_directory_are_accessible(
    live_server_url, page, axe_source, logged_in, tmp_path
):
    page.goto(live_server_url + f"/leden/{logged_in.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Priya Kaya"
    assert axe_violations(page, axe_source) == []
    page.goto(live_server_url + "/leden/mijn-profiel/bewerken/")
    assert axe_violations(page, axe_source) == []
    for path in ("/leden/mijn-gegevens/", "/account/password/change/", "/account/email/"):
        page.goto(live_server_url + path)
        assert page.locator("main h1").is_visible(), path
        assert axe_violations(page, axe_source) == [], path
    page.screenshot(path=str(tmp_path / "email.png"), full_page=True)
    print(f"e-mail addresses screenshot: {tmp_path / 'email.png'}")
    page.goto(live_server_url + "/leden/")
    assert page.locator(".member-card").count() == 24
    page.screenshot(path=str(tmp_path / "directory.png"), full_page=True)
    print(f"directory screenshot: {tmp_path / 'directory.png'}")
    assert axe_violations(page, axe_source) == []
    # The filters work with the keyboard only.
    page.get_by_label("Domein").select_option("inburgering")
    page.get_by_label("Organisatie").focus()
    page.keyboard.type("Tilburg")
    page.keyboard.press("Enter")
    page.wait_for_url("**organisatie=Tilburg**")
    assert page.locator(".member-card").count() == 1
    assert "Priya Kaya" in page.locator(".member-card").inner_text()


def test_phone_width_home_page_navigation_is_usable(live_server_url, browser, tmp_path, axe_source):
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(live_server_url + "/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"page scrolls sideways at phone width ({width}px)"
        nav = page.get_by_role("navigation", name="Hoofdnavigatie")
        # One header row: the navigation folds behind the menu button until it is tapped.
        menu = page.get_by_role("button", name="Menu")
        assert menu.is_visible() and not nav.is_visible()
        menu.tap()
        assert menu.get_attribute("aria-expanded") == "true"
        for label in ("Nieuws", "Denkgroepen", "Zoeken", "Inloggen", "Aanmelden"):
            link = nav.get_by_role("link", name=label)
            assert link.is_visible(), label
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, label
            assert box["height"] >= 24, label
        page.screenshot(path=str(tmp_path / "home-375.png"), full_page=True)
        print(f"phone screenshot: {tmp_path / 'home-375.png'}")
        assert axe_violations(page, axe_source) == []
        nav.get_by_role("link", name="Inloggen").tap()
        assert page.get_by_role("heading", level=1).inner_text() == "Inloggen"
    finally:
        context.close()
