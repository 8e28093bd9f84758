"""The bureau's quotes (anonymised, approved, audit-logged), reports, links and answers."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from community.text import clean_line, clean_text
from groups.actions import ActionError
from groups.models import Visibility
from groups.notifications import notify

from ..models import (
    Consent,
    LogKind,
    Outcome,
    Report,
    ReportDispatch,
    ReportLink,
    ReportStatus,
    Signal,
    SignalMark,
    Theme,
)
from .common import (
    MAX_PERIOD_DAYS,
    QUOTE_MAX,
    TITLE_MAX,
    TITLE_MIN,
    _check_bureau,
    _clean_reason,
    _invalidate_pages,
    _locked,
    _log,
    current_theme,
)

# --- the bureau: quotes --------------------------------------------------------------------


def save_proposal(*, signal: Signal, text: str, findings: list[dict], edit_count: int) -> None:
    """Store the anonymiser's proposal (the worker calls this; no person acts)."""
    Signal.objects.filter(pk=signal.pk).update(
        proposal_text=text, proposal_findings=findings, proposal_edit_count=edit_count
    )


def _check_quote_text(signal: Signal, text: str) -> str:
    from core.anonymise import guard_findings

    text = clean_text(text or "")
    if not text:
        raise ActionError(_("The quote is empty."), "quote")
    if len(text) > QUOTE_MAX:
        raise ActionError(
            _("A quote may have at most %(max)d characters.") % {"max": QUOTE_MAX}, "quote"
        )
    found = guard_findings(text)
    if found:
        raise ActionError(
            _("The quote still contains %(what)s. Replace it before approving.")
            % {"what": ", ".join(sorted({f.label for f in found}))},
            "quote",
        )
    folded = text.casefold()
    post = signal.post
    names = [post.author.display_name] if post.author else []
    if post.thread.group.visibility == Visibility.PRIVATE:
        names.append(post.thread.group.name)
    for name in names:
        if name and len(name) >= 3 and name.casefold() in folded:
            raise ActionError(
                _("The quote still contains “%(name)s”. Replace it before approving.")
                % {"name": name},
                "quote",
            )
    return text


def approve_quote(*, actor: Member, signal: Signal, text: str) -> Signal:
    """The bureau approves the anonymised quote (audit-logged, with the original beside it);
    it stays approved until the post is edited."""
    _check_bureau(actor)
    with transaction.atomic():
        current = _locked(signal)
        if current.consent != Consent.GIVEN:
            raise ActionError(
                _("The author has not agreed to be quoted; the message counts but is not quoted."),
                "consent",
            )
        text = _check_quote_text(current, text)
        before = {"quote": current.quote_text if current.quote_approved_at else ""}
        current.quote_text = text
        current.quote_approved_at = timezone.now()
        current.quote_approved_by = actor
        current.quote_approved_edit_count = current.post.edit_count
        current.save(
            update_fields=[
                "quote_text",
                "quote_approved_at",
                "quote_approved_by",
                "quote_approved_edit_count",
            ]
        )
        _log(
            actor,
            LogKind.APPROVE_QUOTE,
            signal=current,
            before=before,
            after={
                "quote": text,
                "original": current.post.body,
                "proposal": current.proposal_text,
                "post_edit_count": current.post.edit_count,
            },
        )
        _invalidate_pages()
    return current


def unapprove_quote(*, actor: Member, signal: Signal, reason: str = "") -> Signal:
    _check_bureau(actor)
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        current = _locked(signal)
        before = {"quote": current.quote_text}
        current.quote_approved_at = None
        current.quote_approved_by = None
        current.quote_approved_edit_count = None
        current.save(
            update_fields=["quote_approved_at", "quote_approved_by", "quote_approved_edit_count"]
        )
        _log(actor, LogKind.UNAPPROVE_QUOTE, signal=current, reason=reason, before=before)
        _invalidate_pages()
    return current


# --- the bureau: reports, links, answers ---------------------------------------------------------


def _clean_period(start: datetime.date | None, end: datetime.date | None) -> None:
    if start is None or end is None:
        raise ActionError(_("Give the first and the last day of the period."), "period")
    if end < start:
        raise ActionError(_("The period ends before it starts."), "period")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ActionError(_("A report covers at most three years."), "period")


def save_report(
    *,
    actor: Member,
    title: str,
    themes: list[Theme],
    period_start: datetime.date,
    period_end: datetime.date,
    summary: str = "",
    status: str = ReportStatus.DRAFT,
    report: Report | None = None,
) -> Report:
    _check_bureau(actor)
    title = clean_line(title or "")
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise ActionError(
            _("A title needs %(min)d to %(max)d characters.")
            % {"min": TITLE_MIN, "max": TITLE_MAX},
            "title",
        )
    themes = list({current_theme(t).pk: current_theme(t) for t in themes}.values())
    if not themes:
        raise ActionError(_("Choose at least one theme."), "themes")
    _clean_period(period_start, period_end)
    if status not in ReportStatus.values:
        raise ActionError(_("Choose a status."), "status")
    summary = clean_text(summary or "")
    if len(summary) > 10000:
        raise ActionError(_("A summary may have at most 10000 characters."), "summary")
    with transaction.atomic():
        report = report or Report(created_by=actor)
        report.title, report.summary, report.status = title, summary, status
        report.period_start, report.period_end = period_start, period_end
        report.updated_at = timezone.now()
        report.save()
        report.themes.set(themes)
        _log(
            actor,
            LogKind.REPORT,
            report=report,
            after={
                "title": title,
                "themes": [t.name for t in themes],
                "period": [period_start.isoformat(), period_end.isoformat()],
                "status": status,
            },
        )
        _invalidate_pages()
    return report


