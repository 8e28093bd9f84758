"""Hand-written Dutch fragments for the demo discussions (no client data of any kind)."""

GROUPS = [
    # slug, name, domain slug, visibility, description
    (
        "tozo-en-zelfstandigen",
        "Tozo en zelfstandigen",
        "werk-en-inkomen",
        "open",
        "Over de Tozo, de Bbz en de begeleiding van ondernemers: aanvragen, "
        "eindafrekeningen, terugvorderingen en de nieuwste versie van de handreiking.",
    ),
    (
        "participatiewet-in-de-praktijk",
        "Participatiewet in de praktijk",
        "werk-en-inkomen",
        "open",
        "Hoe passen we de Participatiewet toe zonder de mens uit het oog te verliezen? "
        "Maatwerk, de kostendelersnorm, de taaleis en wat er verandert.",
    ),
    (
        "re-integratie-en-werkgevers",
        "Re-integratie en werkgevers",
        "werk-en-inkomen",
        "open",
        "Werkgeversdienstverlening, loonkostensubsidie, jobcoaching en duurzame plaatsing.",
    ),
    (
        "intervisie-klantmanagers",
        "Intervisie klantmanagers",
        "werk-en-inkomen",
        "private",
        "Besloten intervisiegroep voor klantmanagers: lastige gesprekken, dilemma's en "
        "wat het werk met je doet. Alleen op uitnodiging.",
    ),
    (
        "wmo-en-de-keukentafel",
        "Wmo en het keukentafelgesprek",
        "zorg",
        "open",
        "Het gesprek over ondersteuning thuis, mantelzorg, eigen bijdragen en de "
        "samenwerking met zorgaanbieders en de huisarts.",
    ),
    (
        "jeugdhulp-en-het-gezin",
        "Jeugdhulp en het gezin",
        "jeugd",
        "open",
        "Eén gezin, één plan: jeugdhulp in samenhang met werk, inkomen en schulden.",
    ),
    (
        "jeugdbescherming-casuistiek",
        "Jeugdbescherming: geanonimiseerde casuïstiek",
        "jeugd",
        "closed",
        "Besloten groep voor professionals in de jeugdbescherming. Casuïstiek alleen "
        "volledig geanonimiseerd; moderatoren beoordelen aanmeldingen.",
    ),
    (
        "vroegsignalering-schulden",
        "Vroegsignalering van schulden",
        "schuldhulp",
        "open",
        "Signalen van vaste lasten, huisbezoeken, outreachend werken en de samenwerking "
        "met woningcorporaties en energieleveranciers.",
    ),
    (
        "schuldregeling-en-bewind",
        "Schuldregeling en beschermingsbewind",
        "schuldhulp",
        "open",
        "Minnelijke trajecten, saneringskredieten, de Wsnp en de samenwerking met bewindvoerders.",
    ),
    (
        "minimaregelingen",
        "Minimaregelingen en bijzondere bijstand",
        "armoede",
        "open",
        "Wat bereikt mensen echt? Ervaringen met individuele inkomenstoeslag, "
        "kindpakketten, de energietoeslag en niet-gebruik.",
    ),
    (
        "kinderen-in-armoede",
        "Kinderen in armoede",
        "armoede",
        "open",
        "Meedoen op school, sport en cultuur; samenwerken met scholen en fondsen.",
    ),
    (
        "inburgering-en-taal",
        "Inburgering en taal",
        "inburgering",
        "open",
        "De Wet inburgering in de praktijk: brede intake, PIP, leerroutes, taal op de "
        "werkvloer en ontzorgen in het eerste half jaar.",
    ),
]

