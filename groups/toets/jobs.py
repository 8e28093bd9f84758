"""Worker jobs of the uitvoeringstoets: announce toetsen that opened, close those whose closing
moment passed (no cron: the worker polls), and anonymise reasons for the report's quotes."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from core.worker import Job

from . import actions
from .models import ArticleRating, Toets


def open_and_close() -> int:
    now = timezone.now()
    done = 0
    for toets in Toets.objects.filter(opening_announced_at__isnull=True, opens_at__lte=now):
        done += bool(actions.announce_opening(toets))
    for toets in Toets.objects.filter(closed_at__isnull=True, closes_at__lte=now):
        done += actions.close_toets(toets=toets)
    return done


def prepare_quotes(limit: int = 100) -> int:
    """Anonymise reasons whose quote is missing or older than the reason (deduce loads in the
    worker only; without its built structures the quotes wait)."""
    from core.anonymise import AnonymiserUnavailable, anonymise

    rows = list(
        ArticleRating.objects.exclude(reason="")
        .exclude(quote_source=F("reason"))
        .values_list("pk", "reason")
        .order_by("pk")[:limit]
    )
    done = 0
    for pk, reason in rows:
        try:
            text = anonymise(reason).text
        except AnonymiserUnavailable:
            return done
        done += actions.save_quote(rating_id=pk, source=reason, text=text)
    return done


JOBS = [
    Job("toets_open_and_close", open_and_close, every=15),
    Job("toets_quotes", prepare_quotes, every=20),
]
