"""Demo content of the newsroom: articles, the Tozo guidance in 13 versions, events, pages.

Written for this project (fictional people and organisations). Idempotent: every object is
looked up by its slug or name first, so a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.rich_text import RichText

from .models import (
    ArticleAuthor,
    ArticleKind,
    ArticlePage,
    Author,
    Category,
    EventPage,
    GuidanceDocumentPage,
    GuidanceVersion,
    HomePage,
    NewsIndexPage,
    StandardPage,
    Tag,
)

THINK_GROUP_SLUG = "tozo-en-zelfstandigen"

CATEGORIES = ["Kwaliteit professionals", "Beleid en wetgeving", "Vereniging", "Praktijk"]
TAGS = [
    "Coronacrisis",
    "Tozo",
    "Algemeen",
    "Kwaliteit professionals",
    "Schuldhulp",
    "Jeugd",
    "Inburgering",
    "Armoede",
    "Beroepsregister",
]
AUTHORS = [
    ("Marieke de Wit", "klantmanager werk en inkomen", "Gemeente Zandhoven"),
    ("Yusuf Kaya", "schuldhulpverlener", "Stadsbank Oostland"),
    ("Anneke Jorritsma", "beleidsadviseur", "Bureau SAM"),
    ("Ruben Verhoef", "redacteur", "Bureau SAM"),
    ("Priya Ramdin", "jeugdconsulent", "Jeugdteam Rivierenland"),
]

TOZO_CHANGES = [
    "Eerste versie: aanvraag, voorwaarden en bewijsstukken.",
    "Verduidelijking van het begrip 'woonachtig in Nederland'.",
    "Nieuwe paragraaf over zelfstandigen met een AOW-partner.",
    "Werkwijze bij terugvordering na een te hoge voorschotbetaling.",
    "Aangepaste inkomenstoets voor de verlenging (Tozo 2).",
    "Partnerinkomenstoets en rekenvoorbeelden toegevoegd.",
    "Bedrijfskapitaal: voorwaarden voor de lening aangescherpt.",
    "Tozo 3: levensvatbaarheidstoets en uitzonderingen.",
    "Samenloop met de TONK en bijzondere bijstand.",
    "Tozo 4: vermogenstoets vervalt niet, wel nieuwe grenzen.",
    "Tozo 5: overgangsrecht en einddatum aanvragen.",
    "Afhandeling na afloop: eindafrekening en controles.",
    "Definitieve versie: terugvordering, kwijtschelding en archivering.",
]

# (slug, title, kind, category, tags, intro, body blocks as (type, value), date offset days)
ARTICLES = [
    (
        "denkgroepen-van-start",
        "SAMendenk-groepen van start",
        ArticleKind.NEWS,
        "Vereniging",
        ["Algemeen"],
        "Vanaf vandaag kunnen leden meedenken in groepen per domein: werk en inkomen, zorg, "
        "jeugd, schuldhulp, armoede en inburgering.",
        [
            (
                "paragraph",
                "<p>Professionals in de frontlinie weten als geen ander waar regels "
                "knellen. In de SAMendenk-groepen bundelen we die kennis, zodat het bureau er "
                "sterke signalen van kan maken richting beleidsmakers.</p>",
            ),
            ("think_group", None),
        ],
        900,
    ),
    (
        "werkdruk-klantmanagers-onderzoek",
        "Onderzoek: werkdruk klantmanagers blijft hoog",
        ArticleKind.NEWS,
        "Kwaliteit professionals",
        ["Kwaliteit professionals", "Algemeen"],
        "Twee op de drie klantmanagers ervaren structureel te weinig tijd per cliënt, blijkt "
        "uit een peiling onder leden.",
        [
            (
                "paragraph",
                "<p>Ruim 600 leden vulden de peiling in. Vooral de administratieve "
                "last rond verantwoording wordt als zwaar ervaren.</p>",
            ),
            (
                "pull_quote",
                (
                    "Ik wil met mensen werken, niet met formulieren.",
                    "Een klantmanager uit het oosten",
                ),
            ),
            (
                "paragraph",
                "<p>Het bureau bespreekt de uitkomsten met de VNG en het ministerie.</p>",
            ),
        ],
        700,
    ),
    (
        "interview-schuldhulp-in-coronatijd",
        "‘Mensen melden zich pas als het water aan de lippen staat’",
        ArticleKind.INTERVIEW,
        "Praktijk",
        ["Schuldhulp", "Coronacrisis"],
        "Schuldhulpverlener Yusuf Kaya over vroegsignalering en de gevolgen van de crisis voor "
        "zijn cliënten.",
        [
            (
                "interview",
                ("Ruben Verhoef", "Wat zie je veranderen sinds het begin van de crisis?", True),
            ),
            (
                "interview",
                (
                    "Yusuf Kaya",
                    "Er komen nieuwe groepen binnen: zelfstandigen die nooit "
                    "met schulden te maken hadden en zich schamen om hulp te vragen.",
                    False,
                ),
            ),
            ("interview", ("Ruben Verhoef", "Wat helpt dan?", True)),
            (
                "interview",
                (
                    "Yusuf Kaya",
                    "Vroeg erbij zijn. Signalen van woningcorporaties en "
                    "energiebedrijven maken echt het verschil.",
                    False,
                ),
            ),
            ("pull_quote", ("Schaamte is de grootste drempel.", "Yusuf Kaya")),
        ],
        420,
    ),
    (
        "column-regels-en-mensen",
        "Column: regels zijn er voor mensen",
        ArticleKind.COLUMN,
        "Kwaliteit professionals",
        ["Kwaliteit professionals"],
        "Marieke de Wit schrijft over de ruimte die professionals nodig hebben om maatwerk te "
        "leveren.",
        [
            (
                "paragraph",
                "<p>Elke week zie ik mensen die net buiten de regels vallen. De wet "
                "biedt ruimte, maar die ruimte moet je durven nemen, en je organisatie moet je "
                "erin steunen.</p>",
            ),
            ("paragraph", "<p>Professionele ruimte is geen gunst, het is de kern van ons vak.</p>"),
        ],
        380,
    ),
    (
        "beroepsregister-open",
        "Beroepsregister opent voor klantmanagers",
        ArticleKind.NEWS,
        "Kwaliteit professionals",
        ["Beroepsregister", "Kwaliteit professionals"],
        "Klantmanagers kunnen zich vanaf nu registreren in het beroepsregister van SAM.",
        [
            (
                "paragraph",
                "<p>Registratie laat zien dat je bijblijft in je vak. Je houdt je "
                "registratie actueel met scholing en intervisie.</p>",
            ),
        ],
        360,
    ),
    (
        "interview-jeugdconsulent",
        "‘Een gezin heeft één plan nodig, niet vijf’",
        ArticleKind.INTERVIEW,
        "Praktijk",
        ["Jeugd"],
        "Jeugdconsulent Priya Ramdin over samenwerking tussen jeugdhulp en werk en inkomen.",
        [
            ("interview", ("Anneke Jorritsma", "Waar loop je tegenaan?", True)),
            (
                "interview",
                (
                    "Priya Ramdin",
                    "Ieder loket heeft zijn eigen plan en eigen termijnen. "
                    "Het gezin moet het allemaal bij elkaar houden.",
                    False,
                ),
            ),
            ("interview", ("Anneke Jorritsma", "En wat zou je willen?", True)),
            (
                "interview",
                (
                    "Priya Ramdin",
                    "Eén regisseur die mag beslissen over de grenzen van de domeinen heen.",
                    False,
                ),
            ),
        ],
        300,
    ),
    (
        "inburgering-nieuwe-wet",
        "Nieuwe Wet inburgering: gemeenten aan zet",
        ArticleKind.NEWS,
        "Beleid en wetgeving",
        ["Inburgering"],
        "Met de nieuwe wet krijgen gemeenten de regie over inburgering terug. Wat betekent dat "
        "voor de praktijk?",
        [
            (
                "paragraph",
                "<p>Leden uit de inburgering delen hun eerste ervaringen in de "
                "denkgroep. Het bureau verzamelt knelpunten voor de evaluatie.</p>",
            ),
        ],
        260,
    ),
    (
        "column-armoede-is-geen-keuze",
        "Column: armoede is geen keuze",
        ArticleKind.COLUMN,
        "Praktijk",
        ["Armoede"],
        "Yusuf Kaya over het hardnekkige beeld dat armoede een kwestie van verkeerde keuzes is.",
        [
            (
                "paragraph",
                "<p>Schaarste verandert hoe mensen beslissen. Wie dat weet, "
                "ontwerpt regelingen anders.</p>",
            ),
            ("pull_quote", ("Wie arm is, heeft geen tijd voor lange formulieren.", None)),
        ],
        200,
    ),
    (
        "jubileumcongres-aangekondigd",
        "Jubileumcongres: tien jaar SAM",
        ArticleKind.NEWS,
        "Vereniging",
        ["Algemeen"],
        "SAM bestaat tien jaar en viert dat met een congres voor alle leden.",
        [("paragraph", "<p>Het programma staat op de evenementpagina. Aanmelden kan nu.</p>")],
        60,
    ),
    (
        "kwaliteitskader-vastgesteld",
        "Kwaliteitskader voor de frontlinie vastgesteld",
        ArticleKind.NEWS,
        "Kwaliteit professionals",
        ["Kwaliteit professionals", "Beroepsregister"],
        "De ledenvergadering heeft het kwaliteitskader vastgesteld: wat mag een cliënt van een "
        "professional verwachten?",
        [("paragraph", "<p>Het kader is uitgewerkt in de beroepscode.</p>")],
        40,
    ),
    (
        "interview-bijzondere-bijstand",
        "‘Maatwerk vraagt om vertrouwen van de organisatie’",
        ArticleKind.INTERVIEW,
        "Kwaliteit professionals",
        ["Armoede", "Kwaliteit professionals"],
        "Klantmanager Marieke de Wit over bijzondere bijstand en de ruimte om af te wijken.",
        [
            ("interview", ("Ruben Verhoef", "Wanneer wijk je af van het beleid?", True)),
            (
                "interview",
                (
                    "Marieke de Wit",
                    "Als het beleid in een situatie niet doet wat het "
                    "bedoelt. Dat leg ik dan goed vast.",
                    False,
                ),
            ),
        ],
        20,
    ),
    (
        "coronacrisis-bereikbaarheid",
        "Coronacrisis: zo blijven sociale diensten bereikbaar",
        ArticleKind.NEWS,
        "Praktijk",
        ["Coronacrisis", "Algemeen"],
        "Leden delen hoe hun organisatie bereikbaar blijft nu fysieke spreekuren vervallen.",
        [
            (
                "paragraph",
                "<p>Videobellen, terugbelafspraken en buitenloketten: de praktijk "
                "is inventief.</p>",
            )
        ],
        330,
    ),
]

TOZO_UPDATES = [
    (6, "Tozo: zelfstandigen massaal aan het loket", 320),
    (7, "Tozo-update: partnerinkomen telt weer mee", 290),
    (8, "Tozo-update: lening bedrijfskapitaal", 250),
    (9, "Tozo 3: de levensvatbaarheidstoets uitgelegd", 210),
    (10, "Tozo-update: samenloop met de TONK", 170),
    (11, "Tozo 4: wat verandert er per 1 april?", 130),
    (12, "Tozo 5: de laatste verlenging", 90),
    (13, "Tozo afgerond: handreiking versie 13 over terugvordering", 30),
]

STANDING_PAGES = [
    (
        "beroepscode",
        "Beroepscode",
        "De beroepscode beschrijft de waarden en normen van professionals in het sociaal domein.",
        "<h2>Kernwaarden</h2><p>Respect voor de cliënt, vakmanschap, integriteit en "
        "onafhankelijkheid.</p><h2>Verantwoordelijkheden</h2><p>De professional weegt het "
        "belang van de cliënt en de opdracht van de organisatie zorgvuldig af.</p>",
    ),
    (
        "beroepsstatuut",
        "Beroepsstatuut",
        "Het beroepsstatuut legt vast welke professionele ruimte een werkgever biedt.",
        "<p>Het statuut regelt onder meer de ruimte om af te wijken van standaarden wanneer het "
        "belang van de cliënt dat vraagt, en de plicht dat te verantwoorden.</p>",
    ),
    (
        "beroepsregister",
        "Beroepsregister",
        "Uitleg over het beroepsregister: wie zich kan registreren en wat daarbij hoort.",
        "<p>Geregistreerde professionals volgen jaarlijks scholing en nemen deel aan "
        "intervisie. Registratie geldt vijf jaar.</p>",
    ),
    (
        "over-sam",
        "Over SAM",
        "SAM is de vereniging van professionals in de frontlinie van het sociaal domein.",
        "<p>SAM geeft professionals een stem, versterkt het vakmanschap en brengt signalen "
        "uit de praktijk naar de politiek.</p>",
    ),
]


def _pdf_bytes(title: str) -> bytes:
    """A tiny valid one-page PDF with the title, so the demo documents open."""
    text = title.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 60 780 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _document(title: str):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    document = Document(title=title)
    document.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(_pdf_bytes(title)))
    document._set_document_file_metadata()
    document.save()
    return document


def _guidance(home: HomePage, today: datetime.date, ctx) -> GuidanceDocumentPage:
    page = _child(home, GuidanceDocumentPage, "handreiking-tozo")
    if page is None:
        page = GuidanceDocumentPage(
            title="Handreiking Tozo",
            slug="handreiking-tozo",
            intro="<p>De handreiking voor klantmanagers over de Tijdelijke overbruggingsregeling "
            "zelfstandig ondernemers (Tozo). Deze pagina verwijst altijd naar de geldende "
            "versie.</p>",
        )
        home.add_child(instance=page)
    existing = set(page.versions.values_list("number", flat=True))
    progress = ctx.progress("Handreiking Tozo: versies", len(TOZO_CHANGES))
    changed = False
    for number, changes in enumerate(TOZO_CHANGES, start=1):
        if number not in existing:
            document = _document(f"Handreiking Tozo versie {number}")
            page.versions.add(
                GuidanceVersion(
                    number=number,
                    date=today - datetime.timedelta(days=30 * (len(TOZO_CHANGES) - number) + 25),
                    changes=changes,
                    document=document,
                )
            )
            changed = True
        progress.advance()
    progress.finish()
    if changed or not page.live:
        _publish(page)
    return page


def _body(blocks, guidance, group):
    body = []
    for kind, value in blocks:
        if kind == "paragraph":
            body.append(("paragraph", RichText(value)))
        elif kind == "interview":
            speaker, text, is_interviewer = value
            body.append(
                (
                    "interview_turn",
                    {"speaker": speaker, "text": text, "is_interviewer": is_interviewer},
                )
            )
        elif kind == "pull_quote":
            quote, attribution = value
            body.append(("pull_quote", {"quote": quote, "attribution": attribution or ""}))
        elif kind == "guidance":
            body.append(("guidance_link", {"document": guidance, "label": value}))
        elif kind == "think_group" and group:
            body.append(
                ("think_group", {"group": group, "text": "Deel je ervaringen met collega's."})
            )
    return body


def _article(news, spec, *, guidance, group, authors, categories, tags, today):
    slug, title, kind, category, tag_names, intro, blocks, days_ago = spec
    page = _child(news, ArticlePage, slug)
    if page is not None:
        return False
    date = today - datetime.timedelta(days=days_ago)
    page = ArticlePage(
        title=title,
        slug=slug,
        kind=kind,
        date=date,
        updated_on=date + datetime.timedelta(days=3)
        if kind == ArticleKind.NEWS and days_ago % 3 == 0
        else None,
        category=categories[category],
        intro=intro,
        body=_body(blocks, guidance, group),
    )
    page.tags = [tags[name] for name in tag_names]
    author_name = {
        ArticleKind.INTERVIEW: "Ruben Verhoef",
        ArticleKind.COLUMN: "Marieke de Wit" if "Marieke" in intro else "Yusuf Kaya",
    }.get(kind, "Anneke Jorritsma")
    page.article_authors = [ArticleAuthor(author=authors[author_name])]
    news.add_child(instance=page)
    _publish(page)
    return True


def _events(home: HomePage, now) -> int:
    specs = [
        (
            "jubileumcongres-10-jaar-sam",
            "Jubileumcongres: tien jaar SAM",
            (75, datetime.time(9, 30), datetime.timedelta(hours=9)),
            "Jaarbeurs, Utrecht",
            400,
            "Tien jaar SAM: een dag over vakmanschap, professionele ruimte en de stem van de "
            "frontlinie.",
            "<ul><li>09.30 Ontvangst</li><li>10.00 Opening door de voorzitter</li><li>11.00 "
            "Workshops per domein</li><li>15.30 Debat met Kamerleden</li><li>17.00 "
            "Jubileumborrel</li></ul>",
        ),
        (
            "regiobijeenkomst-noord",
            "Regiobijeenkomst Noord: werk en inkomen",
            (20, datetime.time(14, 0), datetime.timedelta(hours=2, minutes=30)),
            "Stadhuis, Groningen",
            40,
            "Leden uit het noorden wisselen ervaringen uit over re-integratie en maatwerk.",
            "<p>Inloop vanaf 13.30, programma van 14.00 tot 16.30.</p>",
        ),
        (
            "webinar-schuldhulp",
            "Webinar: vroegsignalering van schulden",
            (35, datetime.time(15, 0), datetime.timedelta(hours=1)),
            "Online",
            150,
            "Een uur over signalen van woningcorporaties en energieleveranciers.",
            "<p>Met praktijkvoorbeelden uit drie gemeenten.</p>",
        ),
    ]
    created = 0
    # Times as the programme texts say them, in Amsterdam time.
    today = timezone.localtime(now).date()
    for slug, title, (days, at, duration), place, capacity, intro, programme in specs:
        if _child(home, EventPage, slug):
            continue
        start = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=days), at)
        )
        page = EventPage(
            title=title,
            slug=slug,
            start=start,
            end=start + duration,
            place=place,
            capacity=capacity,
            intro=intro,
            programme=programme,
        )
        home.add_child(instance=page)
        _publish(page)
        created += 1
    return created


def load(ctx) -> None:
    home = HomePage.objects.first()
    if home is None:
        ctx.say("Website: geen startpagina; demo-nieuws overgeslagen")
        return
    today = timezone.localdate()
    news = NewsIndexPage.objects.first()
    if news is None:
        news = NewsIndexPage(title="Nieuws", slug="nieuws")
        home.add_child(instance=news)
        _publish(news)

    categories = {
        name: Category.objects.get_or_create(
            name=name, defaults={"slug": name.lower().replace(" ", "-")}
        )[0]
        for name in CATEGORIES
    }
    tags = {name: Tag.get_or_create_named(name) for name in TAGS}
    authors = {
        name: Author.objects.get_or_create(
            name=name, defaults={"role": role, "organisation": organisation}
        )[0]
        for name, role, organisation in AUTHORS
    }
    guidance = _guidance(home, today, ctx)

    from groups.models import ThinkGroup

    group = ThinkGroup.objects.filter(slug=THINK_GROUP_SLUG).first()
    if group is None:
        ctx.say(f"Website: denkgroep '{THINK_GROUP_SLUG}' niet gevonden; geen oproep in artikelen")

    specs = list(ARTICLES)
    for number, title, days_ago in TOZO_UPDATES:
        specs.append(
            (
                f"tozo-update-versie-{number}",
                title,
                ArticleKind.NEWS,
                "Beleid en wetgeving",
                ["Tozo", "Coronacrisis"] + (["Algemeen"] if number % 4 == 0 else []),
                f"Versie {number} van de handreiking Tozo is verschenen. "
                f"{TOZO_CHANGES[number - 1]}",
                [
                    (
                        "paragraph",
                        f"<p>De belangrijkste wijziging in versie {number}: "
                        f"{TOZO_CHANGES[number - 1].lower()} Lees de volledige handreiking via "
                        "de link hieronder; die wijst altijd naar de geldende versie.</p>",
                    ),
                    ("guidance", "Handreiking Tozo"),
                    (
                        "interview",
                        ("Anneke Jorritsma", "Wat betekent dit voor de uitvoering?", True),
                    ),
                    (
                        "interview",
                        (
                            "Marieke de Wit",
                            "Meer uitleg aan de balie, en goed "
                            "vastleggen waarom je een besluit neemt.",
                            False,
                        ),
                    ),
                    ("think_group", None),
                ],
                days_ago,
            )
        )
    # A few short news items so that the list paginates and every tag has company.
    for index, (tag, days_ago) in enumerate(
        [
            ("Schuldhulp", 150),
            ("Jeugd", 110),
            ("Inburgering", 80),
            ("Armoede", 50),
            ("Algemeen", 10),
        ]
    ):
        specs.append(
            (
                f"kort-nieuws-{index + 1}",
                f"Kort nieuws: {tag.lower()} in de regio",
                ArticleKind.NEWS,
                "Praktijk",
                [tag, "Algemeen"] if tag != "Algemeen" else ["Algemeen"],
                f"Nieuws uit de regio's over {tag.lower()}: wat leden signaleren en wat het "
                "bureau ermee doet.",
                [
                    (
                        "paragraph",
                        "<p>Leden uit drie regio's deelden hun ervaringen in de "
                        "denkgroepen. Het bureau neemt de signalen mee in het "
                        "overleg met de VNG.</p>",
                    )
                ],
                days_ago,
            )
        )

    progress = ctx.progress("Nieuwsartikelen", len(specs))
    created = 0
    for spec in specs:
        created += _article(
            news,
            spec,
            guidance=guidance,
            group=group,
            authors=authors,
            categories=categories,
            tags=tags,
            today=today,
        )
        progress.advance()
    progress.finish()

    events = _events(home, timezone.now())
    pages = 0
    for slug, title, intro, body in STANDING_PAGES:
        if _child(home, StandardPage, slug):
            continue
        page = StandardPage(title=title, slug=slug, intro=intro, body=body)
        home.add_child(instance=page)
        _publish(page)
        pages += 1
    ctx.say(
        f"Website: {created} artikelen, {events} evenementen en {pages} vaste pagina's toegevoegd"
    )
