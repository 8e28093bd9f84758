"""Demo uitvoeringstoetsen: one open toets on a draft municipal policy rule on the
kostendelersnorm, and one closed toets on a guidance version with its report and the
ministry's answer. Ratings go through the write functions, so tallies and notifications are
as real ones."""

from __future__ import annotations

import datetime

from django.utils import timezone

from community.models import Domain, Member

from . import actions, jobs
from .drafts import split_articles
from .models import Rating, Toets
from .rating import rate

KOSTENDELERS = """Beleidsregel kostendelersnorm Gemeente Tiel 2027 (concept)

Artikel 1 Begrippen
In deze beleidsregel wordt verstaan onder kostendeler: een persoon van 27 jaar of ouder die
in dezelfde woning zijn hoofdverblijf heeft als de belanghebbende.

Artikel 2 Inwonende mantelzorger
Een mantelzorger die bij de belanghebbende inwoont om zorg te verlenen, telt niet als
kostendeler zolang de zorg is aangetoond met een verklaring van de huisarts.

Artikel 3 Tijdelijke opvang
Wie een familielid of vriend tijdelijk opvangt na dakloosheid of huiselijk geweld, wordt de
eerste zes maanden niet gekort.

Artikel 4 Beoordeling binnen vijf werkdagen
Het college beslist binnen vijf werkdagen na de melding van een nieuwe huisgenoot of de
kostendelersnorm wordt toegepast.

Artikel 5 Terugwerkende kracht
Een wijziging van de woonsituatie die te laat is gemeld, wordt met terugwerkende kracht
verrekend, tenzij dat tot onaanvaardbare schulden leidt.
"""

TOZO = """Handreiking Tozo, versie 14 (concept)

1. Terugvordering bij te hoog inkomen
De gemeente vordert de uitkering terug als het definitieve inkomen hoger blijkt dan het
geschatte inkomen.

2. Betalingsregeling
De zelfstandige krijgt een betalingsregeling van ten hoogste 36 maanden.

3. Kwijtschelding
Na 36 maanden aflossen wordt de restschuld kwijtgescholden als de zelfstandige heeft
meegewerkt.
"""

REASONS = {
    Rating.RISK: [
        "Het kan, maar dan moet de software de verklaring van de huisarts kunnen vastleggen.",
        "Vijf werkdagen haal je alleen als de melding compleet binnenkomt.",
        "Mantelzorg aantonen met een huisartsverklaring kost de huisarts veel tijd.",
        "De betalingsregeling werkt, mits de termijn ook voor kleine bedragen geldt.",
    ],
    Rating.NOT: [
        "Vijf werkdagen is in de praktijk niet haalbaar: we wachten vaak weken op gegevens.",
        "Terugwerkende kracht maakt nieuwe schulden, precies wat we willen voorkomen.",
        "Na huiselijk geweld is opvang vaak langer dan zes maanden nodig.",
        "Een huisartsverklaring bestaat niet in deze vorm; huisartsen geven die niet af.",
    ],
    Rating.OK: [
        "Duidelijk en goed uit te leggen aan de klant.",
        "Sluit aan bij wat we nu al doen.",
        "",
    ],
}


def _rate_some(ctx, toets: Toets, members: list[Member]) -> int:
    rng = ctx.rng
    count = 0
    articles = list(toets.articles.all())
    progress = ctx.progress(f"Beoordelingen “{toets.title[:40]}”", len(members))
    for member in members:
        for article in articles:
            if rng.random() < 0.2:
                continue
            value = rng.choices([Rating.OK, Rating.RISK, Rating.NOT, Rating.NONE], [4, 3, 3, 1])[0]
            reason = rng.choice(REASONS.get(value, [""]))
            rate(
                member=member,
                article=article,
                value=value,
                reason=reason,
                quote_consent=rng.random() < 0.7,
                confirm_privacy=True,
            )
            count += 1
        progress.advance()
    progress.finish()
    return count


def load(ctx) -> None:
    if Toets.objects.exists():
        ctx.say("Uitvoeringstoetsen bestaan al; demo-toetsen worden overgeslagen.")
        return
    bureau = Member.objects.filter(email="bureau@samendenk.nl").first()
    work = Domain.objects.filter(slug="werk-en-inkomen").first()
    if bureau is None or work is None:
        ctx.say("Te weinig demo-inhoud voor uitvoeringstoetsen.")
        return
    members = list(work.members.filter(is_active=True).order_by("pk")[:30])
    now = timezone.now()
    open_toets = actions.create_toets(
        actor=bureau,
        title="Beleidsregel kostendelersnorm Gemeente Tiel 2027",
        commissioner="Gemeente Tiel",
        introduction="De gemeente Tiel wil weten of deze beleidsregel in de praktijk uitvoerbaar "
        "is, voordat het college erover beslist.",
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=14),
        articles=split_articles(KOSTENDELERS),
        domains=[work],
    )
    rated = _rate_some(ctx, open_toets, [m for m in members if m.email != "lid@samendenk.nl"][:18])
    closed = actions.create_toets(
        actor=bureau,
        title="Handreiking Tozo, versie 14",
        commissioner="Ministerie van SZW",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now + datetime.timedelta(days=1),
        articles=split_articles(TOZO),
        domains=[work],
    )
    rated += _rate_some(ctx, closed, members[:24])
    actions.close_toets(toets=closed)
    answers = [
        ("deels", "De termijn voor nieuwe gegevens wordt verlengd; de terugvordering blijft."),
        ("overgenomen", "De betalingsregeling geldt ook voor bedragen onder de 1.000 euro."),
        ("niet", "Kwijtschelding blijft afhankelijk van medewerking; dat is wettelijk bepaald."),
    ]
    for article, (outcome, text) in zip(closed.articles.all(), answers, strict=False):
        actions.record_answer(actor=bureau, article=article, outcome=outcome, text=text)
    actions.publish_answers(actor=bureau, toets=closed)
    from core.anonymise import is_built

    if is_built():
        quotes = 0
        while done := jobs.prepare_quotes(limit=200):
            quotes += done
        ctx.say(f"Citaten geanonimiseerd: {quotes}.")
    else:
        ctx.say("deduce is niet gebouwd: citaten worden later door de worker voorbereid.")
    ctx.say(f"Uitvoeringstoetsen gemaakt: 1 open, 1 gesloten met antwoord ({rated} beoordelingen).")
