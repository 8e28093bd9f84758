"""Demo members: realistic Dutch professionals across the six domains, with roles."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .models import Domain, Member, Role

# The one password of every demo account, printed by load_demo for local log-ins.
DEMO_PASSWORD = "samendenk-demo"  # noqa: S105 - demo only

FIRST = [
    "Anouk",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanneke",
    "Ilse",
    "Jeroen",
    "Karim",
    "Lotte",
    "Mohamed",
    "Nienke",
    "Olaf",
    "Priya",
    "Quinten",
    "Roos",
    "Sanne",
    "Tim",
    "Ufuk",
    "Vera",
    "Wouter",
    "Yasmina",
    "Zoë",
    "Bas",
    "Marloes",
    "Said",
    "Ingrid",
    "Ruben",
    "Femke",
    "Hasan",
    "Joyce",
    "Koen",
    "Lieke",
    "Meryem",
    "Niels",
    "Petra",
    "Sevda",
    "Thijs",
]
LAST = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "van Dam",
    "Prins",
    "Kok",
    "Huisman",
    "Kuipers",
    "Verhoeven",
]
ORGANISATIONS = [
    "Gemeente Utrecht",
    "Gemeente Zwolle",
    "Sociale Dienst Drechtsteden",
    "Gemeente Tilburg",
    "Werkplein Fivelingo",
    "Gemeente Amersfoort",
    "Stichting Schuldhulp Rijnmond",
    "Gemeente Leeuwarden",
    "Buurtteam Oost Arnhem",
    "Jeugdteam Eindhoven Noord",
    "Gemeente Enschede",
    "Kredietbank Limburg",
    "Gemeente Almere",
    "Sociaal Wijkteam Deventer",
]
JOBS_BY_DOMAIN = {
    "werk-en-inkomen": ["klantmanager", "inkomensconsulent", "werkcoach", "handhaver"],
    "zorg": ["Wmo-consulent", "wijkverpleegkundige", "sociaal werker"],
    "jeugd": ["jeugdconsulent", "gezinscoach", "jeugdbeschermer"],
    "schuldhulp": ["schuldhulpverlener", "budgetcoach", "beschermingsbewindvoerder"],
    "armoede": ["armoedeconsulent", "sociaal raadsman", "beleidsadviseur armoede"],
    "inburgering": ["inburgeringsconsulent", "taalcoach", "klantregisseur inburgering"],
}
BIOS = [
    "Werkt al {years} jaar in het sociaal domein, met hart voor mensen die tussen wal en schip "
    "vallen.",
    "Houdt van korte lijnen met ketenpartners en eerlijke gesprekken aan de keukentafel.",
    "Denkt graag mee over regels die in de praktijk anders uitpakken dan op papier.",
    "Is {years} jaar geleden overgestapt uit het onderwijs en heeft er geen dag spijt van.",
]

# Fixed accounts whose log-ins `load_demo` prints.
FIXED = [
    (
        "lid@samendenk.nl",
        "Marieke van den Berg",
        "Gemeente Utrecht",
        "klantmanager",
        ["werk-en-inkomen", "schuldhulp"],
        Role.MEMBER,
    ),
    (
        "redactie@samendenk.nl",
        "Joost Hermans",
        "SAM bureau",
        "redacteur",
        ["werk-en-inkomen"],
        Role.EDITOR,
    ),
    (
        "bureau@samendenk.nl",
        "Saskia Terpstra",
        "SAM bureau",
        "beleidsmedewerker",
        ["werk-en-inkomen", "zorg", "jeugd"],
        Role.BUREAU,
    ),
]


def load(ctx) -> None:
    password = make_password(DEMO_PASSWORD)
    domains = {d.slug: d for d in Domain.objects.all()}
    roles = {name: Group.objects.get(name=name) for name in Role.values}
    members: list[Member] = []
    with ctx.progress("Leden", ctx.members) as bar:
        for email, name, org, job, domain_slugs, role in FIXED:
            members.append(
                _ensure(email, name, org, job, domain_slugs, role, password, domains, roles, ctx)
            )
            bar.advance()
        for i in range(ctx.members - len(FIXED)):
            first = FIRST[i % len(FIRST)]
            last = LAST[(i * 7) % len(LAST)]
            domain_slug = list(JOBS_BY_DOMAIN)[i % len(JOBS_BY_DOMAIN)]
            second = list(JOBS_BY_DOMAIN)[(i * 5 + 2) % len(JOBS_BY_DOMAIN)]
            email = (
                f"{first}.{last}".lower().replace(" ", "").replace("ë", "e")
                + f"{i}@demo.samendenk.nl"
            )
            members.append(
                _ensure(
                    email,
                    f"{first} {last}",
                    ORGANISATIONS[i % len(ORGANISATIONS)],
                    ctx.rng.choice(JOBS_BY_DOMAIN[domain_slug]),
                    sorted({domain_slug, second}) if i % 3 == 0 else [domain_slug],
                    Role.MEMBER,
                    password,
                    domains,
                    roles,
                    ctx,
                )
            )
            bar.advance()
    ctx.extra["members"] = members


def _ensure(email, name, org, job, domain_slugs, role, password, domains, roles, ctx):
    from allauth.account.models import EmailAddress

    member, created = Member.objects.get_or_create(
        email=email,
        defaults={
            "display_name": name,
            "organisation": org,
            "job_title": job,
            "bio": ctx.rng.choice(BIOS).format(years=ctx.rng.randint(3, 25)),
            "password": password,
            "is_staff": role in (Role.EDITOR, Role.BUREAU),
        },
    )
    if created:
        member.domains.set([domains[s] for s in domain_slugs if s in domains])
        member.groups.add(roles[Role.MEMBER.value])
        if role != Role.MEMBER:
            member.groups.add(roles[role.value])
        EmailAddress.objects.get_or_create(
            user=member, email=email, defaults={"verified": True, "primary": True}
        )
    return member
