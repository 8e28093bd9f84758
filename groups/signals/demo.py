"""Demo signals: themes with summaries, signals and support on demo posts, consent, quotes
(when deduce is built), and one signal report that went to the ministry and got an answer."""

from __future__ import annotations

import datetime

from django.utils import timezone

from community.models import Member
from groups.actions import ActionError
from groups.models import Post, Visibility

from . import actions
from .models import Outcome, Scheme, Signal, SignalKind, SignalStatus, Theme

SENTENCES = {
    "terugvordering-tozo": [
        "Zzp'ers die te goeder trouw waren, moeten duizenden euro's Tozo terugbetalen.",
        "De terugvordering komt jaren later, als het geld al op is.",
        "Een betalingsregeling op maat voorkomt nieuwe schulden bij ondernemers.",
    ],
    "kostendelersnorm": [
        "De kostendelersnorm drijft gezinnen uit elkaar als een kind 21 wordt.",
        "Mantelzorg in huis wordt gestraft door de kostendelersnorm.",
        "Uitzonderingen voor jongeren in opleiding werken goed waar ze bestaan.",
    ],
    "termijnen-inburgering": [
        "De termijn van drie jaar is te kort voor wie naast werk en zorg moet leren.",
        "Een gesprek over verlenging voordat de boete komt, werkt beter dan een boete.",
        "Taal leren op de werkvloer werkt goed en verdient ruimte in de termijn.",
    ],
    "wachtlijsten-jeugdzorg": [
        "Jongeren wachten maanden op hulp terwijl de problemen groeien.",
        "Overbruggingszorg door het wijkteam helpt gezinnen de wachttijd door.",
        "Een centrale wachtlijst per regio geeft zicht op wie het langst wacht.",
    ],
}
SUMMARIES = {
    "terugvordering-tozo": (
        "Klantmanagers zien dat de terugvordering van de Tozo hard aankomt bij zelfstandigen "
        "die te goeder trouw handelden. Zij vragen om ruimte voor maatwerk."
    ),
    "kostendelersnorm": (
        "De kostendelersnorm verlaagt de uitkering zodra een volwassen kind of mantelzorger in "
        "huis woont; professionals zien gezinnen daardoor uit elkaar gaan."
    ),
}
SCHEMES = {
    "terugvordering-tozo": "Tozo",
    "kostendelersnorm": "Participatiewet",
    "termijnen-inburgering": "Wet inburgering 2021",
    "wachtlijsten-jeugdzorg": "Jeugdwet",
}
KINDS = [SignalKind.PROBLEM, SignalKind.PROBLEM, SignalKind.IDEA, SignalKind.WORKS]
SIGNALS = 36


def load(ctx) -> None:
    if Signal.objects.exists():
        ctx.say("Signalen bestaan al; demo-signalen worden overgeslagen.")
        return
    bureau = Member.objects.filter(email="bureau@samendenk.nl").first()
    members = list(Member.objects.filter(is_active=True, is_staff=False)[:200])
    posts = list(
        Post.objects.filter(
            thread__group__visibility=Visibility.OPEN, is_hidden=False, is_held=False,
            is_deleted=False, author__isnull=False, thread__is_hidden=False,
        ).order_by("?")[: SIGNALS * 2]
    )  # fmt: skip
    if bureau is None or len(members) < 4 or not posts:
        ctx.say("Te weinig demo-inhoud voor signalen.")
        return
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=SENTENCES)}
    for slug, summary in SUMMARIES.items():
        theme = themes[slug]
        actions.save_theme(actor=bureau, theme=theme, name=theme.name, summary=summary)
    schemes = {s.name: s for s in Scheme.objects.all()}
    progress = ctx.progress("Signalen", SIGNALS)
    made = []
    for i, post in enumerate(posts[:SIGNALS]):
        made.append(_signal(ctx, i, post, members, themes, schemes, bureau))
        progress.advance()
    progress.finish()
    _quotes(ctx, made, bureau)
    _report(ctx, themes["terugvordering-tozo"], bureau)


def _signal(ctx, i, post, members, themes, schemes, bureau) -> Signal:
    rng = ctx.rng
    slug = list(SENTENCES)[i % len(SENTENCES)]
    marker = rng.choice([m for m in members if m.pk != post.author_id])
    signal, _ = actions.mark_post(
        member=marker, post=post, theme=themes[slug], scheme=schemes.get(SCHEMES[slug]),
        kind=rng.choice(KINDS), sentence=rng.choice(SENTENCES[slug]),
    )  # fmt: skip
    for supporter in rng.sample(members, rng.randint(0, 5)):
        if supporter.pk != marker.pk:
            actions.support_signal(member=supporter, signal=signal)
    if rng.random() < 0.7:
        actions.decide_consent(member=post.author, signal=signal, allow=True)
    if i % 12 == 11:
        actions.reject_signal(
            actor=bureau, signal=signal, reason="Dit gaat over één klant, niet over beleid."
        )
    elif i % 6 != 5:  # a few stay in the inbox
        actions.accept_signal(actor=bureau, signal=signal)
    # Spread over the last twelve weeks, so trends and reports have a shape.
    when = timezone.now() - datetime.timedelta(days=rng.randint(0, 83), hours=rng.randint(0, 23))
    Signal.objects.filter(pk=signal.pk).update(created_at=when)
    signal.refresh_from_db()
    return signal


def _quotes(ctx, made, bureau) -> None:
    from core.anonymise import is_built

    from .jobs import prepare_quotes

    if not is_built():
        ctx.say("deduce is niet gebouwd: citaten worden later door de worker voorbereid.")
        return
    prepared = prepare_quotes(limit=len(made))
    approved = 0
    for signal in Signal.objects.filter(pk__in=[s.pk for s in made], status="accepted"):
        if signal.consent == "given" and signal.proposal_text and approved < 10:
            try:
                actions.approve_quote(actor=bureau, signal=signal, text=signal.proposal_text[:600])
            except ActionError:
                # The guard still finds something: leave it for the bureau to correct.
                continue
            approved += 1
    ctx.say(f"Citaten: {prepared} voorstellen, {approved} goedgekeurd.")


def _report(ctx, theme, bureau) -> None:
    today = timezone.localdate()
    report = actions.save_report(
        actor=bureau,
        title="Terugvordering Tozo: wat de uitvoering ziet",
        themes=[theme],
        period_start=today - datetime.timedelta(weeks=12),
        period_end=today - datetime.timedelta(days=1),
        summary=(
            "Professionals in werk en inkomen zien dat de terugvordering van de Tozo "
            "ondernemers raakt die te goeder trouw waren. Zij vragen om maatwerk bij de "
            "invordering en om betalingsregelingen die nieuwe schulden voorkomen."
        ),
        status="final",
    )
    dispatch = actions.record_dispatch(
        actor=bureau,
        report=report,
        recipient="Ministerie van SZW",
        sent_on=today - datetime.timedelta(days=14),
    )
    actions.record_answer(
        actor=bureau,
        dispatch=dispatch,
        outcome=Outcome.PARTLY,
        answer=(
            "De minister neemt de aanbeveling over betalingsregelingen over en vraagt "
            "gemeenten ruimhartig om te gaan met kwijtschelding."
        ),
        answered_on=today - datetime.timedelta(days=2),
    )
    accepted = Signal.objects.filter(theme=theme, status=SignalStatus.ACCEPTED).count()
    ctx.say(f"Signaalrapport met antwoord gemaakt ({accepted} signalen in het thema).")
