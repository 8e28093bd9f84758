"""Members' write functions: rating an article (with the client-privacy guard on the reason)
and the overall verdict. The article's cached tallies change in the same transaction; the
live tally event leaves after commit."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member
from community.text import clean_text
from core.errors import ActionError
from core.privacy import check_text
from groups import events
from groups.visibility import is_member

from .live import toets_channel
from .models import (
    COUNT_FIELDS,
    NEEDS_REASON,
    REASON_MAX,
    Article,
    ArticleRating,
    Rating,
    Toets,
    Verdict,
)

# Kind of organisation, from the organisation's name (members type it freely).
_ORGANISATION_KINDS = [
    (re.compile(r"\bgemeente|\bsociale dienst|\bintergemeentelijk", re.I), "gemeente"),
    (re.compile(r"\buwv\b", re.I), "UWV"),
    (re.compile(r"\bsvb\b|sociale verzekeringsbank", re.I), "SVB"),
    (re.compile(r"schuldhulp|kredietbank|budget", re.I), "schuldhulporganisatie"),
    (re.compile(r"\bggd\b|zorg|ggz|wijkteam", re.I), "zorg- of wijkteam"),
    (re.compile(r"jeugd", re.I), "jeugdorganisatie"),
]


def organisation_kind(name: str) -> str:
    for pattern, kind in _ORGANISATION_KINDS:
        if pattern.search(name or ""):
            return kind
    return "anders" if name else "onbekend"


def check_can_rate(member: Member, toets: Toets) -> None:
    """Raises PermissionDenied or ActionError when ``member`` may not rate in ``toets`` now."""
    if not is_member(member):
        raise PermissionDenied(_("Log in to take part."))
    if member.is_suspended:
        raise PermissionDenied(_("Your account is suspended; you cannot do that at the moment."))
    if not Toets.objects.invited(member).filter(pk=toets.pk).exists():
        raise PermissionDenied(_("You are not invited to this implementation test."))
    now = timezone.now()
    if toets.opens_at > now:
        raise ActionError(_("This implementation test has not opened yet."), "closed")
    if toets.closed_at is not None or toets.closes_at <= now:
        raise ActionError(
            _("This implementation test is closed; ratings can no longer be changed."), "closed"
        )


def _clean(value: str, reason: str, helps: str) -> tuple[str, str]:
    if value not in Rating.values:
        raise ActionError(
            _("Choose executable, executable with risks, not executable or no opinion."), "value"
        )
    reason, helps = clean_text(reason or ""), clean_text(helps or "")
    for text, field in ((reason, "reason"), (helps, "helps")):
        if len(text) > REASON_MAX:
            raise ActionError(
                _("Use at most %(max)d characters (now %(n)d).")
                % {"max": REASON_MAX, "n": len(text)},
                field,
            )
    if value in NEEDS_REASON and not reason:
        raise ActionError(_("Say why: a reason is required for this rating."), "reason")
    return reason, helps


def _snapshot(member: Member, toets: Toets) -> dict:
    names = list(member.domains.values_list("name", flat=True)[:5])
    invited = set(toets.domains.values_list("name", flat=True))
    domain = next((n for n in names if n in invited), names[0] if names else "")
    return {
        "domain": domain,
        "role": (member.job_title or "").strip().casefold()[:80],
        "organisation_kind": organisation_kind(member.organisation),
    }


def rate(
    *,
    member: Member,
    article: Article,
    value: str,
    reason: str = "",
    helps: str = "",
    quote_consent: bool = False,
    confirm_privacy: bool = False,
) -> tuple[ArticleRating, bool]:
    """Give or change ``member``'s rating of ``article``; returns it and whether it is new.
    Two quick clicks store one rating: the second changes the first (or nothing)."""
    toets = article.toets
    check_can_rate(member, toets)
    reason, helps = _clean(value, reason, helps)
    findings = check_text(f"{reason}\n{helps}", confirmed=confirm_privacy)
    fields = {
        "value": value,
        "reason": reason,
        "helps": helps,
        "quote_consent": bool(quote_consent) and bool(reason),
        "privacy_findings": findings,
        "updated_at": timezone.now(),
        **_snapshot(member, toets),
    }
    try:
        return _store(member, article, fields)
    except IntegrityError:
        # The same member's other click created it in between: change that one.
        return _store(member, article, fields)


def _store(member, article, fields) -> tuple[ArticleRating, bool]:
    with transaction.atomic():
        existing = (
            ArticleRating.objects.select_for_update().filter(article=article, member=member).first()
        )
        old = existing.value if existing else None
        if existing is None:
            rating = ArticleRating.objects.create(
                article=article, toets_id=article.toets_id, member=member, **fields
            )
        else:
            for name, value in fields.items():
                setattr(existing, name, value)
            if existing.reason != existing.quote_source:
                existing.quote_text = ""  # the worker anonymises the new reason
            existing.save()
            rating = existing
        if old != fields["value"]:
            changes = {COUNT_FIELDS[fields["value"]]: F(COUNT_FIELDS[fields["value"]]) + 1}
            if old is not None:
                changes[COUNT_FIELDS[old]] = F(COUNT_FIELDS[old]) - 1
            Article.objects.filter(pk=article.pk).update(**changes)
            article.refresh_from_db(fields=list(COUNT_FIELDS.values()))
            events.publish_on_commit(
                toets_channel(article.toets_id),
                {
                    "type": "toets.tally",
                    "article_id": article.pk,
                    "rater_id": member.pk,
                    "tallies": {str(k): v for k, v in article.tallies().items()},
                },
            )
    return rating, existing is None


def give_verdict(*, member: Member, toets: Toets, value: str, text: str = "") -> Verdict:
    """The member's overall verdict on the draft (changeable until the toets closes)."""
    check_can_rate(member, toets)
    text, _helps = _clean(value, text, "")
    verdict, _created = Verdict.objects.update_or_create(
        toets=toets,
        member=member,
        defaults={"value": value, "text": text, "updated_at": timezone.now()},
    )
    return verdict