TOPICS = {
    "werk-en-inkomen": [
        "de eindafrekening van de Tozo",
        "terugvordering bij ondernemers",
        "de nieuwe versie van de Tozo-handreiking",
        "de kostendelersnorm bij inwonende kinderen",
        "de taaleis in de Participatiewet",
        "loonkostensubsidie en de loonwaardemeting",
        "maatwerk bij de inlichtingenplicht",
        "parttime werk naast een uitkering",
        "de overstap van Tozo naar Bbz",
        "het eerste gesprek na een aanvraag",
    ],
    "zorg": [
        "het keukentafelgesprek",
        "overbelaste mantelzorgers",
        "de eigen bijdrage voor huishoudelijke hulp",
        "wachttijden bij zorgaanbieders",
        "samenwerking met de huisartsenpraktijk",
        "beschermd wonen en uitstroom",
        "respijtzorg",
    ],
    "jeugd": [
        "het gezinsplan bij meervoudige problematiek",
        "wachtlijsten in de jeugd-ggz",
        "de overgang naar achttien",
        "samenwerking met het onderwijs",
        "veiligheidsplannen",
        "ouders met schulden in een jeugdhulptraject",
    ],
    "schuldhulp": [
        "vroegsignalering bij betalingsachterstanden",
        "het huisbezoek na een signaal",
        "het saneringskrediet",
        "samenwerking met bewindvoerders",
        "de stabilisatiefase",
        "de vrij te laten som",
        "wachttijden voor het eerste gesprek",
    ],
    "armoede": [
        "niet-gebruik van regelingen",
        "de individuele inkomenstoeslag",
        "het kindpakket",
        "de energietoeslag",
        "werkende armen",
        "samenwerking met voedselbanken en fondsen",
    ],
    "inburgering": [
        "de brede intake",
        "het persoonlijk plan inburgering en participatie",
        "de B1-route",
        "de Z-route",
        "ontzorgen in het eerste half jaar",
        "taal op de werkvloer",
        "statushouders en werk",
    ],
}

TITLE_TEMPLATES = [
    "Ervaringen met {topic}?",
    "Hoe pakken jullie {topic} aan?",
    "Vraag over {topic}",
    "{Topic}: wat werkt wel?",
    "{Topic} na de laatste wijziging",
    "Tips gezocht: {topic}",
    "Werkinstructie voor {topic} delen?",
    "Knelpunt: {topic}",
]

OPENINGS = [
    "Bij ons in het team loopt het gesprek hierover al een tijdje.",
    "Ik liep er deze week weer tegenaan en ben benieuwd hoe het elders gaat.",
    "Sinds de laatste aanpassing krijgen we hier veel vragen over.",
    "Een collega vroeg me of er al een gedeelde werkwijze is.",
    "Na het regio-overleg van vorige maand bleef dit bij me hangen.",
    "We zijn als gemeente net begonnen met een nieuwe aanpak.",
    "In de praktijk blijkt de regel lastiger dan op papier.",
    "Ik werk sinds kort in dit domein en zoek houvast.",
    "Onze teamleider wil voor de zomer een besluit nemen.",
    "De vraag komt steeds terug in het werkoverleg.",
]

SUBSTANCE = {
    "werk-en-inkomen": [
        "De handreiking zegt er iets over, maar laat veel ruimte voor eigen afweging. "
        "Wij leggen die afweging nu expliciet vast in het dossier.",
        "Ondernemers schrikken vooral van de brief. Een telefoontje vooraf scheelt "
        "veel bezwaarschriften, merken wij.",
        "We toetsen eerst of er sprake is van een dringende reden om af te wijken. "
        "Dat blijkt vaker het geval dan je zou denken.",
        "Bij ons kijkt een tweede klantmanager mee voordat een terugvordering de deur uitgaat.",
        "De combinatie van wisselende inkomsten en de maandelijkse opgave is voor veel "
        "mensen gewoon niet te doen zonder hulp.",
        "We hebben een vast spreekuur ingericht met iemand van de Kamer van Koophandel "
        "en een budgetcoach erbij.",
        "Het helpt om de uitkomst van de eindafrekening eerst mondeling toe te lichten "
        "en pas daarna het besluit te sturen.",
        "Loonkostensubsidie werkt alleen als de werkgever ook begeleiding op de werkvloer krijgt.",
        "Bij de kostendelersnorm rekenen we de bijstand opnieuw uit als er een kind meer gaat "
        "verdienen. Het recht op bijstand blijft, maar de bijstandsuitkering daalt.",
        "Na de Tozo stappen veel ondernemers over naar het Bbz. De Pw vraagt dan een "
        "levensvatbaarheidsonderzoek.",
    ],
    "zorg": [
        "Aan de keukentafel hoor je vaak pas in het tweede gesprek wat er echt speelt.",
        "We nemen standaard de mantelzorger apart, met een eigen vraag over belastbaarheid.",
        "De wachttijd bij aanbieders maakt dat we tijdelijke oplossingen moeten bedenken.",
        "De huisarts belt ons inmiddels direct als er zorgen zijn; dat scheelt weken.",
        "Een vaste contactpersoon per wijk werkt beter dan een centraal loket.",
        "Huishoudelijke hulp regelen we via de Wmo; voor de kinderen in het gezin loopt "
        "het via jeugdhulp, met een ander loket.",
    ],
    "jeugd": [
        "Zodra er schulden spelen, staat het gezin niet open voor opvoedondersteuning. "
        "Eerst rust in de financiën, dan de rest.",
        "We werken met één plan en één regisseur, maar de systemen van de partners "
        "praten nog steeds niet met elkaar.",
        "De overgang naar achttien blijft een breuk: andere wetten, andere loketten.",
        "School ziet signalen als eerste. We hebben nu een vaste lijn met de intern begeleiders.",
        "Een veiligheidsplan werkt alleen als het netwerk van het gezin het mee draagt.",
    ],
    "schuldhulp": [
        "Binnen drie werkdagen na een signaal staan we op de stoep. De meeste mensen "
        "zijn opgelucht dat er iemand komt.",
        "De stabilisatiefase duurt bij ons gemiddeld langer dan gepland, vooral door "
        "wisselende inkomsten.",
        "Met een saneringskrediet is het traject overzichtelijker voor iedereen, ook voor "
        "schuldeisers.",
        "Bewindvoerders en wij hebben nu een gezamenlijk overleg per kwartaal; dat werkt.",
        "Het eerste gesprek plannen we binnen twee weken, anders haken mensen af.",
        "Bij beslag op het loon rekenen we eerst de beslagvrije voet na. In een Wsnp-traject "
        "kijkt de bewindvoerder mee.",
    ],
    "armoede": [
        "Niet-gebruik komt vooral door schaamte en door formulieren die niemand snapt.",
        "We benaderen mensen nu actief op basis van gegevens die we al hebben, in plaats "
        "van te wachten op een aanvraag.",
        "Het kindpakket loopt goed sinds scholen er actief op wijzen.",
        "Werkende armen vallen vaak tussen wal en schip: te veel voor de regeling, te "
        "weinig om rond te komen.",
        "De samenwerking met de voedselbank levert ons veel signalen op.",
    ],
    "inburgering": [
        "De brede intake kost tijd, maar levert een veel realistischer plan op.",
        "Voor de Z-route zoeken we nog naar goede activiteiten in de buurt.",
        "Taal leren gaat sneller als mensen al een paar dagen per week werken.",
        "Ontzorgen in het eerste half jaar voorkomt veel achterstanden later.",
        "De B1-route is voor een deel van de groep te hoog gegrepen; we bouwen tussenstappen in.",
    ],
}

