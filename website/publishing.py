"""A signal report published as a news article of kind "signaalrapport": a draft the bureau
checks and publishes through the newsroom's workflow (the signal desk's button)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _


def publish_signal_report(*, actor, report):
    """A draft ``ArticlePage`` (kind signaalrapport) under the news index, showing the
    report; returns the page."""
    from groups.signals.actions.common import _check_bureau, _log
    from groups.signals.models import LogKind

    from .models.news import ArticleKind, ArticlePage, NewsIndexPage

    _check_bureau(actor)
    index = NewsIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("There is no news section to publish in."))
    intro = Truncator(report.summary).chars(590) or _(
        "What front-line professionals signal about %(themes)s."
    ) % {"themes": ", ".join(report.themes.values_list("name", flat=True))}
    with transaction.atomic():
        page = ArticlePage(
            title=report.title,
            kind=ArticleKind.SIGNAL_REPORT,
            date=timezone.localdate(),
            intro=intro,
            body=[("signal_report", {"report": report})],
            live=False,
            owner=actor,
        )
        index.add_child(instance=page)
        page.save_revision(user=actor, log_action=True)
        _log(actor, LogKind.REPORT, report=report, after={"article": page.pk})
    return page
