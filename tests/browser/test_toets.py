"""The uitvoeringstoets end to end in real browsers: the bureau opens a toets with three
articles for a private group; two members rate in two contexts and each sees the other's
tally change live; a BSN in a reason gets the guard's warning; the worker closes the toets;
the report shows the counts and an anonymised quote; the bureau enters the answer and a
participant's bell rises."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from groups.models import Visibility
from groups.toets import jobs
from groups.toets.models import ArticleRating, Toets
from tests import factories
from tests.browser.conftest import logged_in_page
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
GROUP = "Besloten Kring Tiel"
DRAFT = """Beleidsregel kostendelersnorm (concept)

Artikel 1 Inwonende mantelzorger
Een mantelzorger telt niet als kostendeler met een verklaring van de huisarts.

Artikel 2 Beslissing binnen vijf werkdagen
Het college beslist binnen vijf werkdagen over de kostendelersnorm.

Artikel 3 Terugwerkende kracht
Een te late melding wordt met terugwerkende kracht verrekend.
"""


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _rate(page, article_pk, value, reason=""):
    form = page.locator(f'form[data-article="{article_pk}"]')
    form.locator(f'input[value="{value}"]').check()
    if reason:
        form.locator("textarea[name$=reason]").fill(reason)
    return form


def _open(browser, base_url, member, contexts):
    context, page = logged_in_page(browser, base_url, member)
    contexts.append(context)
    page.set_default_timeout(30_000)  # the machine may be busy; nothing here should take long
    return page


def _sockets(page) -> list:
    """The WebSockets the page's current document opened (each load starts afresh)."""
    opened = []

    def navigated(frame):
        if frame == page.main_frame:
            opened.clear()

    page.on("framenavigated", navigated)
    page.on("websocket", lambda socket: opened.append(socket.url))
    return opened


def _tally(page, article_pk, value) -> str:
    return page.locator(f'[data-tally="{article_pk}"] [data-value="{value}"] [data-count]')


