"""The signal report: figures and "minder dan 3", the weekly trend against the data, quotes
with consent in every rendering (page, token link, PDF, CSV), revocation, empty periods."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import actions as forum
from groups.reports.suppression import breakdown, count
from groups.signals import actions
from groups.signals.models import Signal, SignalKind
from groups.signals.report import build, csv_rows
from tests import factories

from .conftest import mark

QUOTE = "[naam] uit [plaats] moet 8000 euro Tozo terugbetalen; dat klopt niet."


def _period():
    today = timezone.localdate()
    return today - datetime.timedelta(days=60), today


@pytest.fixture
def report(bureau, theme):
    start, end = _period()
    return actions.save_report(
        actor=bureau, title="Signalen over de Tozo", themes=[theme],
        period_start=start, period_end=end, summary="Veel zzp'ers worden hard geraakt.",
    )  # fmt: skip


@pytest.fixture
def quoted(signal, bureau, author):
    actions.decide_consent(member=author, signal=signal, allow=True)
    actions.accept_signal(actor=bureau, signal=signal)
    actions.approve_quote(actor=bureau, signal=signal, text=QUOTE)
    return signal


def _many_signals(n, *, thread, theme, group, kind=SignalKind.PROBLEM, bureau):
    made = []
    for i in range(n):
        writer = factories.MemberFactory(organisation=f"Gemeente {kind} {i}")
        factories.add_to_group(writer, group)
        post = forum.reply(member=writer, thread=thread, body=f"Ook bij ons gaat het mis ({i}).")
        signal, _ = mark(writer, post, theme, kind=kind)
        actions.accept_signal(actor=bureau, signal=signal)
        made.append(signal)
    return made


def test_counts_below_three_show_as_less_than_three():
    assert count(0).shown == "0"
    assert count(1).shown == "minder dan 3"
    assert count(2).shown == "minder dan 3"
    assert count(3).shown == "3"


def test_a_single_small_cell_hides_the_next_smallest_too():
    cells = breakdown({"zorg": 2, "jeugd": 5, "armoede": 9})
    assert cells["zorg"].hidden and cells["jeugd"].hidden and not cells["armoede"].hidden


def test_report_figures_hide_small_counts(quoted, report, bureau):
    data = build(report)
    assert data.signals.value == 1 and data.signals.shown == "minder dan 3"
    assert data.members.shown == "minder dan 3"
    html = _member_page(bureau, report)
    assert "minder dan 3" in html
    rows = csv_rows(data)
    assert ["Signalen", "", "minder dan 3"] in rows


def test_figures_against_the_data(report, thread, theme, open_group, bureau):
    made = _many_signals(4, thread=thread, theme=theme, group=open_group, bureau=bureau)
    _many_signals(
        3, thread=thread, theme=theme, group=open_group, kind=SignalKind.IDEA, bureau=bureau
    )
    # One signal was marked 9 weeks ago (still in the period), one rejected, one not accepted.
    Signal.objects.filter(pk=made[0].pk).update(
        created_at=timezone.now() - datetime.timedelta(weeks=7)
    )
    rejected = _many_signals(1, thread=thread, theme=theme, group=open_group, bureau=bureau)[0]
    actions.reject_signal(actor=bureau, signal=rejected, reason="Geen beleidssignaal.")
    data = build(report)
    assert data.signals.value == 7
    assert data.members.value == 7
    assert data.organisations.value == 7  # the markers are the authors here
    kinds = dict(data.per_kind)
    assert kinds["knelpunt"].value == 4 and kinds["idee"].value == 3
    # "werkt goed" has no signals; 0 is shown as 0.
    assert kinds["werkt goed"].shown == "0"
    assert sum(c.value for c in data.weekly) == 7
    week_of_old = made[0].created_at
    old = timezone.localtime(timezone.now() - datetime.timedelta(weeks=7)).date()
    monday = old - datetime.timedelta(days=old.weekday())
    assert data.weekly[data.weeks.index(monday)].value == 1
    assert data.weekly[data.weeks.index(monday)].hidden
    assert week_of_old  # the update above moved it


def test_empty_period_says_so(bureau, theme):
    report = actions.save_report(
        actor=bureau, title="Leeg rapport", themes=[theme],
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 1, 31),
    )  # fmt: skip
    html = _member_page(bureau, report)
    assert "Geen signalen in deze periode" in html


def _member_page(member, report) -> str:
    from django.test import Client

    client = Client()
    client.force_login(member)
    response = client.get(reverse("groups:signals:report", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    return response.content.decode()


def _token_link(bureau, report) -> str:
    _link, token = actions.create_report_link(actor=bureau, report=report, label="Ministerie")
    return token


def test_withdrawn_consent_leaves_every_rendering_at_once(quoted, report, bureau, author, client):
    token = _token_link(bureau, report)
    shared = reverse("groups:signals:shared", kwargs={"token": token})
    assert "[naam] uit [plaats]" in client.get(shared).content.decode()
    assert "[naam] uit [plaats]" in _member_page(bureau, report)
    assert build(report).quote_count == 1

    actions.decide_consent(member=author, signal=quoted, allow=False)

    assert "[naam] uit [plaats]" not in client.get(shared).content.decode()
    assert "[naam] uit [plaats]" not in _member_page(bureau, report)
    assert build(report).quote_count == 0
    # The signal still counts in the figures.
    assert build(report).signals.value == 1


def test_pdf_contains_the_quote_and_loses_it_after_withdrawal(
    quoted, report, bureau, author, client
):
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader  # noqa: F401 - only when the PDF text can be read

    token = _token_link(bureau, report)
    url = reverse("groups:signals:shared_pdf", kwargs={"token": token})
    text = _pdf_text(client.get(url))
    assert "Signalen over de Tozo" in text and "[naam]" in text
    actions.decide_consent(member=author, signal=quoted, allow=False)
    assert "[naam]" not in _pdf_text(client.get(url))


def _pdf_text(response) -> str:
    import io

    from pypdf import PdfReader

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_token_link_shows_no_names_and_404s_after_revocation(
    author, private_post, theme, bureau, client
):
    signal, _ = mark(author, private_post, theme, quote_consent=True)
    actions.accept_signal(actor=bureau, signal=signal)
    actions.approve_quote(
        actor=bureau, signal=signal, text="In [plaats] drijft de norm gezinnen uit elkaar."
    )
    start, end = _period()
    report = actions.save_report(
        actor=bureau, title="Kostendelers", themes=[theme], period_start=start, period_end=end
    )
    link, token = actions.create_report_link(actor=bureau, report=report, label="Gemeente")
    for name in ("shared", "shared_csv"):
        response = client.get(reverse(f"groups:signals:{name}", kwargs={"token": token}))
        body = response.content.decode("utf-8-sig")
        assert response.status_code == 200
        assert "Geheime Kring Noord" not in body and "Anouk" not in body
        assert "/denkgroepen/onderwerp/" not in body  # no links into the platform
    actions.revoke_report_link(actor=bureau, link=link)
    for name in ("shared", "shared_pdf", "shared_csv"):
        response = client.get(reverse(f"groups:signals:{name}", kwargs={"token": token}))
        assert response.status_code == 404


@pytest.mark.parametrize("token", ["x", "a" * 43, "../../etc", "a" * 500])
def test_unknown_tokens_are_404(client, token, report):
    assert client.get(f"/denkgroepen/signalen/gedeeld/{token}/").status_code == 404


def test_member_sees_final_reports_with_links_only_to_readable_discussions(
    author, private_post, theme, report, bureau, marker, client
):
    quoted, _ = mark(author, private_post, theme, quote_consent=True)
    actions.accept_signal(actor=bureau, signal=quoted)
    actions.approve_quote(actor=bureau, signal=quoted, text=QUOTE)
    # A draft is the bureau's.
    client.force_login(marker)
    url = reverse("groups:signals:report", kwargs={"pk": report.pk})
    assert client.get(url).status_code == 404
    actions.save_report(
        actor=bureau, report=report, title=report.title, themes=list(report.themes.all()),
        period_start=report.period_start, period_end=report.period_end, status="final",
    )  # fmt: skip
    html = client.get(url).content.decode()
    assert "[naam] uit [plaats]" in html
    # The marker is no member of the private group: the quote, but no link to it.
    assert quoted.post.get_absolute_url().split("#")[0] not in html
    client.force_login(author)
    assert quoted.post.get_absolute_url().split("#")[0] in client.get(url).content.decode()


def test_anonymous_visitor_gets_no_report_page(report, client):
    response = client.get(reverse("groups:signals:report", kwargs={"pk": report.pk}))
    assert response.status_code == 302


def test_pdf_without_weasyprint_answers_one_dutch_line(quoted, report, bureau, client, monkeypatch):
    from groups.reports import rendering

    def missing():
        raise rendering.PdfUnavailable("libpango-1.0-0 not found")

    monkeypatch.setattr(rendering, "_weasyprint", missing)
    client.force_login(bureau)
    response = client.get(reverse("groups:signals:report_pdf", kwargs={"pk": report.pk}))
    assert response.status_code == 503
    assert "pdf kan op deze server nu niet gemaakt worden" in response.content.decode()


def test_csv_cells_cannot_start_a_formula(bureau, theme, client):
    start, end = _period()
    report = actions.save_report(
        actor=bureau, title="=HYPERLINK(\"x\") rapport", themes=[theme],
        period_start=start, period_end=end,
    )  # fmt: skip
    token = _token_link(bureau, report)
    body = client.get(reverse("groups:signals:shared_csv", kwargs={"token": token})).content
    assert b"'=HYPERLINK" in body
    assert b";=" not in body and b';"=' not in body


def test_report_page_queries_do_not_grow_with_signals(
    report, thread, theme, open_group, bureau, django_assert_max_num_queries, client
):
    _many_signals(3, thread=thread, theme=theme, group=open_group, bureau=bureau)
    client.force_login(bureau)
    url = reverse("groups:signals:report", kwargs={"pk": report.pk})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _many_signals(6, thread=thread, theme=theme, group=open_group, bureau=bureau)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
