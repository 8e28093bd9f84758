"""The bureau's write functions for the uitvoeringstoets: open one with its articles, change
it, close it (also the worker's way), record and publish the official answer, share links.

Each checks permission, validates (ActionError with a Dutch message, nothing stored), and
leaves its side effects (notifications, live events) after commit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from community.text import clean_line, clean_text, has_markup
from core.errors import ActionError
from groups import events
from groups.notifications import notify
from groups.visibility import is_bureau

from .live import toets_channel
from .models import Article, Outcome, Toets, ToetsLink

TITLE_MIN, TITLE_MAX = 5, 200
MAX_ARTICLES = 200
ARTICLE_TEXT_MAX = 20000
ANSWER_MAX = 5000


def _check_bureau(actor) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(_("Only the bureau can do that."))


def _clean_title(value: str, field: str, minimum: int = TITLE_MIN) -> str:
    value = clean_line(value or "")
    if has_markup(value):
        raise ActionError(_("A title cannot contain < or >."), field)
    if not minimum <= len(value) <= TITLE_MAX:
        raise ActionError(
            _("Give %(min)d to %(max)d characters.") % {"min": minimum, "max": TITLE_MAX}, field
        )
    return value


def clean_articles(articles) -> list[tuple[str, str, str]]:
    """``[(heading, text, explanation)]`` cleaned; an ActionError names what is wrong."""
    cleaned = []
    for number, item in enumerate(articles, start=1):
        heading, text, explanation = (list(item) + ["", "", ""])[:3]
        heading = clean_line(heading or "")[:200] or _("Article %(n)d") % {"n": number}
        text, explanation = clean_text(text or ""), clean_text(explanation or "")
        if not text:
            raise ActionError(_("%(heading)s has no text.") % {"heading": heading}, "articles")
        if len(text) > ARTICLE_TEXT_MAX or len(explanation) > ARTICLE_TEXT_MAX:
            raise ActionError(
                _("%(heading)s is longer than %(max)d characters.")
                % {"heading": heading, "max": ARTICLE_TEXT_MAX},
                "articles",
            )
        cleaned.append((heading, text, explanation))
    if not cleaned:
        raise ActionError(_("A toets needs at least one article."), "articles")
    if len(cleaned) > MAX_ARTICLES:
        raise ActionError(
            _("A toets can have at most %(max)d articles.") % {"max": MAX_ARTICLES}, "articles"
        )
    return cleaned


def _check_period(opens_at: datetime.datetime, closes_at: datetime.datetime) -> None:
    if opens_at is None or closes_at is None:
        raise ActionError(_("Give an opening and a closing moment."), "closes_at")
    if closes_at <= opens_at:
        raise ActionError(_("The closing moment must come after the opening moment."), "closes_at")


def create_toets(
    *,
    actor: Member,
    title: str,
    commissioner: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    articles,
    introduction: str = "",
    domains=(),
    groups=(),
    show_tallies_early: bool = False,
) -> Toets:
    """Open a toets on a draft. Its audience is notified when it opens (now, or by the
    worker at ``opens_at``)."""
    _check_bureau(actor)
    title = _clean_title(title, "title")
    commissioner = _clean_title(commissioner, "commissioner", minimum=2)
    _check_period(opens_at, closes_at)
    cleaned = clean_articles(articles)
    domains, groups = list(domains), list(groups)
    if not domains and not groups:
        raise ActionError(_("Invite at least one domain or think group."), "groups")
    with transaction.atomic():
        toets = Toets.objects.create(
            title=title,
            commissioner=commissioner,
            introduction=clean_text(introduction or "")[:5000],
            opens_at=opens_at,
            closes_at=closes_at,
            show_tallies_early=show_tallies_early,
            created_by=actor,
        )
        toets.domains.set(domains)
        toets.groups.set(groups)
        Article.objects.bulk_create(
            Article(toets=toets, position=i, heading=h, text=t, explanation=e)
            for i, (h, t, e) in enumerate(cleaned, start=1)
        )
        if opens_at <= timezone.now():
            announce_opening(toets)
    return toets


def update_toets(
    *,
    actor: Member,
    toets: Toets,
    title: str,
    commissioner: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    introduction: str = "",
    domains=(),
    groups=(),
    show_tallies_early: bool = False,
) -> Toets:
    _check_bureau(actor)
    toets.title = _clean_title(title, "title")
    toets.commissioner = _clean_title(commissioner, "commissioner", minimum=2)
    _check_period(opens_at, closes_at)
    if not list(domains) and not list(groups):
        raise ActionError(_("Invite at least one domain or think group."), "groups")
    with transaction.atomic():
        toets.introduction = clean_text(introduction or "")[:5000]
        toets.opens_at, toets.closes_at = opens_at, closes_at
        toets.show_tallies_early = show_tallies_early
        if toets.closed_at is not None and closes_at > timezone.now():
            toets.closed_at = None  # reopened by moving the closing moment
        toets.save()
        toets.domains.set(domains)
        toets.groups.set(groups)
        if toets.opening_announced_at is None and opens_at <= timezone.now():
            announce_opening(toets)
    return toets


def replace_articles(*, actor: Member, toets: Toets, articles) -> list[Article]:
    """Correct the split: only while nobody has rated (a rating belongs to the text read)."""
    _check_bureau(actor)
    cleaned = clean_articles(articles)
    with transaction.atomic():
        Toets.objects.select_for_update().filter(pk=toets.pk).first()
        if toets.ratings.exists():
            raise ActionError(
                _("Members have rated already; the articles can no longer be changed."),
                "articles",
            )
        toets.articles.all().delete()
        return Article.objects.bulk_create(
            Article(toets=toets, position=i, heading=h, text=t, explanation=e)
            for i, (h, t, e) in enumerate(cleaned, start=1)
        )


def audience(toets: Toets):
    """Active members invited to ``toets``."""
    from django.db.models import Q

    return (
        Member.objects.filter(is_active=True)
        .filter(
            Q(group_memberships__group__in=toets.groups.all()) | Q(domains__in=toets.domains.all())
        )
        .distinct()
    )


def participants(toets: Toets):
    return Member.objects.filter(is_active=True, toets_ratings__toets=toets).distinct()


def announce_opening(toets: Toets) -> int:
    """Notify the invited audience that the toets is open (once)."""
    with transaction.atomic():
        updated = Toets.objects.filter(pk=toets.pk, opening_announced_at__isnull=True).update(
            opening_announced_at=timezone.now()
        )
        if not updated:
            return 0
        rows = notify(
            audience(toets),
            kind=NotificationKind.TOETS,
            text=_("Take part in the implementation test “%(title)s”.") % {"title": toets.title},
            url=toets.get_absolute_url(),
        )
    return len(rows)


def close_toets(*, toets: Toets, actor: Member | None = None) -> bool:
    """Close the toets (the worker at its closing moment, or the bureau earlier); the
    participants are notified. False when it was closed already."""
    if actor is not None:
        _check_bureau(actor)
    now = timezone.now()
    with transaction.atomic():
        updated = Toets.objects.filter(pk=toets.pk, closed_at__isnull=True).update(closed_at=now)
        if not updated:
            return False
        if toets.closes_at > now:
            Toets.objects.filter(pk=toets.pk).update(closes_at=now)
        toets.refresh_from_db()
        notify(
            participants(toets),
            kind=NotificationKind.TOETS,
            text=_("The implementation test “%(title)s” is closed; the report follows.")
            % {"title": toets.title},
            url=toets.get_absolute_url(),
            actor=actor,
        )
        events.publish_on_commit(toets_channel(toets.pk), {"type": "toets.closed"})
    return True


def record_answer(*, actor: Member, article: Article, outcome: str, text: str) -> Article:
    """The commissioning party's answer to one article (published with ``publish_answers``)."""
    _check_bureau(actor)
    if outcome not in Outcome.values:
        raise ActionError(_("Choose adopted, partly adopted or not adopted."), "outcome")
    text = clean_text(text or "")
    if len(text) > ANSWER_MAX:
        raise ActionError(
            _("An answer may have at most %(max)d characters.") % {"max": ANSWER_MAX}, "text"
        )
    article.answer_outcome, article.answer_text = outcome, text
    article.answered_at = timezone.now()
    article.save(update_fields=["answer_outcome", "answer_text", "answered_at"])
    return article