def test_toets_from_opening_to_answer(live_server_url, browser):
    group = factories.ThinkGroupFactory(name=GROUP, visibility=Visibility.PRIVATE)
    anna = factories.MemberFactory(display_name="Anna Smit", organisation="Gemeente Tiel")
    bas = factories.MemberFactory(display_name="Bas Mulder", organisation="Gemeente Tiel")
    bureau = factories.MemberFactory(display_name="Dirk Bureau", roles=["Bureau"])
    for person in (anna, bas):
        factories.add_to_group(person, group)
    now = timezone.now()
    contexts = []
    try:
        # The bureau opens the toets in the admin, pasting the draft.
        page_d = _open(browser, live_server_url, bureau, contexts)
        page_d.goto(f"{live_server_url}/beheer/toetsen/")
        page_d.fill("input[name=toets-title]", "Beleidsregel kostendelersnorm Tiel")
        page_d.fill("input[name=toets-commissioner]", "Gemeente Tiel")
        page_d.get_by_label(GROUP).check()
        page_d.fill("input[name=toets-opens_at]", _local(now - datetime.timedelta(hours=1)))
        page_d.fill("input[name=toets-closes_at]", _local(now + datetime.timedelta(days=7)))
        page_d.fill("textarea[name=draft-draft]", DRAFT)
        page_d.get_by_role("button", name="Uitvoeringstoets openen").click()
        page_d.wait_for_selector("text=Artikel 3 Terugwerkende kracht")
        _shot(page_d, "toets-1-bureau-opened.png")
        toets = Toets.objects.get()
        first, second, _third = toets.articles.all()

        # Anna rates article 1 with a BSN in her reason: the guard warns, she confirms.
        page_a = _open(browser, live_server_url, anna, contexts)
        sockets_a = _sockets(page_a)
        page_a.goto(f"{live_server_url}{toets.get_absolute_url()}")
        assert "0 van 3 artikelen beoordeeld" in page_a.locator("[data-progress]").inner_text()
        assert page_a.locator(f'[data-tally="{first.pk}"]').is_hidden()
        form = _rate(
            page_a, first.pk, "niet",
            "Bij mevrouw Jansen met BSN 111222333 duurde de verklaring van de huisarts maanden.",
        )  # fmt: skip
        form.locator("input[name$=quote_consent]").check()
        form.get_by_role("button", name="Oordeel opslaan").click()
        page_a.wait_for_selector("text=persoonsgegevens van een klant")
        _shot(page_a, "toets-2-privacy-warning.png")
        assert not ArticleRating.objects.exists()
        page_a.locator(f'form[data-article="{first.pk}"]').get_by_role(
            "button", name="Oordeel opslaan"
        ).click()
        page_a.wait_for_selector("text=1 van 3 artikelen beoordeeld")
        page_a.wait_for_selector('#toets[data-live="on"]')
        assert _tally(page_a, first.pk, "niet").inner_text() == "1"

        # Bas rates article 1 in his own context; Anna's tally changes live.
        page_b = _open(browser, live_server_url, bas, contexts)
        sockets_b = _sockets(page_b)
        page_b.goto(f"{live_server_url}{toets.get_absolute_url()}")
        # One WebSocket per tab: the tallies ride on the socket of live.js and the bell.
        page_b.wait_for_selector('#toets[data-live="on"]')
        page_b.wait_for_selector(".notification-bell[data-live=subscribed]")
        assert len(sockets_b) == 1
        _rate(page_b, first.pk, "uitvoerbaar").get_by_role("button", name="Oordeel opslaan").click()
        page_b.wait_for_selector("text=1 van 3 artikelen beoordeeld")
        page_b.wait_for_selector('#toets[data-live="on"]')
        assert _tally(page_b, first.pk, "niet").inner_text() == "1"
        page_a.wait_for_function(
            f"""() => document.querySelector('[data-tally="{first.pk}"] '
                + '[data-value="uitvoerbaar"] [data-count]').textContent === "1" """
        )
        assert len(sockets_a) == 1  # the tally came over the page's one socket
        # Anna changes hers, with a half-written reason on article 2 in Bas's page: his
        # tally changes live and his text stays.
        page_b.locator(f'form[data-article="{second.pk}"] textarea[name$=reason]').fill(
            "Half geschreven"
        )
        _rate(
            page_a,
            first.pk,
            "risico",
            "Bij mevrouw Jansen duurde de verklaring van de huisarts weken.",
        ).get_by_role("button", name="Oordeel wijzigen").click()
        page_b.wait_for_function(
            f"""() => document.querySelector('[data-tally="{first.pk}"] '
                + '[data-value="risico"] [data-count]').textContent === "1" """
        )
        assert _tally(page_b, first.pk, "niet").inner_text() == "0"
        reason_b = page_b.locator(f'form[data-article="{second.pk}"] textarea[name$=reason]')
        assert reason_b.input_value() == "Half geschreven"
        assert len(sockets_b) == 1
        _shot(page_b, "toets-3-live-tally.png")

        # The worker: closes the toets at its closing moment, anonymises the reasons.
        Toets.objects.filter(pk=toets.pk).update(closes_at=timezone.now())
        assert jobs.open_and_close() == 1
        from core.anonymise import is_built

        if not is_built():
            skip_or_fail("deduce is not built: python -m core.anonymise --build")
        jobs.prepare_quotes()
        page_a.goto(f"{live_server_url}{toets.get_absolute_url()}")
        assert "Gesloten op" in page_a.locator(".toets-period").inner_text()

        # The report: counts and the anonymised quote (the bureau's view).
        page_d.goto(f"{live_server_url}/denkgroepen/toetsen/{toets.pk}/rapport/")
        body = page_d.locator("main").inner_text()
        assert "Beoordelingen (minder dan 3)" in body
        assert "[naam]" in body and "Jansen" not in body and "111222333" not in body
        assert GROUP not in body and "Anna" not in body
        _shot(page_d, "toets-4-report.png")

        # The bureau enters the answer and publishes it; Anna's bell rises live.
        count = page_a.locator("[data-notification-count-label]")
        before = int(count.inner_text() or 0)
        page_d.goto(f"{live_server_url}/beheer/toetsen/{toets.pk}/")
        answer = page_d.locator("form.toets-answer-form").first
        answer.locator("select").select_option("deels")
        answer.locator("textarea").fill("De verklaring van de huisarts vervalt; de termijn blijft.")
        answer.get_by_role("button", name="Antwoord opslaan").click()
        page_d.wait_for_selector(
            "text=Het antwoord op Artikel 1 Inwonende mantelzorger is opgeslagen"
        )
        page_d.get_by_role("button", name="Antwoord publiceren voor de deelnemers").click()
        page_d.wait_for_selector("text=Het antwoord is gepubliceerd")
        page_a.wait_for_function(
            "before => Number(document.querySelector('[data-notification-count-label]')"
            ".textContent) > before",
            arg=before,
        )
        page_a.reload()
        assert "De verklaring van de huisarts vervalt" in page_a.locator("main").inner_text()
        _shot(page_a, "toets-5-answer-and-bell.png")
    finally:
        for context in contexts:
            context.close()
