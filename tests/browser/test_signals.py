"""The policy voice end to end in real browsers: a member marks a post in a private group as a
signal, the author consents from the notification, the bureau accepts it and approves the
anonymised quote, makes a report, opens it through the token link without logging in (no
name, no private group's name), records the answer, and the marker's bell rises live."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from groups import actions as forum
from groups.models import Visibility
from groups.signals.models import Consent, Signal, SignalStatus
from tests import factories
from tests.browser.conftest import logged_in_page
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
GROUP = "Geheime Kring Noord"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _prepare_quotes():
    """What the worker does between the author's yes and the bureau's review."""
    from core.anonymise import is_built
    from groups.signals.jobs import prepare_quotes

    if not is_built():
        skip_or_fail("deduce is not built: python -m core.anonymise --build")
    assert prepare_quotes() == 1


def test_signal_from_marking_to_answer(live_server_url, browser):
    group = factories.ThinkGroupFactory(name=GROUP, visibility=Visibility.PRIVATE)
    anouk = factories.MemberFactory(display_name="Anouk de Vries")
    bram = factories.MemberFactory(display_name="Bram Jansen")
    bureau = factories.MemberFactory(display_name="Dirk Bureau", roles=["Bureau"])
    for person in (anouk, bram):
        factories.add_to_group(person, group)
    thread = factories.make_thread(
        group=group, author=bram, title="Terugvorderingen in de praktijk", body="Wat zien jullie?"
    )
    post = forum.reply(
        member=anouk,
        thread=thread,
        body="Mevrouw Pietersen uit Utrecht moet haar hele Tozo terugbetalen. "
        "Dat is niet uit te leggen aan iemand die te goeder trouw was.",
    )
    contexts = []
    try:
        # Bram marks Anouk's post as a signal.
        context_b, page_b = logged_in_page(browser, live_server_url, bram)
        contexts.append(context_b)
        page_b.goto(f"{live_server_url}{thread.get_absolute_url()}")
        page_b.locator(f'li[data-number="{post.number}"] a.post-signal-link').click()
        page_b.select_option("select[name=theme]", label="Terugvordering Tozo")
        page_b.select_option("select[name=scheme]", label="Tozo")
        page_b.check("input[name=kind][value=knelpunt]")
        page_b.fill("input[name=sentence]", "Terugvorderingen treffen zzp'ers te goeder trouw.")
        page_b.get_by_role("button", name="Markeer als signaal").click()
        page_b.wait_for_selector(".post-signal")
        assert "Terugvordering Tozo" in page_b.locator(".post-signal").inner_text()
        _shot(page_b, "signals-1-marked.png")
        signal = Signal.objects.get(post=post)

        # Anouk consents from her notification.
        context_a, page_a = logged_in_page(browser, live_server_url, anouk)
        contexts.append(context_a)
        page_a.goto(f"{live_server_url}/denkgroepen/meldingen/")
        page_a.get_by_role("button", name=re.compile("geciteerd")).click()
        page_a.get_by_role("button", name="Ja, het mag geanonimiseerd geciteerd worden").click()
        page_a.wait_for_selector('[data-consent="given"]')
        signal.refresh_from_db()
        assert signal.consent == Consent.GIVEN

        _prepare_quotes()

        # The bureau accepts the signal and approves the anonymised quote.
        context_d, page_d = logged_in_page(browser, live_server_url, bureau)
        contexts.append(context_d)
        page_d.goto(f"{live_server_url}/beheer/signalen/")
        page_d.get_by_role("link", name=thread.title).click()
        page_d.get_by_role("button", name="Neem op in “Terugvordering Tozo”").click()
        page_d.wait_for_selector('[data-status="accepted"]')
        quote = page_d.locator("textarea[name=text]")
        proposal = quote.input_value()
        assert "[naam]" in proposal and "Pietersen" not in proposal
        assert "Utrecht" not in proposal
        _shot(page_d, "signals-2-side-by-side.png")
        page_d.get_by_role("button", name="Keur citaat goed").click()
        page_d.wait_for_selector('[data-quote-state="approved"]')
        signal.refresh_from_db()
        assert signal.status == SignalStatus.ACCEPTED and signal.quote_approved_at

        # A report, and a link for the ministry.
        today = timezone.localdate()
        page_d.goto(f"{live_server_url}/beheer/signalen/rapporten/")
        page_d.fill("input[name=title]", "Terugvordering Tozo in de uitvoering")
        page_d.get_by_label("Terugvordering Tozo").check()
        page_d.fill("input[name=period_start]", str(today - datetime.timedelta(days=30)))
        page_d.fill("input[name=period_end]", str(today))
        page_d.select_option("select[name=status]", "final")
        page_d.get_by_role("button", name="Maak rapport").click()
        page_d.fill("input[name=label]", "Ministerie van SZW")
        page_d.get_by_role("button", name="Maak link").click()
        link = page_d.locator("#new-link").input_value()
        assert "/denkgroepen/signalen/gedeeld/" in link

        # An outsider opens the link in a fresh context, without logging in.
        outsider = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        contexts.append(outsider)
        page_o = outsider.new_page()
        page_o.goto(link)
        body = page_o.locator("body").inner_text()
        assert "Terugvordering Tozo in de uitvoering" in body
        assert "[naam]" in body and "te goeder trouw" in body
        assert "Pietersen" not in body and GROUP not in body and "Anouk" not in body
        assert "minder dan 3" in body
        _shot(page_o, "signals-3-token-link.png")

        # The bureau records where it went and the answer; Bram's bell rises live.
        page_b.goto(f"{live_server_url}{thread.get_absolute_url()}")
        count = page_b.locator("[data-notification-count-label]")
        before = int(count.inner_text() or 0)
        page_d.fill("input[name=recipient]", "Ministerie van SZW")
        page_d.fill("input[name=sent_on]", str(today))
        page_d.get_by_role("button", name="Leg vast waar het naartoe ging").click()
        page_d.select_option("select[name=outcome]", "deels")
        page_d.fill("textarea[name=answer]", "De minister neemt de aanbeveling deels over.")
        page_d.fill("input[name=answered_on]", str(today))
        page_d.get_by_role("button", name="Leg antwoord vast").click()
        page_b.wait_for_function(
            "before => Number(document.querySelector('[data-notification-count-label]')"
            ".textContent) > before",
            arg=before,
        )
        _shot(page_b, "signals-4-bell.png")
    finally:
        for context in contexts:
            context.close()
