"""The signal desk in the Wagtail admin: bureau only, every change through the write functions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.signals import actions
from groups.signals.models import (
    Consent,
    Report,
    ReportLink,
    Scheme,
    SignalLog,
    SignalStatus,
)

PAGES = [
    ("signal_desk:index", {}),
    ("signal_desk:themes", {}),
    ("signal_desk:reports", {}),
    ("signal_desk:trends", {}),
]


@pytest.fixture
def report(bureau, theme):
    today = timezone.localdate()
    return actions.save_report(
        actor=bureau, title="Signalen over de Tozo", themes=[theme],
        period_start=today - datetime.timedelta(days=30), period_end=today,
    )  # fmt: skip


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_desk_pages_are_the_bureaus(name, kwargs, bureau, marker, signal, client):
    client.force_login(marker)
    assert client.get(reverse(name, kwargs=kwargs)).status_code in (302, 403)
    client.force_login(bureau)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_inbox_shows_the_signal_in_context(signal, bureau, client):
    client.force_login(bureau)
    html = client.get(reverse("signal_desk:index")).content.decode()
    assert signal.post.thread.title.replace("'", "&#x27;") in html
    assert "Nog niet gevraagd of geen antwoord" in html  # consent state
    page = client.get(reverse("signal_desk:signal", kwargs={"pk": signal.pk}))
    assert page.status_code == 200
    assert "Mevrouw Jansen" in page.content.decode()  # the original, for the bureau only


def test_accept_and_reject_through_the_desk(signal, bureau, marker, client):
    client.force_login(bureau)
    act = reverse("signal_desk:signal_act", kwargs={"pk": signal.pk, "verb": "reject"})
    response = client.post(act, {"reason": ""}, follow=True)
    assert "Geef een reden" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW
    client.post(reverse("signal_desk:signal_act", kwargs={"pk": signal.pk, "verb": "accept"}))
    signal.refresh_from_db()
    assert signal.status == SignalStatus.ACCEPTED


def test_members_cannot_post_desk_actions(signal, marker, client):
    client.force_login(marker)
    response = client.post(
        reverse("signal_desk:signal_act", kwargs={"pk": signal.pk, "verb": "accept"})
    )
    assert response.status_code in (302, 403)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_approving_a_quote_with_a_phone_number_is_refused(signal, bureau, author, client):
    actions.decide_consent(member=author, signal=signal, allow=True)
    client.force_login(bureau)
    act = reverse("signal_desk:signal_act", kwargs={"pk": signal.pk, "verb": "approve"})
    response = client.post(act, {"text": "Bel 06-12345678 voor de Tozo."}, follow=True)
    assert "telefoonnummer" in response.content.decode()
    signal.refresh_from_db()
    assert signal.quote_approved_at is None
    client.post(act, {"text": "[naam] moet de Tozo terugbetalen."})
    signal.refresh_from_db()
    assert signal.quote_text == "[naam] moet de Tozo terugbetalen."
    assert SignalLog.objects.filter(signal=signal, kind="approve_quote", actor=bureau).exists()


def test_side_by_side_shows_the_proposal_when_prepared(signal, bureau, author, client):
    actions.decide_consent(member=author, signal=signal, allow=True)
    actions.save_proposal(
        signal=signal,
        text="[naam] uit [plaats] moet terugbetalen.",
        findings=[{"kind": "name", "original": "Mevrouw Jansen", "replacement": "[naam]"}],
        edit_count=signal.post.edit_count,
    )
    client.force_login(bureau)
    html = client.get(reverse("signal_desk:signal", kwargs={"pk": signal.pk})).content.decode()
    assert "[naam] uit [plaats] moet terugbetalen." in html
    assert "<mark>Mevrouw Jansen</mark>" in html


def test_link_is_shown_once_and_can_be_revoked(report, bureau, client):
    client.force_login(bureau)
    act = reverse("signal_desk:report_act", kwargs={"pk": report.pk, "verb": "link"})
    page = client.post(act, {"label": "Ministerie van SZW"}, follow=True).content.decode()
    assert "/denkgroepen/signalen/gedeeld/" in page
    again = client.get(reverse("signal_desk:report", kwargs={"pk": report.pk})).content.decode()
    assert "/denkgroepen/signalen/gedeeld/" not in again
    link = ReportLink.objects.get(report=report)
    client.post(
        reverse(
            "signal_desk:report_item_act",
            kwargs={"pk": report.pk, "verb": "revoke", "item": link.pk},
        )
    )
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_report_form_refuses_a_reversed_period(bureau, theme, client):
    client.force_login(bureau)
    response = client.post(
        reverse("signal_desk:report_new"),
        {
            "title": "Omgekeerde periode", "themes": [theme.pk], "period_start": "2026-05-01",
            "period_end": "2026-04-01", "status": "draft",
        },
        follow=True,
    )  # fmt: skip
    assert "De periode eindigt voordat ze begint." in response.content.decode()
    assert not Report.objects.filter(title="Omgekeerde periode").exists()


def test_publish_as_news_article_makes_a_draft_of_kind_signaalrapport(report, bureau, client):
    from tests import factories
    from website.models import ArticleKind, ArticlePage

    factories.news_index()
    client.force_login(bureau)
    client.post(reverse("website_publish_signal_report", kwargs={"pk": report.pk}))
    page = ArticlePage.objects.get(title=report.title)
    assert page.kind == ArticleKind.SIGNAL_REPORT and not page.live
    assert page.body[0].block_type == "signal_report"


def test_published_article_shows_the_report_and_loses_a_withdrawn_quote(
    signal, report, bureau, author, client
):
    from tests import factories
    from website.publishing import publish_signal_report as publish_as_article

    actions.decide_consent(member=author, signal=signal, allow=True)
    actions.accept_signal(actor=bureau, signal=signal)
    actions.approve_quote(actor=bureau, signal=signal, text="[naam] moet de Tozo terugbetalen.")
    factories.news_index()
    page = publish_as_article(actor=bureau, report=report)
    page.save_revision().publish()
    url = page.url
    assert "[naam] moet de Tozo terugbetalen." in client.get(url).content.decode()
    actions.decide_consent(member=author, signal=signal, allow=False)
    assert signal.__class__.objects.get(pk=signal.pk).consent == Consent.WITHDRAWN
    # The page cache for anonymous visitors is invalidated by the withdrawal.
    assert "[naam] moet de Tozo terugbetalen." not in client.get(url).content.decode()


def test_schemes_are_kept_through_the_write_function(bureau, client):
    client.force_login(bureau)
    client.post(reverse("regelingen:add"), {"name": "Wet kinderopvang", "position": 9})
    assert Scheme.objects.filter(name="Wet kinderopvang").exists()
    response = client.post(reverse("regelingen:add"), {"name": "tozo", "position": 1})
    assert response.status_code == 200
    assert "Deze regeling staat al op de lijst." in response.content.decode()
    assert SignalLog.objects.filter(actor=bureau, after__scheme="Wet kinderopvang").exists()


def test_admin_home_shows_the_trend_panel_to_the_bureau_only(signal, bureau, editor, client):
    client.force_login(bureau)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 nieuw signaal in de inbox" in html and 'data-table="signal-trends"' in html
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "signal-trends" not in html
