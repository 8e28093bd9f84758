"""Members' write functions: marking a post, support, the author's consent, follows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from groups.actions import ActionError
from groups.models import Post
from groups.notifications import notify
from groups.querysets import is_member

from ..models import (
    Consent,
    LogKind,
    Scheme,
    Signal,
    SignalKind,
    SignalMark,
    SignalStatus,
    Theme,
    ThemeFollow,
)
from .common import (
    _clean_sentence,
    _invalidate_pages,
    _locked,
    _log,
    _theme_for_marking,
    current_theme,
    markable_posts,
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
