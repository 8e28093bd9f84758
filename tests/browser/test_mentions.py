"""Mention autocomplete in the reply box: readers only, by keyboard, one exact member."""

from pathlib import Path

import pytest

from groups.models import Domain, Visibility
from tests import factories
from tests.browser.conftest import logged_in_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_typing_at_mar_suggests_readers_and_enter_inserts_exactly_one(live_server_url, browser):
    domain, _created = Domain.objects.get_or_create(
        slug="schuldhulp", defaults={"name": "Schuldhulp"}
    )
    group = factories.ThinkGroupFactory(
        name="Casuïstiek schuldhulp", domain=domain, visibility=Visibility.PRIVATE
    )
    anouk = factories.MemberFactory(display_name="Anouk de Vries")
    utrecht = factories.MemberFactory(
        display_name="Marieke van den Berg", organisation="Gemeente Utrecht"
    )
    zwolle = factories.MemberFactory(
        display_name="Marieke van den Berg", organisation="Gemeente Zwolle"
    )
    factories.MemberFactory(display_name="Marco Buiten")  # not in the private group
    for person in (anouk, utrecht, zwolle):
        factories.add_to_group(person, group)
    thread = factories.make_thread(group=group, author=anouk, title="Beslagvrije voet")
    context, page = logged_in_page(browser, live_server_url, anouk)
    try:
        page.goto(f"{live_server_url}{thread.get_absolute_url()}")
        box = page.locator("#reply-form textarea[name=body]")
        box.click()
        box.press_sequentially("Wat vind jij, @Mar", delay=30)
        listbox = page.locator("#mention-suggestions")
        listbox.locator("[role=option]").first.wait_for()
        options = listbox.locator("[role=option]")
        assert options.count() == 2
        text = listbox.inner_text()
        assert "Marco" not in text
        assert "Gemeente Utrecht" in text and "Gemeente Zwolle" in text
        assert box.get_attribute("aria-expanded") == "true"
        assert box.get_attribute("aria-activedescendant") == "mention-option-0"
        page.screenshot(path=str(SCREENSHOTS / "mention-autocomplete-1280.png"))
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == "mention-option-1"
        assert options.nth(1).get_attribute("aria-selected") == "true"
        chosen = "Gemeente Zwolle" in options.nth(1).inner_text()
        box.press("Enter")
        assert listbox.is_hidden()
        target = zwolle if chosen else utrecht
        assert box.input_value() == f"Wat vind jij, @[Marieke van den Berg #{target.pk}] "

        # Escape closes the list and leaves the text as typed.
        box.press_sequentially("en @Mar", delay=30)
        options.first.wait_for()
        box.press("Escape")
        assert listbox.is_hidden()
        assert box.input_value().endswith("en @Mar")
        assert box.get_attribute("aria-expanded") == "false"

        box.fill(f"Wat vind jij, @[Marieke van den Berg #{target.pk}]?")
        page.click("#reply-form button[type=submit]")
        link = page.locator('#post-list li[data-number="2"] a', has_text="@Marieke van den Berg")
        link.wait_for()
        assert link.get_attribute("href") == f"/leden/{target.pk}/"
    finally:
        context.close()
