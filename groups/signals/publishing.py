"""Publishing a signal report as a news article of kind "signaalrapport" (a draft the bureau
checks and publishes through the newsroom's workflow)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from groups.actions import ActionError

from .actions.common import _check_bureau, _log
from .models import LogKind, Report


def publish_as_article(*, actor, report: Report):
    """A draft ``ArticlePage`` (kind signaalrapport) under the news index, showing the
    report; returns the page."""
    from website.models import ArticleKind, ArticlePage, NewsIndexPage

    _check_bureau(actor)
    index = NewsIndexPage.objects.first()
    if index is None:
        raise ActionError(_("There is no news section to publish in."))
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