GENERIC = [
    "Wat mij helpt: **eerst luisteren**, dan pas de regels erbij pakken.",
    "We hebben het als volgt ingericht:\n\n- een vast aanspreekpunt\n- korte lijnen met "
    "de backoffice\n- elke maand een casusbespreking",
    "Het belangrijkste is dat de uitleg in begrijpelijke taal gebeurt. Onze brieven "
    "zijn herschreven op taalniveau B1.",
    "Ik merk dat de werkdruk het lastig maakt om maatwerk te leveren, terwijl dat "
    "juist nu nodig is.",
    "Het zou helpen als de vereniging dit meeneemt naar het ministerie: de uitvoering "
    "loopt hier echt vast.",
    "We hebben een werkinstructie opgesteld en die regelmatig bijgesteld na evaluatie "
    "met het team.",
    "De samenwerking met ketenpartners staat of valt met korte lijnen en vertrouwen.",
    "Onze ervaring is dat een warme overdracht veel beter werkt dan een verwijzing op papier.",
]

QUESTIONS = [
    "Hoe doen jullie dit?",
    "Herkennen jullie dit?",
    "Zijn er gemeenten die hier al een goede werkwijze voor hebben?",
    "Wie wil zijn werkinstructie delen?",
    "Wat zijn jullie ervaringen?",
    "Zou dit een signaal voor de vereniging zijn?",
]

REPLIES = [
    "Herkenbaar! Bij ons precies hetzelfde.",
    "Goede vraag, hier lopen we ook tegenaan.",
    "Dank voor het delen, hier kan ik mee verder.",
    "Wij hebben het anders aangepakt, met wisselend succes.",
    "Mooi voorbeeld. Mag ik je werkinstructie overnemen?",
    "Eens met wat hierboven staat.",
    "Ik zou het iets voorzichtiger formuleren, maar de richting klopt.",
    "Dit hebben we vorig jaar geprobeerd; het liep stuk op de systemen.",
    "Fijn om te lezen dat we niet de enigen zijn.",
    "Interessant, dat wist ik nog niet.",
]

CLOSINGS = [
    "Ik hoor graag hoe het bij jullie gaat.",
    "Wordt vervolgd.",
    "Ik neem het mee naar ons werkoverleg.",
    "Succes allemaal!",
    "Laten we dit in de regio verder bespreken.",
    "",
    "",
]