def publish_answers(*, actor: Member, toets: Toets) -> int:
    """Show the official answer on the toets page and notify the participants."""
    _check_bureau(actor)
    if not toets.articles.exclude(answer_outcome="").exists():
        raise ActionError(_("Record the answer to at least one article first."), "answers")
    with transaction.atomic():
        first = toets.answers_published_at is None
        toets.answers_published_at = timezone.now()
        toets.save(update_fields=["answers_published_at"])
        text = _("%(commissioner)s answered the implementation test “%(title)s”.") % {
            "commissioner": toets.commissioner,
            "title": toets.title,
        }
        rows = notify(
            participants(toets),
            kind=NotificationKind.TOETS,
            text=text
            if first
            else _("The answer to “%(title)s” was updated.") % {"title": toets.title},
            url=toets.get_absolute_url(),
            actor=actor,
        )
    return len(rows)


def create_link(*, actor: Member, toets: Toets, label: str) -> tuple[ToetsLink, str]:
    """A read-only token link to the report; returns the link and its token (shown once)."""
    _check_bureau(actor)
    label = _clean_title(label, "label", minimum=2)
    link = ToetsLink(toets=toets, label=label, created_by=actor)
    token = link.set_token()
    link.save()
    return link, token


def revoke_link(*, actor: Member, link: ToetsLink) -> None:
    _check_bureau(actor)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def save_quote(*, rating_id: int, source: str, text: str) -> bool:
    """The worker's anonymised quote of a reason, for the reason as it read (``source``)."""
    from .models import ArticleRating

    return bool(
        ArticleRating.objects.filter(pk=rating_id, reason=source).update(
            quote_text=text, quote_source=source
        )
    )
