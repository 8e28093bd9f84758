"""Signal write functions: one per verb, the only way signal data changes (site, API, admin).

Each checks permission (members mark what they may read; authors decide on quoting; the
bureau curates), writes the audit log, and notifies inside its transaction (the live bell
and e-mail leave after commit through ``groups.notifications``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from community.text import clean_line, clean_text, has_markup
from groups.actions import ActionError
from groups.models import Post, Visibility
from groups.notifications import notify
from groups.querysets import is_bureau, is_member

from .models import (
    Consent,
    LogKind,
    Outcome,
    Report,
    ReportDispatch,
    ReportLink,
    ReportStatus,
    Scheme,
    Signal,
    SignalKind,
    SignalLog,
    SignalMark,
    SignalStatus,
    Theme,
    ThemeFollow,
    ThemeStatus,
)

SENTENCE_MIN, SENTENCE_MAX = 10, 300
THEME_NAME_MIN, THEME_NAME_MAX = 3, 120
REASON_MAX = 500
QUOTE_MAX = 3000
TITLE_MIN, TITLE_MAX = 5, 200
MAX_PERIOD_DAYS = 3 * 366


# --- shared helpers ------------------------------------------------------------------------


def _check_bureau(actor) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(_("Only the bureau can do that."))


def _log(actor, kind: str, **fields) -> SignalLog:
    return SignalLog.objects.create(actor=actor, kind=kind, **fields)


def _invalidate_pages() -> None:
    """Pages cached for anonymous visitors may embed a report (a published article): drop
    them now and again after commit (``invalidate_content`` does both)."""
    from website.cache import invalidate_content

    invalidate_content()


def _locked(signal: Signal) -> Signal:
    return (
        Signal.objects.select_for_update(of=("self",))
        .select_related("post__thread__group", "post__author", "theme")
        .get(pk=signal.pk)
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "thema"
    slug, n = base, 2
    while Theme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_reason(reason: str, *, required: bool = True) -> str:
    reason = clean_line(reason or "")
    if required and not reason:
        raise ActionError(_("Give a reason; the member concerned will read it."), "reason")
    if len(reason) > REASON_MAX:
        raise ActionError(
            _("A reason may have at most %(max)d characters.") % {"max": REASON_MAX}, "reason"
        )
    return reason


def current_theme(theme: Theme) -> Theme:
    """The theme a merged theme lives on in (merges may chain)."""
    seen = set()
    while theme.status == ThemeStatus.MERGED and theme.merged_into_id and theme.pk not in seen:
        seen.add(theme.pk)
        theme = theme.merged_into
    return theme


def _clean_theme_name(name: str) -> str:
    name = clean_line(name or "")
    if has_markup(name):
        raise ActionError(_("A theme name cannot contain < or >."), "theme")
    if not THEME_NAME_MIN <= len(name) <= THEME_NAME_MAX:
        raise ActionError(
            _("A theme name needs %(min)d to %(max)d characters.")
            % {"min": THEME_NAME_MIN, "max": THEME_NAME_MAX},
            "theme",
        )
    return name


def _theme_for_marking(member: Member, theme: Theme | None, new_theme_name: str) -> Theme:
    if theme is not None and new_theme_name:
        raise ActionError(_("Choose a theme or propose a new one, not both."), "theme")
    if theme is not None:
        theme = current_theme(theme)
        if theme.status != ThemeStatus.ACTIVE:
            raise ActionError(_("Choose a theme from the list."), "theme")
        return theme
    if not new_theme_name:
        raise ActionError(_("Choose a theme or propose a new one."), "theme")
    name = _clean_theme_name(new_theme_name)
    existing = Theme.objects.filter(name__iexact=name).first()
    if existing is not None:
        return current_theme(existing)
    return Theme.objects.create(
        name=name, slug=_unique_slug(name), status=ThemeStatus.PROPOSED, proposed_by=member
    )


def _clean_sentence(sentence: str) -> str:
    sentence = clean_line(sentence or "")
    if len(sentence) < SENTENCE_MIN:
        raise ActionError(
            _("Write in one sentence (at least %(min)d characters) what policy should hear.")
            % {"min": SENTENCE_MIN},
            "sentence",
        )
    if len(sentence) > SENTENCE_MAX:
        raise ActionError(
            _("The sentence may have at most %(max)d characters.") % {"max": SENTENCE_MAX},
            "sentence",
        )
    return sentence


def markable_posts(member):
    """Posts ``member`` may mark: readable, and neither hidden, held nor deleted."""
    return Post.objects.readable_by(member).filter(
        is_hidden=False, is_held=False, is_deleted=False, thread__is_hidden=False
    )


# --- members: marking, support, consent, follows ---------------------------------------------


def mark_post(
    *,
    member: Member,
    post: Post,
    kind: str,
    sentence: str,
    theme: Theme | None = None,
    new_theme_name: str = "",
    scheme: Scheme | None = None,
    quote_consent: bool = False,
) -> tuple[Signal, bool]:
    """Mark ``post`` as a signal, or support the signal it already is. Returns the signal
    and whether this member's mark is new (marking twice keeps one mark)."""
    if not is_member(member):
        raise PermissionDenied(_("Log in to mark a message as a signal."))
    if member.is_suspended:
        raise PermissionDenied(_("Your account is suspended; you cannot do that at the moment."))
    if not markable_posts(member).filter(pk=post.pk).exists():
        raise PermissionDenied(_("You cannot mark this message as a signal."))
    existing = Signal.objects.filter(post=post).first()
    if existing is not None:
        return existing, support_signal(member=member, signal=existing)
    if kind not in SignalKind.values:
        raise ActionError(_("Choose what kind of signal this is."), "kind")
    sentence = _clean_sentence(sentence)
    try:
        with transaction.atomic():
            chosen = _theme_for_marking(member, theme, new_theme_name)
            own = post.author_id == member.pk
            consent = Consent.PENDING
            if own:
                consent = Consent.GIVEN if quote_consent else Consent.REFUSED
            signal = Signal.objects.create(
                post=post,
                theme=chosen,
                scheme=scheme,
                kind=kind,
                sentence=sentence,
                marked_by=member,
                consent=consent,
                consent_at=timezone.now() if own else None,
            )
            SignalMark.objects.create(signal=signal, member=member)
            _log(member, LogKind.MARK, signal=signal, theme=chosen, after={"sentence": sentence})
            if not own:
                _ask_consent(signal, member)
    except IntegrityError:
        # Another member marked the same post at the same moment: support theirs.
        existing = Signal.objects.get(post=post)
        return existing, support_signal(member=member, signal=existing)
    return signal, True


