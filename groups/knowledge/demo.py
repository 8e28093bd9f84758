"""Demo knowledge: the discussions of "Tozo en zelfstandigen" tied to versions 12 and 13 of
the Tozo guidance (those on 12 show the banner), and verified answers: one valid for a year,
one until the next version, one expired."""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Page

from community.models import Member
from groups.models import Post, ThinkGroup, Thread

from . import actions
from .models import GuidanceEdition, ThreadLink

# The version each demo thread of "Tozo en zelfstandigen" is about, and how its answer is
# verified: the first is on version 12 (so it shows the banner).
PLAN = [(12, "year"), (13, "version"), (13, "expired"), (12, None), (13, None)]


def _editions(page) -> bool:
    """The forum's copy of the guidance versions (a database loaded before this feature)."""
    if GuidanceEdition.objects.filter(page_id=page.pk).exists():
        return True
    specific = page.specific
    versions = getattr(specific, "versions", None)
    if versions is None or not page.live:
        return False
    actions.sync_guidance(
        page_id=page.pk,
        title=page.title,
        slug=page.slug,
        url=page.url or "",
        versions=[(v.number, v.date, v.changes) for v in versions.all()],
    )
    return True


def load(ctx) -> None:
    if ThreadLink.objects.exists():
        ctx.say("Kennis bestaat al; demo-kennis wordt overgeslagen.")
        return
    page = Page.objects.filter(slug="handreiking-tozo").first()
    group = ThinkGroup.objects.filter(slug="tozo-en-zelfstandigen").first()
    bureau = Member.objects.filter(email="bureau@samendenk.nl").first()
    if page is None or group is None or bureau is None or not _editions(page):
        ctx.say("Geen handreiking Tozo, denkgroep of bureau: demo-kennis wordt overgeslagen.")
        return
    threads = list(
        Thread.objects.filter(group=group, is_hidden=False, last_number__gte=2).order_by("pk")[
            : len(PLAN)
        ]
    )
    if not threads:
        ctx.say("De denkgroep Tozo heeft geen discussies: demo-kennis wordt overgeslagen.")
        return
    progress = ctx.progress("Kennis: discussies over de handreiking", len(threads))
    today = timezone.localdate()
    for thread, (number, validity) in zip(threads, PLAN, strict=False):
        actions.link_thread(
            member=thread.author or bureau, thread=thread, page_id=page.pk, number=number
        )
        answer = (
            Post.objects.filter(thread=thread, number__gte=2, is_hidden=False, is_held=False)
            .filter(is_deleted=False)
            .order_by("number")
            .first()
        )
        if answer is not None and validity == "version":
            actions.verify_post(moderator=bureau, post=answer, until_page_id=page.pk)
        elif answer is not None and validity == "expired":
            actions.verify_post(
                moderator=bureau, post=answer, valid_until=today + datetime.timedelta(days=1)
            )
        elif answer is not None and validity == "year":
            actions.verify_post(moderator=bureau, post=answer)
        progress.advance()
    # The worker's run two days on: the answer valid until tomorrow has expired.
    actions.expire_due(today=today + datetime.timedelta(days=2))
    progress.finish()