def create_report_link(*, actor: Member, report: Report, label: str) -> tuple[ReportLink, str]:
    """A read-only link for outsiders; returns it and its token (shown once)."""
    _check_bureau(actor)
    label = clean_line(label or "")
    if not 2 <= len(label) <= 200:
        raise ActionError(_("Say for whom the link is (2 to 200 characters)."), "label")
    with transaction.atomic():
        link = ReportLink(report=report, label=label, created_by=actor)
        token = link.set_token()
        link.save()
        _log(actor, LogKind.LINK, report=report, after={"link": str(link)})
    return link, token


def revoke_report_link(*, actor: Member, link: ReportLink) -> ReportLink:
    _check_bureau(actor)
    if link.revoked_at is not None:
        return link
    with transaction.atomic():
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        _log(actor, LogKind.LINK_REVOKE, report=link.report, before={"link": str(link)})
    return link


def record_dispatch(
    *, actor: Member, report: Report, recipient: str, sent_on: datetime.date | None
) -> ReportDispatch:
    """The report went to ``recipient``; a report that went out is final."""
    _check_bureau(actor)
    recipient = clean_line(recipient or "")
    if not 2 <= len(recipient) <= 200:
        raise ActionError(_("Say to whom the report went (2 to 200 characters)."), "recipient")
    if sent_on is None:
        raise ActionError(_("Give the date the report went out."), "sent_on")
    if sent_on > timezone.localdate():
        raise ActionError(_("The date it went out cannot be in the future."), "sent_on")
    with transaction.atomic():
        dispatch = ReportDispatch.objects.create(
            report=report, recipient=recipient, sent_on=sent_on, recorded_by=actor
        )
        if report.status != ReportStatus.FINAL:
            report.status = ReportStatus.FINAL
            report.save(update_fields=["status"])
        _log(
            actor,
            LogKind.DISPATCH,
            report=report,
            after={"recipient": recipient, "sent_on": sent_on.isoformat()},
        )
    return dispatch


def report_participants(report: Report):
    """Members who marked or supported a signal the report counts."""
    from ..report import report_signals

    return Member.objects.filter(
        is_active=True,
        pk__in=SignalMark.objects.filter(signal__in=report_signals(report).values("pk")).values(
            "member_id"
        ),
    )


def record_answer(
    *,
    actor: Member,
    dispatch: ReportDispatch,
    outcome: str,
    answer: str,
    answered_on: datetime.date | None,
) -> ReportDispatch:
    """The answer came back: every member who marked or supported a signal in the report,
    and the followers of its themes, hear about it."""
    _check_bureau(actor)
    if outcome not in (Outcome.ADOPTED, Outcome.PARTLY, Outcome.NOT):
        raise ActionError(_("Choose what happened with the report."), "outcome")
    answer = clean_text(answer or "")
    if len(answer) > 5000:
        raise ActionError(_("An answer may have at most 5000 characters."), "answer")
    if answered_on is None:
        raise ActionError(_("Give the date of the answer."), "answered_on")
    if answered_on < dispatch.sent_on:
        raise ActionError(
            _("The answer cannot be dated before the report went out."), "answered_on"
        )
    if answered_on > timezone.localdate():
        raise ActionError(_("The date of the answer cannot be in the future."), "answered_on")
    report = dispatch.report
    with transaction.atomic():
        before = {"outcome": dispatch.outcome, "answer": dispatch.answer}
        dispatch.outcome, dispatch.answer, dispatch.answered_on = outcome, answer, answered_on
        dispatch.save(update_fields=["outcome", "answer", "answered_on"])
        _log(
            actor,
            LogKind.ANSWER,
            report=report,
            before=before,
            after={"outcome": outcome, "recipient": dispatch.recipient},
        )
        followers = Member.objects.filter(
            is_active=True, theme_follows__theme__in=report.themes.all()
        )
        recipients = {m.pk: m for m in [*report_participants(report), *followers]}
        notify(
            recipients.values(),
            kind=NotificationKind.SIGNAL,
            text=_("%(recipient)s answered the signal report “%(title)s”: %(outcome)s.")
            % {
                "recipient": dispatch.recipient,
                "title": report.title,
                "outcome": Outcome(outcome).label,
            },
            url=report.get_absolute_url(),
            actor=actor,
        )
    return dispatch
