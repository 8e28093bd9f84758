"""Helpers every signal write function shares: permission, audit log, themes, pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.models import Member
from community.text import clean_line, has_markup
from groups.actions import ActionError
from groups.models import Post
from groups.querysets import is_bureau

from ..models import (
    Signal,
    SignalLog,
    Theme,
    ThemeStatus,
)

SENTENCE_MIN, SENTENCE_MAX = 10, 300
THEME_NAME_MIN, THEME_NAME_MAX = 3, 120
REASON_MAX = 500
QUOTE_MAX = 3000
TITLE_MIN, TITLE_MAX = 5, 200
MAX_PERIOD_DAYS = 3 * 366


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
    """Pages cached for anonymous visitors may embed a report (a published article): the
    page cache (website, which listens) drops them now and again after commit."""
    from ..notices import reports_changed

    reports_changed.send(sender=None)


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