def support_signal(*, member: Member, signal: Signal) -> bool:
    """``member`` recognises the signal; False when they had marked it already."""
    if not is_member(member):
        raise PermissionDenied(_("Log in to mark a message as a signal."))
    if not markable_posts(member).filter(pk=signal.post_id).exists():
        raise PermissionDenied(_("You cannot mark this message as a signal."))
    if signal.status == SignalStatus.REJECTED:
        raise ActionError(_("The bureau did not take up this signal."), "rejected")
    try:
        with transaction.atomic():
            SignalMark.objects.create(signal=signal, member=member)
            Signal.objects.filter(pk=signal.pk).update(mark_count=F("mark_count") + 1)
            _log(member, LogKind.SUPPORT, signal=signal)
    except IntegrityError:
        return False
    signal.refresh_from_db(fields=["mark_count"])
    return True


def _ask_consent(signal: Signal, marker: Member) -> None:
    author = signal.post.author
    if author is None or not author.is_active:
        return
    notify(
        [author],
        kind=NotificationKind.SIGNAL,
        text=_(
            "A colleague marked your message in “%(title)s” as a signal for policy. "
            "May it be quoted anonymously?"
        )
        % {"title": signal.post.thread.title},
        url=reverse("groups:signals:consent", kwargs={"pk": signal.pk}),
        actor=marker,
        post=signal.post,
    )


def decide_consent(*, member: Member, signal: Signal, allow: bool) -> Signal:
    """The author says whether the post may be quoted outside the platform; a later no
    withdraws an earlier yes and the quote leaves every report at once."""
    if not is_member(member) or signal.post.author_id != member.pk:
        raise PermissionDenied(_("Only the author of the message decides about quoting."))
    with transaction.atomic():
        current = _locked(signal)
        before = current.consent
        if allow:
            current.consent = Consent.GIVEN
        elif before == Consent.GIVEN:
            current.consent = Consent.WITHDRAWN
        else:
            current.consent = Consent.REFUSED
        if current.consent == before:
            return current
        current.consent_at = timezone.now()
        current.save(update_fields=["consent", "consent_at"])
        _log(
            member,
            LogKind.CONSENT,
            signal=current,
            before={"consent": before},
            after={"consent": current.consent},
        )
        _invalidate_pages()
    return current


