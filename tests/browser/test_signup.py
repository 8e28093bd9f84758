"""A newcomer in a real browser: sign up, confirm by e-mail, log in, edit and see the profile."""

import re

import pytest

from tests.browser.conftest import read_mails
from tests.factories import PASSWORD

# Each test's flush would otherwise also remove what data migrations made (domains,
# roles, the Wagtail home page) for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "nieuwkomer@gemeente-zwolle.nl"


def mail_body(message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    for part in parts:
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def test_signup_verify_login_edit_profile(live_server_url, page, browser, mail_dir, tmp_path):
    # Sign up.
    page.goto(live_server_url + "/")
    page.get_by_role("link", name="Aanmelden").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden"
    page.get_by_label("Weergavenaam").fill("Fleur\u202e Visser ")
    page.get_by_label("E-mail").first.fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bevestig je e-mailadres"

    # The verification e-mail, opened in another browser (as on a phone).
    mails = [m for m in read_mails(mail_dir) if EMAIL in m["To"]]
    assert len(mails) == 1
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mail_body(mails[0])).group(0)
    other = browser.new_context(locale="nl-NL")
    try:
        confirm = other.new_page()
        confirm.goto(link)
        assert "Fleur Visser" in confirm.locator("main").inner_text()
        confirm.get_by_role("button", name="Bevestigen").click()

        # Log in with the keyboard-friendly form.
        confirm.goto(live_server_url + "/account/login/")
        confirm.get_by_label("E-mail").fill(EMAIL)
        confirm.get_by_label("Wachtwoord").fill(PASSWORD)
        confirm.get_by_role("button", name="Inloggen").click()
        assert confirm.get_by_role("link", name="Mijn profiel").is_visible()

        # Edit the profile.
        confirm.get_by_role("link", name="Mijn profiel").click()
        confirm.get_by_role("link", name="Profiel bewerken").click()
        confirm.get_by_label("Organisatie").fill("Gemeente Zwolle")
        confirm.get_by_label("Functie").fill("jeugdconsulent")
        confirm.get_by_label("Jeugd").check()
        confirm.get_by_label("Schuldhulp").check()
        confirm.get_by_label("Korte bio").fill(
            "Werkt aan de keukentafel met gezinnen.\n<script>window.__xss = 1</script>"
        )
        confirm.get_by_label("Een e-mail per gebeurtenis").check()
        confirm.get_by_role("button", name="Profiel opslaan").click()

        # See the profile.
        main = confirm.locator("main")
        assert confirm.get_by_role("heading", level=1).inner_text() == "Fleur Visser"
        assert "Je profiel is opgeslagen." in confirm.locator(".messages").inner_text()
        assert "jeugdconsulent · Gemeente Zwolle" in main.inner_text()
        assert "Jeugd" in main.inner_text() and "Schuldhulp" in main.inner_text()
        assert "<script>window.__xss = 1</script>" in confirm.locator(".bio").inner_text()
        assert confirm.evaluate("() => window.__xss === undefined")
        confirm.screenshot(path=str(tmp_path / "profile.png"), full_page=True)
        print(f"profile screenshot: {tmp_path / 'profile.png'}")
    finally:
        other.close()


def test_signup_with_address_in_use_reveals_nothing_in_browser(live_server_url, page, mail_dir):
    """Issue 12, item 13: the page is the same as for a new address; the owner of the
    address gets an e-mail instead (allauth's enumeration prevention)."""
    from tests.factories import MemberFactory

    MemberFactory(email="bezet@gemeente.nl")
    page.goto(live_server_url + "/account/signup/")
    page.get_by_label("Weergavenaam").fill("Tweede Poging")
    page.get_by_label("E-mail").first.fill("bezet@gemeente.nl")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/account/confirm-email/")
    assert "geregistreerd" not in page.content()
    assert page.get_by_role("heading", level=1).is_visible()
    warning = [m for m in read_mails(mail_dir) if "bezet@gemeente.nl" in m["To"].lower()]
    assert warning and "Je hebt al een account" in warning[-1]["Subject"]
