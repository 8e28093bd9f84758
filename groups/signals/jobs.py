"""Worker job: the anonymiser's quote proposals, made in the worker (deduce loads there once,
about 1 GB and 20 s; a web process never loads it)."""

from __future__ import annotations

import logging
import re

from django.db.models import F, Q

from core.worker import Job

from . import actions
from .models import Consent, Signal, SignalStatus

logger = logging.getLogger(__name__)

_QUOTED_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)
_MENTION = re.compile(r"@\[[^\]\n]{1,80}\]")


def quote_source(body: str) -> str:
    """The author's own words: lines quoting another post (Markdown "> ") are left out, and
    a mention of a colleague (``@[Name]``) becomes the name placeholder at once."""
    from core.anonymise import PLACEHOLDERS, Kind

    text = _QUOTED_LINE.sub("", body or "")
    text = _MENTION.sub(str(PLACEHOLDERS[Kind.NAME]), text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def pending_proposals():
    """Signals whose author agreed and whose proposal is missing or older than the post."""
    return (
        Signal.objects.filter(consent=Consent.GIVEN)
        .exclude(status=SignalStatus.REJECTED)
        .filter(Q(proposal_edit_count__isnull=True) | ~Q(proposal_edit_count=F("post__edit_count")))
        .select_related("post")
        .order_by("pk")
    )


def prepare_quotes(limit: int = 50) -> int:
    from core.anonymise import AnonymiserUnavailable, anonymise

    signals = list(pending_proposals()[:limit])
    done = 0
    for signal in signals:
        try:
            result = anonymise(quote_source(signal.post.body))
        except AnonymiserUnavailable:
            # Logged with the command to run by core.anonymise; the proposals wait.
            return done
        actions.save_proposal(
            signal=signal,
            text=result.text,
            findings=[f.as_dict() for f in result.findings],
            edit_count=signal.post.edit_count,
        )
        done += 1
    return done


JOBS = [Job("signal_quote_proposals", prepare_quotes, every=20)]