def follow_theme(*, member: Member, theme: Theme) -> ThemeFollow:
    if not is_member(member):
        raise PermissionDenied(_("Log in to follow a theme."))
    theme = current_theme(theme)
    follow, _created = ThemeFollow.objects.get_or_create(theme=theme, member=member)
    return follow


def unfollow_theme(*, member: Member, theme: Theme) -> None:
    ThemeFollow.objects.filter(theme=theme, member=member).delete()


# --- the bureau: the desk ----------------------------------------------------------------------


def _notify_marker(signal: Signal, actor: Member, text: str) -> None:
    if signal.marked_by_id is None:
        return
    notify(
        [signal.marked_by],
        kind=NotificationKind.SIGNAL,
        text=text,
        url=reverse("groups:signals:mine"),
        actor=actor,
    )


def accept_signal(*, actor: Member, signal: Signal, theme: Theme | None = None) -> Signal:
    """Take the signal up in ``theme`` (its own by default); a proposed theme is accepted
    with it."""
    _check_bureau(actor)
    with transaction.atomic():
        current = _locked(signal)
        target = current_theme(theme or current.theme)
        if target.status == ThemeStatus.PROPOSED:
            accept_theme(actor=actor, theme=target)
        before = {"status": current.status, "theme": current.theme.name}
        current.theme = target
        current.status = SignalStatus.ACCEPTED
        current.reject_reason = ""
        current.decided_at = timezone.now()
        current.decided_by = actor
        current.save(update_fields=["theme", "status", "reject_reason", "decided_at", "decided_by"])
        _log(
            actor,
            LogKind.ACCEPT,
            signal=current,
            theme=target,
            before=before,
            after={"status": current.status, "theme": target.name},
        )
        _notify_marker(
            current,
            actor,
            _("The bureau took up your signal in the theme “%(theme)s”.") % {"theme": target.name},
        )
    return current


def move_signal(*, actor: Member, signal: Signal, theme: Theme) -> Signal:
    _check_bureau(actor)
    with transaction.atomic():
        current = _locked(signal)
        target = current_theme(theme)
        if target.pk == current.theme_id:
            return current
        if target.status == ThemeStatus.PROPOSED:
            accept_theme(actor=actor, theme=target)
        before = current.theme.name
        current.theme = target
        current.save(update_fields=["theme"])
        _log(
            actor,
            LogKind.MOVE,
            signal=current,
            theme=target,
            before={"theme": before},
            after={"theme": target.name},
        )
    return current


def reject_signal(*, actor: Member, signal: Signal, reason: str) -> Signal:
    _check_bureau(actor)
    reason = _clean_reason(reason)
    with transaction.atomic():
        current = _locked(signal)
        before = current.status
        current.status = SignalStatus.REJECTED
        current.reject_reason = reason
        current.decided_at = timezone.now()
        current.decided_by = actor
        current.save(update_fields=["status", "reject_reason", "decided_at", "decided_by"])
        _log(
            actor,
            LogKind.REJECT,
            signal=current,
            reason=reason,
            before={"status": before},
            after={"status": current.status},
        )
        _notify_marker(
            current,
            actor,
            _("The bureau did not take up your signal: %(reason)s") % {"reason": reason},
        )
        _invalidate_pages()
    return current


def create_theme(*, actor: Member, name: str, summary: str = "") -> Theme:
    _check_bureau(actor)
    name = _clean_theme_name(name)
    if Theme.objects.filter(name__iexact=name).exists():
        raise ActionError(_("A theme with this name exists already."), "theme")
    with transaction.atomic():
        theme = Theme.objects.create(
            name=name, slug=_unique_slug(name), summary=clean_text(summary)[:5000]
        )
        _log(actor, LogKind.THEME_EDIT, theme=theme, after={"name": name})
    return theme


