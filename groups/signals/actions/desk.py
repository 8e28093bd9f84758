"""The bureau's desk: accept, move and reject signals; keep themes and schemes."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from community.text import clean_line, clean_text, has_markup
from groups.actions import ActionError
from groups.notifications import notify

from ..models import (
    LogKind,
    Report,
    Scheme,
    Signal,
    SignalStatus,
    Theme,
    ThemeFollow,
    ThemeStatus,
)
from .common import (
    _check_bureau,
    _clean_reason,
    _clean_theme_name,
    _invalidate_pages,
    _locked,
    _log,
    _unique_slug,
    current_theme,
)

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
