"""Signals, themes and reports in the JSON API (mounted at /api/signals), with the pages'
permissions: signals only on posts the member may read, reports without unapproved quotes."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from groups.actions import ActionError
from groups.api import ERRORS, MAX_OFFSET, WRITE_AUTH, WRITE_ERRORS, _require_member, _viewer
from groups.querysets import is_bureau

from . import actions
from .models import Report, ReportStatus, Scheme, Signal, SignalStatus, Theme, ThemeStatus
from .report import build

router = Router(tags=["signals"])


class ThemeOut(Schema):
    slug: str
    name: str
    summary: str
    signal_count: int = Field(description="Accepted signals on posts you may read.")
    url: str


class SignalOut(Schema):
    id: int
    post_id: int
    thread_id: int
    theme: str
    theme_name: str
    scheme: str | None
    kind: str
    sentence: str
    status: str
    support_count: int
    created_at: datetime
    url: str


class MarkIn(Schema):
    post_id: int
    kind: str = Field(..., description="knelpunt, werkt_goed or idee")
    sentence: str = Field(..., max_length=1000)
    theme: str | None = Field(None, description="Slug of a theme from /signals/themes")
    new_theme: str = Field("", max_length=500)
    scheme: str | None = Field(None, description="Name of a scheme from /signals/schemes")
    quote_consent: bool = False


class MarkOut(Schema):
    signal: SignalOut
    created: bool


class ConsentIn(Schema):
    allow: bool


class ReportSummaryOut(Schema):
    id: int
    title: str
    themes: list[str]
    period_start: date
    period_end: date
    status: str
    url: str


class FigureOut(Schema):
    label: str
    count: str = Field(description='A number, or "minder dan 3".')


class QuoteOut(Schema):
    kind: str
    text: str
    domain: str
    scheme: str


class DispatchOut(Schema):
    recipient: str
    sent_on: date
    outcome: str
    answer: str
    answered_on: date | None


class ReportOut(ReportSummaryOut):
    summary: str
    signals: str
    members: str
    organisations: str
    groups: str
    per_domain: list[FigureOut]
    per_kind: list[FigureOut]
    per_week: list[FigureOut]
    quotes: list[QuoteOut]
    dispatches: list[DispatchOut]


class SignalFilter(Schema):
    theme: str | None = None
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(30, ge=1, le=100)


def _signal_out(signal: Signal) -> SignalOut:
    return SignalOut(
        id=signal.pk,
        post_id=signal.post_id,
        thread_id=signal.post.thread_id,
        theme=signal.theme.slug,
        theme_name=signal.theme.name,
        scheme=signal.scheme.name if signal.scheme else None,
        kind=signal.kind,
        sentence=signal.sentence,
        status=signal.status,
        support_count=signal.support_count,
        created_at=signal.created_at,
        url=signal.post.get_absolute_url(),
    )


def _visible_signals(viewer):
    return (
        Signal.objects.filter(post__in=actions.markable_posts(viewer).values("pk"))
        .exclude(status=SignalStatus.REJECTED)
        .select_related("post", "theme", "scheme")
    )


@router.get("/themes", response={200: list[ThemeOut], **ERRORS})
def list_themes(request):
    viewer = _viewer(request)
    _require_member(viewer)
    readable = actions.markable_posts(viewer).values("pk")
    themes = Theme.objects.filter(status=ThemeStatus.ACTIVE).annotate(
        n=Count(
            "signals",
            filter=Q(signals__status=SignalStatus.ACCEPTED, signals__post__in=readable),
        )
    )
    return [
        ThemeOut(slug=t.slug, name=t.name, summary=t.summary, signal_count=t.n,
                 url=t.get_absolute_url())
        for t in themes
    ]  # fmt: skip


@router.get("/schemes", response={200: list[str], **ERRORS})
def list_schemes(request):
    _require_member(_viewer(request))
    return list(Scheme.objects.values_list("name", flat=True))


@router.get("", response={200: list[SignalOut], **ERRORS})
def list_signals(request, filters: Query[SignalFilter]):
    viewer = _viewer(request)
    _require_member(viewer)
    signals = _visible_signals(viewer).order_by("-created_at", "-pk")
    if filters.theme:
        signals = signals.filter(theme__slug=filters.theme)
    return [_signal_out(s) for s in signals[filters.offset : filters.offset + filters.limit]]


@router.post("", response={201: MarkOut, 200: MarkOut, **WRITE_ERRORS}, auth=WRITE_AUTH)
def mark(request, payload: MarkIn):
    viewer = _viewer(request)
    _require_member(viewer)
    post = actions.markable_posts(viewer).filter(pk=payload.post_id).first()
    if post is None:
        raise Http404
    theme = None
    if payload.theme:
        theme = Theme.objects.filter(slug=payload.theme).first()
        if theme is None:
            raise ActionError(_("Choose a theme from the list."), "theme")
    scheme = None
    if payload.scheme:
        scheme = Scheme.objects.filter(name__iexact=payload.scheme).first()
        if scheme is None:
            raise ActionError(_("Choose a scheme from the list."), "scheme")
    signal, created = actions.mark_post(
        member=viewer, post=post, theme=theme, new_theme_name=payload.new_theme,
        scheme=scheme, kind=payload.kind, sentence=payload.sentence,
        quote_consent=payload.quote_consent,
    )  # fmt: skip
    signal = Signal.objects.select_related("post", "theme", "scheme").get(pk=signal.pk)
    return Status(201 if created else 200, MarkOut(signal=_signal_out(signal), created=created))


@router.post("/{signal_id}/consent", response={200: SignalOut, **WRITE_ERRORS}, auth=WRITE_AUTH)
def consent(request, signal_id: int, payload: ConsentIn):
    viewer = _viewer(request)
    _require_member(viewer)
    signal = (
        Signal.objects.select_related("post", "theme", "scheme")
        .filter(pk=signal_id, post__author=viewer)
        .first()
    )
    if signal is None:
        raise Http404
    actions.decide_consent(member=viewer, signal=signal, allow=payload.allow)
    return _signal_out(signal)


def _reports(viewer):
    reports = Report.objects.prefetch_related("themes")
    return reports if is_bureau(viewer) else reports.filter(status=ReportStatus.FINAL)


def _summary(report: Report) -> dict:
    return {
        "id": report.pk,
        "title": report.title,
        "themes": [t.name for t in report.themes.all()],
        "period_start": report.period_start,
        "period_end": report.period_end,
        "status": report.status,
        "url": report.get_absolute_url(),
    }


@router.get("/reports", response={200: list[ReportSummaryOut], **ERRORS})
def list_reports(request):
    viewer = _viewer(request)
    _require_member(viewer)
    return [ReportSummaryOut(**_summary(r)) for r in _reports(viewer)[:200]]


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS})
def read_report(request, report_id: int):
    viewer = _viewer(request)
    _require_member(viewer)
    report = _reports(viewer).filter(pk=report_id).first()
    if report is None:
        raise Http404
    data = build(report)
    return ReportOut(
        **_summary(report),
        summary=report.summary,
        signals=data.signals.shown,
        members=data.members.shown,
        organisations=data.organisations.shown,
        groups=data.groups.shown,
        per_domain=[FigureOut(label=n, count=c.shown) for n, c in data.per_domain],
        per_kind=[FigureOut(label=str(n), count=c.shown) for n, c in data.per_kind],
        per_week=[
            FigureOut(label=w.isoformat(), count=c.shown)
            for w, c in zip(data.weeks, data.weekly, strict=True)
        ],
        quotes=[
            QuoteOut(kind=q.kind, text=q.text, domain=q.domain, scheme=q.scheme)
            for _label, quotes in data.quotes_by_kind
            for q in quotes
        ],
        dispatches=[
            DispatchOut(
                recipient=d.recipient,
                sent_on=d.sent_on,
                outcome=d.outcome,
                answer=d.answer,
                answered_on=d.answered_on,
            )
            for d in report.dispatches.all()
        ],  # fmt: skip
    )
