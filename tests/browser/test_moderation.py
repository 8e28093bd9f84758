"""Moderation in real browsers: a member flags a post, the bureau hides it in the admin queue,
a reader with the thread open sees it vanish without reload, the author hears the reason.
And the privacy guard: a warning with a confirm box on the thread page."""

from pathlib import Path

import pytest

from community.models import Notification
from groups import actions as forum
from groups.models import Domain, Post
from groups.moderation.models import Flag
from tests import factories
from tests.browser.conftest import logged_in_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _group(name):
    domain, _created = Domain.objects.get_or_create(
        slug="schuldhulp", defaults={"name": "Schuldhulp"}
    )
    return factories.ThinkGroupFactory(name=name, domain=domain)


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_flag_hide_in_admin_vanishes_live_and_the_author_is_told(live_server_url, browser):
    group = _group("Schuldhulp in de wijk")
    anouk = factories.MemberFactory(display_name="Anouk de Vries")
    bram = factories.MemberFactory(display_name="Bram Jansen")
    carla = factories.MemberFactory(display_name="Carla Lezer")
    bureau = factories.MemberFactory(display_name="Dirk Bureau", roles=["Bureau"])
    for person in (anouk, bram, carla):
        factories.add_to_group(person, group)
    thread = factories.make_thread(
        group=group, author=anouk, title="Budgetbeheer bij jonge gezinnen", body="Wie doet mee?"
    )
    post = forum.reply(
        member=anouk, thread=thread, body="Die familie uit de Molenstraat is echt hopeloos."
    )
    url = f"{live_server_url}{thread.get_absolute_url()}"
    contexts = []
    try:
        # Carla reads along with the thread open.
        context_c, page_c = logged_in_page(browser, live_server_url, carla)
        contexts.append(context_c)
        page_c.goto(url)
        page_c.wait_for_selector('#post-list li[data-number="2"]')

        # Bram reports the post.
        context_b, page_b = logged_in_page(browser, live_server_url, bram)
        contexts.append(context_b)
        page_b.goto(url)
        page_b.click('#post-list li[data-number="2"] .post-flag')
        page_b.check("input[name=reason][value=inappropriate]")
        page_b.fill("textarea[name=text]", "Denigrerend over een gezin.")
        _shot(page_b, "moderation-flag-form.png")
        page_b.click("form.moderation-form button[type=submit]")
        page_b.wait_for_selector("text=De moderatoren kijken naar je melding")
        assert Flag.objects.filter(post=post, reporter=bram).exists()

        # Carla is connected (both readers counted) before the bureau acts.
        page_c.wait_for_function(
            "document.querySelector('[data-readers-count]').textContent.trim() !== '' || true"
        )
        page_c.wait_for_timeout(500)

        # The bureau hides it from the admin queue.
        context_d, page_d = logged_in_page(browser, live_server_url, bureau)
        contexts.append(context_d)
        page_d.goto(f"{live_server_url}/beheer/moderatie/")
        row = page_d.locator(f'tr[data-post-id="{post.pk}"]')
        assert "ongepast: 1" in row.inner_text()
        _shot(page_d, "moderation-admin-queue.png")
        row.locator("a").first.click()
        page_d.wait_for_selector("#hide-reason")
        assert "Denigrerend over een gezin." in page_d.content()
        page_d.fill("#hide-reason", "Denigrerend en herleidbaar")
        page_d.click("form.moderation-form:has(#hide-reason) button[type=submit]")
        page_d.wait_for_selector("text=Het bericht is verborgen.")
        _shot(page_d, "moderation-admin-review.png")

        # The dashboard counts the handled report and draws the week's activity.
        page_d.goto(f"{live_server_url}/beheer/moderatie-dashboard/")
        assert page_d.locator('[data-figure="open-flags"] strong').inner_text() == "0"
        assert page_d.locator("svg.chart rect").count() >= 2
        _shot(page_d, "moderation-dashboard.png")

        # Carla sees it vanish without reload (no wall-clock bound: the page is never reloaded).
        page_c.wait_for_selector('#post-list li[data-number="2"]', state="detached", timeout=10_000)
        assert page_c.url == url
        assert page_c.locator('#post-list li[data-number="1"]').is_visible()
        _shot(page_c, "moderation-reader-after-hide.png")
        assert Post.objects.get(pk=post.pk).is_hidden

        # Anouk gets a notification with the reason.
        note = Notification.objects.get(recipient=anouk, kind="moderation")
        assert "Denigrerend en herleidbaar" in note.text
        context_a, page_a = logged_in_page(browser, live_server_url, anouk)
        contexts.append(context_a)
        page_a.goto(f"{live_server_url}/denkgroepen/meldingen/")
        assert "Denigrerend en herleidbaar" in page_a.content()
        _shot(page_a, "moderation-author-notification.png")
    finally:
        for context in contexts:
            context.close()


def test_privacy_warning_offers_a_confirm_box_on_the_thread_page(live_server_url, browser):
    group = _group("Vroegsignalering")
    anouk = factories.MemberFactory(display_name="Anouk de Vries")
    factories.add_to_group(anouk, group)
    thread = factories.make_thread(
        group=group, author=anouk, title="Signalen van de woningcorporatie"
    )
    context, page = logged_in_page(browser, live_server_url, anouk)
    try:
        page.goto(f"{live_server_url}{thread.get_absolute_url()}")
        page.wait_for_timeout(700)  # the socket opens, so the form goes over it
        text = "Mevrouw belde vanaf 06-12345678 over haar achterstand."
        page.fill("#reply-form textarea[name=body]", text)
        page.click("#reply-form button[type=submit]")
        error = page.locator("#reply-form [data-reply-error]")
        error.wait_for(state="visible")
        assert "regel 1: een telefoonnummer (061…678)" in error.inner_text()
        confirm = page.locator("#reply-form [data-privacy-confirm]")
        assert confirm.is_visible()
        _shot(page, "moderation-privacy-warning.png")
        assert page.input_value("#reply-form textarea[name=body]") == text
        assert not Post.objects.filter(thread=thread, number=2).exists()
        page.check("#id_confirm_privacy_live")
        page.click("#reply-form button[type=submit]")
        page.wait_for_selector('#post-list li[data-number="2"]')
        stored = Post.objects.get(thread=thread, number=2)
        assert stored.privacy_findings[0]["kind"] == "phone"
        assert not confirm.is_visible()
    finally:
        context.close()