def save_theme(*, actor: Member, theme: Theme, name: str, summary: str) -> Theme:
    _check_bureau(actor)
    name = _clean_theme_name(name)
    if Theme.objects.filter(name__iexact=name).exclude(pk=theme.pk).exists():
        raise ActionError(_("A theme with this name exists already."), "theme")
    summary = clean_text(summary or "")
    if len(summary) > 5000:
        raise ActionError(_("A summary may have at most 5000 characters."), "summary")
    with transaction.atomic():
        before = {"name": theme.name, "summary": theme.summary}
        theme.name, theme.summary = name, summary
        theme.save(update_fields=["name", "summary"])
        _log(actor, LogKind.THEME_EDIT, theme=theme, before=before, after={"name": name})
        _invalidate_pages()
    return theme


def accept_theme(*, actor: Member, theme: Theme) -> Theme:
    _check_bureau(actor)
    if theme.status != ThemeStatus.PROPOSED:
        return theme
    with transaction.atomic():
        theme.status = ThemeStatus.ACTIVE
        theme.save(update_fields=["status"])
        _log(actor, LogKind.THEME_ACCEPT, theme=theme)
    return theme


def _move_theme_contents(source: Theme, target: Theme) -> int:
    moved = Signal.objects.filter(theme=source).update(theme=target)
    followers = ThemeFollow.objects.filter(theme=target).values("member_id")
    ThemeFollow.objects.filter(theme=source).exclude(member_id__in=followers).update(theme=target)
    ThemeFollow.objects.filter(theme=source).delete()
    for report in Report.objects.filter(themes=source):
        report.themes.add(target)
        report.themes.remove(source)
    Theme.objects.filter(merged_into=source).update(merged_into=target)
    return moved


def merge_themes(*, actor: Member, source: Theme, target: Theme) -> Theme:
    """``source`` becomes part of ``target``: its signals, followers and reports move; its
    address keeps working and leads to ``target``."""
    _check_bureau(actor)
    target = current_theme(target)
    if source.pk == target.pk:
        raise ActionError(_("Choose two different themes to merge."), "theme")
    if source.status == ThemeStatus.MERGED:
        raise ActionError(_("This theme was merged already."), "theme")
    with transaction.atomic():
        moved = _move_theme_contents(source, target)
        if target.status == ThemeStatus.PROPOSED:
            accept_theme(actor=actor, theme=target)
        source.status = ThemeStatus.MERGED
        source.merged_into = target
        source.save(update_fields=["status", "merged_into"])
        _log(
            actor,
            LogKind.THEME_MERGE,
            theme=target,
            before={"theme": source.name},
            after={"theme": target.name, "signals": moved},
        )
        _invalidate_pages()
    return target


def delete_theme(*, actor: Member, theme: Theme, move_to: Theme | None = None) -> None:
    """Delete a theme; its signals, followers and reports move to ``move_to`` (required
    when it has any)."""
    _check_bureau(actor)
    has_contents = Signal.objects.filter(theme=theme).exists() or theme.reports.exists()
    if move_to is not None:
        move_to = current_theme(move_to)
        if move_to.pk == theme.pk:
            raise ActionError(_("Choose another theme for its signals."), "theme")
    elif has_contents:
        raise ActionError(
            _("This theme has signals or reports: choose the theme they move to."), "theme"
        )
    with transaction.atomic():
        moved = _move_theme_contents(theme, move_to) if move_to is not None else 0
        _log(
            actor,
            LogKind.THEME_DELETE,
            theme=move_to,
            before={"theme": theme.name},
            after={"theme": move_to.name if move_to else "", "signals": moved},
        )
        theme.delete()
        _invalidate_pages()


def clean_scheme_name(name: str, scheme: Scheme | None = None) -> str:
    name = clean_line(name or "")
    if not 2 <= len(name) <= 120 or has_markup(name):
        raise ActionError(_("A scheme needs a name of 2 to 120 characters, without < or >."))
    others = Scheme.objects.filter(name__iexact=name)
    if scheme is not None and scheme.pk:
        others = others.exclude(pk=scheme.pk)
    if others.exists():
        raise ActionError(_("This scheme is on the list already."))
    return name


def save_scheme(*, actor: Member, name: str, position: int = 0, scheme: Scheme | None = None):
    """Add a scheme or law to the list, or rename one."""
    _check_bureau(actor)
    name = clean_scheme_name(name, scheme)
    with transaction.atomic():
        scheme = scheme or Scheme()
        before = {"name": scheme.name}
        scheme.name, scheme.position = name, max(int(position or 0), 0)
        scheme.save()
        _log(actor, LogKind.THEME_EDIT, before=before, after={"scheme": name})
    return scheme


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
    from .report import report_signals

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
