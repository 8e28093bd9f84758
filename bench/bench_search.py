"""Search bench: rebuild throughput and p50/p95 latency of 20 Dutch queries, with a floor.

Run on a SCRATCH database (it adds a generated corpus when the database has fewer posts):

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/bench_search.py --posts 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samendenk_search_bench \
        .venv/bin/python bench/bench_search.py --posts 100000

The corpus is generated here with bulk inserts: posts of 1-6 sentences, about half of
them on a topic of the social domain drawn with Zipf weights (a few topics are very
common, most are a long tail), the rest forum talk with long-tail fillers (municipalities,
roles, documents, numbers); 30 groups of which 6 private, 5,000 threads per 100k posts.
The database backend ranks and counts at most SEARCH_EXACT_LIMIT matches; the hits column
prints `N+` when a query had more. Latency is measured through the real
backend (`get_backend().search(...)`) as a member who reads the open groups and two
private ones: permission filter, facets (4 dimensions), totals and snippets included.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

QUERIES = [
    "bijstand",
    "schulden",
    "uitkering",
    "bijstandsuitkering",
    "kostendelersnorm",
    '"recht op bijstand"',
    "Pw tegenprestatie",
    "Wmo OF jeugdhulp",
    "schuldhulp -beslag",
    "inburgering taal",
    "toeslagen terugvordering",
    "beslagvrije voet",
    "Tozo zelfstandigen",
    "armoede kinderen domein:armoede",
    "klantmanager groep:groep-3",
    "vroegsignalering na:2025-01-01",
    "budgetbeheer voor:2025-06-30",
    "wachttijd in:titel",
    '"Wet maatschappelijke ondersteuning" zorg',
    "re-integratie werkgever",
]

SUBJECTS = [
    "De klant", "Mijn cliënt", "Een gezin", "De gemeente", "Onze afdeling", "Het UWV",
    "De budgetcoach", "Een jongere", "De werkgever", "Een statushouder", "De wijkteamcoach",
    "Een alleenstaande moeder", "De bewindvoerder", "Mijn collega", "Een oudere inwoner",
    "De consulent", "Een zzp'er", "Het sociaal team", "De huisarts", "Een vrijwilliger",
    "De kredietbank", "Een student", "De woningcorporatie", "Het CAK", "De jeugdconsulent",
    "Een mantelzorger", "Onze teamleider", "De schuldeiser", "Een ex-gedetineerde",
    "Het Juridisch Loket",
]  # fmt: skip
VERBS = [
    "vraagt", "ontvangt", "verliest", "bespreekt", "onderzoekt", "weigert", "regelt",
    "mist", "krijgt", "betaalt", "beoordeelt", "herziet", "stopt", "verlengt", "meldt",
    "controleert", "vergeet", "wacht op", "twijfelt over", "begrijpt niets van",
    "vraagt uitstel voor",
    "maakt bezwaar tegen", "zoekt informatie over", "schrijft een brief over", "belt over",
]  # fmt: skip
# Ordered from common to rare: a post's topic is drawn with Zipf weights (1 / rank), so a
# few subjects dominate and most are a long tail, as in a real forum.
OBJECTS = [
    "een bijstandsuitkering", "schulden bij de Belastingdienst", "de kostendelersnorm",
    "toeslagen en terugvordering", "bijzondere bijstand", "jeugdhulp", "budgetbeheer",
    "ondersteuning uit de Wmo", "de beslagvrije voet", "een schuldhulpverleningstraject",
    "re-integratie bij een werkgever", "armoede bij kinderen", "de energietoeslag",
    "een tegenprestatie volgens de Participatiewet", "een taaleis bij de inburgering",
    "recht op bijstand", "vroegsignalering van huurachterstand", "een wachttijd van vier weken",
    "een Tozo-uitkering als zelfstandige", "een maatregel wegens verwijtbaar gedrag",
    "de huurtoeslag", "een beschermingsbewind", "de zorgverzekering", "een betalingsregeling",
    "het minimabeleid", "de individuele inkomenstoeslag", "een loonkostensubsidie",
    "beschut werk", "de Wsnp", "een saneringskrediet", "de kinderopvangtoeslag",
    "een ontruimingsvonnis", "de gemeentelijke belastingen", "kwijtschelding",
    "een dwangbevel", "de studiefinanciering", "een WW-uitkering", "de AOW-leeftijd",
    "een Wajong-uitkering", "dagbesteding", "huishoudelijke hulp", "een scootmobiel",
    "leerlingenvervoer", "de voedselbank", "een stichting leergeld", "het jeugdsportfonds",
    "een inkomensvoorziening", "de bijstandsnorm", "een terugvorderingsbesluit",
    "een boete wegens schending van de inlichtingenplicht", "het woonlastenfonds",
    "een bezwaarschrift", "de bezwaartermijn", "een hoorzitting", "een beroepszaak",
    "een vangnetregeling", "het participatiebudget", "een werkervaringsplaats",
    "een sollicitatieplicht", "een ontheffing van de arbeidsplicht",
]  # fmt: skip
TAILS = [
    "na ontslag.", "sinds januari.", "zonder goede uitleg.", "in overleg met het wijkteam.",
    "terwijl de huur stijgt.", "omdat de regels veranderd zijn.", "en dat duurt te lang.",
    "met hulp van een vrijwilliger.", "volgens de beleidsregels van de gemeente.",
    "voor de derde keer dit jaar.", "en niemand weet hoe het zit.", "na een scheiding.",
    "omdat de post niet aankwam.", "zonder dat iemand het merkte.", "tijdens de coronaperiode.",
    "na een verhuizing naar {gemeente}.", "in {gemeente}.", "sinds {maand}.",
    "en het gaat om {bedrag} euro.", "binnen {getal} weken.", "met terugwerkende kracht.",
]  # fmt: skip
# Everyday forum talk around the topic, with a long tail of slot fillers.
CHATTER = [
    "Bedankt voor het delen, dit herken ik uit {gemeente}.",
    "Wij lossen dit in {gemeente} op met een {bijvoeglijk} {zaak}.",
    "Heeft iemand ervaring met een {bijvoeglijk} {zaak}?",
    "Ik heb dit {maand} ook meegemaakt, het kostte {getal} gesprekken.",
    "Volgens mij staat het in artikel {getal} van de verordening.",
    "Onze {functie} zegt dat het {bijvoeglijk} is.",
    "Misschien kun je de {functie} van {gemeente} bellen.",
    "Dat klopt niet helemaal: de {zaak} telt pas na {getal} maanden.",
    "Goed punt, maar de {zaak} is in {gemeente} anders geregeld.",
    "Ik stuur je de {zaak} van ons team per mail.",
    "Wie gaat er naar de {bijeenkomst} in {gemeente}?",
    "Tijdens de {bijeenkomst} van {maand} kwam dit ook ter sprake.",
    "De {functie} vond de {zaak} te {bijvoeglijk}.",
    "Het blijft lastig om een {bijvoeglijk} {zaak} uit te leggen.",
    "Wij werken sinds {maand} met een {zaak} en dat bevalt goed.",
    "Kun je de {zaak} hier delen? Dan kijk ik mee.",
    "Er is een {bijvoeglijk} {zaak} verschenen over dit onderwerp.",
    "Let op de termijn van {getal} dagen voor de {zaak}.",
    "In {gemeente} kregen {getal} huishoudens een {zaak}.",
    "Ik ben het eens met de {functie}.",
]  # fmt: skip
GEMEENTEN = [
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
    "Almere", "Breda", "Nijmegen", "Apeldoorn", "Arnhem", "Haarlem", "Enschede", "Amersfoort",
    "Zaanstad", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Zoetermeer", "Deventer",
    "Delft", "Alkmaar", "Heerlen", "Venlo", "Leeuwarden", "Hilversum", "Hengelo", "Roosendaal",
    "Purmerend", "Schiedam", "Lelystad", "Emmen", "Assen", "Gouda", "Vlaardingen", "Oss",
    "Helmond", "Sittard-Geleen", "Den Helder", "Hoorn", "Middelburg", "Terneuzen", "Kampen",
    "Harderwijk", "Doetinchem", "Veenendaal", "Ede", "Tiel", "Goes", "Sneek", "Drachten",
    "Meppel", "Hoogeveen", "Winterswijk", "Weert", "Roermond", "Vlissingen", "Steenwijkerland",
]  # fmt: skip
MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december", "vorige week", "afgelopen voorjaar", "vorig jaar",
]  # fmt: skip
FUNCTIES = [
    "teamleider", "beleidsadviseur", "jurist", "wethouder", "klantmanager", "casemanager",
    "budgetcoach", "bewindvoerder", "ouderenadviseur", "schuldhulpverlener", "kwaliteitsmedewerker",
    "sociaal raadslid", "cliëntondersteuner", "wijkverpleegkundige", "leerplichtambtenaar",
    "gezinscoach", "jobcoach", "participatiecoach", "privacyfunctionaris", "ombudsman",
]  # fmt: skip
ZAKEN = [
    "werkinstructie", "beslisboom", "checklist", "folder", "intakeformulier", "verordening",
    "beleidsregel", "rapportage", "evaluatie", "pilot", "werkwijze", "brief", "handreiking",
    "stroomschema", "klachtenprocedure", "nieuwsbrief", "casusbespreking", "training",
    "samenwerkingsafspraak", "convenant", "privacyverklaring", "vragenlijst", "dashboard",
    "spreekuur", "huisbezoek", "maatwerkvoorziening", "voorlichtingsavond", "escalatieroute",
    "doorverwijzing", "wachtlijst", "signaleringsoverleg", "cliëntenraad", "inspraakavond",
    "rekenmodule", "budgetplan", "aanvraagformulier", "telefoonnotitie", "klanttevredenheid",
    "ketenaanpak", "uitvoeringsagenda",
]  # fmt: skip
BIJVOEGLIJK = [
    "handige", "onduidelijke", "nieuwe", "strenge", "soepele", "verouderde", "eenvoudige",
    "ingewikkelde", "landelijke", "regionale", "tijdelijke", "vaste", "digitale", "papieren",
    "uitgebreide", "korte", "gezamenlijke", "aparte", "vertrouwelijke", "openbare",
]  # fmt: skip
BIJEENKOMSTEN = [
    "themamiddag", "regiobijeenkomst", "intervisie", "ledenvergadering", "webinar",
    "kennissessie", "werkconferentie", "lunchlezing",
]  # fmt: skip
TITLES = [
    "Wachttijd bij de aanvraag", "Kostendelersnorm bij inwonende kinderen",
    "Beslagvrije voet klopt niet", "Tegenprestatie: wie heeft ervaring?",
    "Schuldhulp en vroegsignalering", "Taaleis en inburgering", "Tozo-terugvordering",
    "Armoede onder werkenden", "Samenwerking met het wijkteam", "Bijzondere bijstand voor witgoed",
    "Kwijtschelding gemeentelijke belastingen", "Beschermingsbewind en budgetbeheer",
    "Huurachterstand en ontruiming", "Loonkostensubsidie in de praktijk", "Minimabeleid {gemeente}",
    "Ervaringen met de {zaak}", "Vraag over de {zaak}", "Terugvordering na {maand}",
    "Dagbesteding en Wmo", "Jeugdhulp en wachtlijsten", "Inlichtingenplicht en boetes",
]  # fmt: skip

_ZIPF = [1 / (rank + 1) for rank in range(len(OBJECTS))]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        gemeente=rng.choice(GEMEENTEN), maand=rng.choice(MAANDEN), functie=rng.choice(FUNCTIES),
        zaak=rng.choice(ZAKEN), bijvoeglijk=rng.choice(BIJVOEGLIJK),
        bijeenkomst=rng.choice(BIJEENKOMSTEN), getal=rng.randint(2, 60),
        bedrag=rng.randint(20, 9000),
    )  # fmt: skip


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.45:
        return _fill(rng.choice(CHATTER), rng)
    topic = rng.choices(OBJECTS, weights=_ZIPF)[0]
    words = [rng.choice(SUBJECTS), rng.choice(VERBS), topic, _fill(rng.choice(TAILS), rng)]
    return " ".join(words)


def title(rng: random.Random) -> str:
    return _fill(rng.choice(TITLES), rng)


def ensure_corpus(posts: int, rng: random.Random, out) -> None:
    from community.models import Member
    from groups.models import Domain, GroupMembership, Post, ThinkGroup, Thread, Visibility

    have = Post.objects.count()
    if have >= posts:
        out(f"corpus: {have} posts present")
        return
    domains = list(Domain.objects.all())
    if not ThinkGroup.objects.filter(slug__startswith="groep-").exists():
        ThinkGroup.objects.bulk_create(
            ThinkGroup(
                domain=domains[i % len(domains)], name=f"Groep {i}", slug=f"groep-{i}",
                visibility=Visibility.PRIVATE if i % 5 == 4 else Visibility.OPEN,
            )
            for i in range(30)
        )  # fmt: skip
        Member.objects.bulk_create(
            Member(email=f"bench{i}@example.nl", display_name=f"Bench Lid {i}") for i in range(200)
        )
    groups = list(ThinkGroup.objects.filter(slug__startswith="groep-"))
    members = list(Member.objects.filter(email__startswith="bench"))
    reader = members[0]
    private = [g for g in groups if g.visibility == Visibility.PRIVATE][:2]
    for group in private:
        GroupMembership.objects.get_or_create(group=group, member=reader)
    now = timezone.now()
    thread_count = max(posts // 20, 1)
    if Thread.objects.filter(group__in=groups).count() < thread_count:
        Thread.objects.bulk_create(
            (
                Thread(
                    group=rng.choice(groups), title=f"{title(rng)} ({i})",
                    author=rng.choice(members),
                    created_at=now - datetime.timedelta(days=rng.randint(0, 900)),
                )
                for i in range(thread_count)
            ),
            batch_size=2000,
        )  # fmt: skip
    threads = list(Thread.objects.filter(group__in=groups).values_list("pk", flat=True))
    numbers: dict[int, int] = dict(
        Thread.objects.filter(pk__in=threads).values_list("pk", "last_number")
    )
    todo = posts - have
    started = time.monotonic()
    batch = []
    for i in range(todo):
        thread = threads[i % len(threads)]
        numbers[thread] += 1
        body = " ".join(sentence(rng) for _ in range(rng.randint(1, 6)))
        batch.append(
            Post(
                thread_id=thread, number=numbers[thread], author=rng.choice(members), body=body,
                body_html=f"<p>{body}</p>", is_hidden=rng.random() < 0.01,
                created_at=now - datetime.timedelta(minutes=rng.randint(0, 900 * 24 * 60)),
            )
        )  # fmt: skip
        if len(batch) == 5000 or i == todo - 1:
            with transaction.atomic():
                Post.objects.bulk_create(batch, batch_size=5000)
            batch = []
            out(f"  corpus: {i + 1}/{todo} posts ({(i + 1) / (time.monotonic() - started):,.0f}/s)")
    for pk, number in numbers.items():
        Thread.objects.filter(pk=pk).update(last_number=number)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-rebuild", action="store_true")
    args = parser.parse_args()
    out = print

    from community.models import Member
    from search.backends import get_backend
    from search.indexing import rebuild
    from search.models import SearchDocument
    from search.query import parse, synonym_map

    call_command("migrate", verbosity=0)
    rng = random.Random(2020)
    ensure_corpus(args.posts, rng, out)
    backend = get_backend()
    vendor = connection.vendor

    rebuild_rate = None
    if not args.skip_rebuild or not SearchDocument.objects.exists():
        started = time.monotonic()
        count = rebuild(backend, batch_size=5000)
        elapsed = time.monotonic() - started
        from groups.models import Post as _Post

        rebuild_rate = _Post.objects.count() / elapsed
        out(f"rebuild: {count} items ({_Post.objects.count()} posts) in {elapsed:.1f} s")

    reader = Member.objects.get(email="bench0@example.nl")
    synonyms = synonym_map()
    rows = []
    all_times: list[float] = []
    for text in QUERIES:
        times = []
        total = 0
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            result = backend.search(parse(text, synonyms), reader)
            times.append((time.perf_counter() - t0) * 1000)
            total = f"{result.total}+" if result.capped else str(result.total)
        all_times += times
        rows.append((text, total, statistics.median(times), max(times)))

    floor = []
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for word in ("bijstand", "schuld", "uitkering", "armoede", "kostendelersnorm"):
                for _ in range(args.rounds):
                    t0 = time.perf_counter()
                    cursor.execute(
                        "SELECT id FROM search_document WHERE search_vector @@ "
                        "plainto_tsquery('dutch', %s) ORDER BY created_at DESC LIMIT 20",
                        [word],
                    )
                    cursor.fetchall()
                    floor.append((time.perf_counter() - t0) * 1000)

    from groups.models import Post

    posts = Post.objects.count()
    out(f"\nSearch bench: {vendor}, {posts:,} posts, backend {backend.name}, "
        f"{args.rounds} rounds per query, as a member (open + 2 private groups); "
        f"hits N+ = more than N (SEARCH_EXACT_LIMIT)\n")  # fmt: skip
    out(f"| {'query':45} | {'hits':>7} | {'median ms':>9} | {'max ms':>7} |")
    out(f"|{'-' * 47}|{'-' * 9}|{'-' * 11}|{'-' * 9}|")
    for text, total, median, worst in rows:
        out(f"| {text:45} | {total:>7} | {median:>9.1f} | {worst:>7.1f} |")
    out("")
    out("| measure | value |")
    out("|---|---|")
    out(f"| query p50 (ms) | {percentile(all_times, 50):.1f} |")
    out(f"| query p95 (ms) | {percentile(all_times, 95):.1f} |")
    if rebuild_rate:
        out(f"| rebuild (posts/s) | {rebuild_rate:,.0f} |")
    if floor:
        floor_p50 = percentile(floor, 50)
        out(f"| floor p50 (ms): GIN @@, newest 20 ids | {floor_p50:.2f} |")
        out(f"| ratio query p50 / floor p50 | {percentile(all_times, 50) / floor_p50:.1f}x |")


if __name__ == "__main__":
    main()
