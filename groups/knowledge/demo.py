"""Demo knowledge: threads in "Tozo en zelfstandigen" about versions 12 and 13 of the Tozo
guidance (the one on 12 shows the banner), and verified answers: one valid for a year, one
until the next version, one expired."""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Page

from community.models import Member
from groups import actions as forum
from groups.models import GroupMembership, ThinkGroup

from . import actions
from .models import GuidanceEdition, ThreadLink

THREADS = [
    # title, opening question, linked version, the answer, how it is verified
    (
        "Inkomenstoets Tozo: telt het partnerinkomen mee?",
        "Volgens versie 12 van de handreiking tellen we het partnerinkomen niet mee bij de "
        "verlenging. Klopt dat nog?",
        12,
        "In versie 12 niet, maar lees de wijzigingen van versie 13 voordat je beslist.",
        "year",
    ),
    (
        "Terugvordering na de eindafrekening: welke termijn?",
        "Hoe lang heeft een ondernemer na de eindafrekening om terug te betalen?",
        13,
        "Volgens paragraaf 6 van de geldende handreiking: een betalingsregeling van maximaal "
        "36 maanden, met ruimte voor maatwerk.",
        "version",
    ),
    (
        "Bewijsstukken bij de aanvraag voor de Tozo",
        "Welke bewijsstukken vragen jullie bij een aanvraag?",
        13,
        "Een uittreksel van de KvK en de aangifte inkomstenbelasting van vorig jaar volstaan.",
        "expired",
    ),
]


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
    members = [
        m.member
        for m in GroupMembership.objects.filter(group=group).select_related("member")[:10]
        if m.member.is_active
    ]
    if not members:
        ctx.say("De denkgroep Tozo heeft geen leden: demo-kennis wordt overgeslagen.")
        return
    progress = ctx.progress("Kennis: discussies over de handreiking", len(THREADS))
    today = timezone.localdate()
    for i, (title, question, number, answer, validity) in enumerate(THREADS):
        author = members[i % len(members)]
        thread = forum.start_thread(member=author, group=group, title=title, body=question)
        actions.link_thread(member=author, thread=thread, page_id=page.pk, number=number)
        # A colleague answers (no one posts more than twice: the forum's rate limit holds).
        post = forum.reply(member=members[(i + 1) % len(members)], thread=thread, body=answer)
        if validity == "version":
            actions.verify_post(moderator=bureau, post=post, until_page_id=page.pk)
        elif validity == "expired":
            actions.verify_post(
                moderator=bureau, post=post, valid_until=today + datetime.timedelta(days=1)
            )
        else:
            actions.verify_post(moderator=bureau, post=post)
        progress.advance()
    # The worker's run two days on: the answer valid until tomorrow has expired.
    actions.expire_due(today=today + datetime.timedelta(days=2))
    progress.finish()
