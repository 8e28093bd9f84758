"""Demo practice stories: three published (one for members only) and one draft, written for
this project (fictional people). They go through the real write functions and the newsroom's
workflow; the assistant's findings are given with each text (what the worker would store), so
loading the demo does not load deduce. Idempotent: a story is looked up by its title."""

from __future__ import annotations

from community.models import Member

from . import actions
from .models import Story

STORIES = [
    {
        "title": "Eerst landen, dan pas de snelste route naar werk",
        "situation": (
            "Een nieuwkomer, meneer Tesfay Gebremedhin uit Tiel, kwam drie weken na zijn "
            "verhuizing bij mij. Hij had nog geen huisarts, geen bankpas en geen idee waar de "
            "school van zijn dochter was."
        ),
        "action": (
            "Ik heb de re-integratieplicht een paar maanden uitgesteld en eerst met hem de "
            "praktische zaken geregeld."
        ),
        "obstacles": (
            "De Participatiewet en de Wet inburgering 2021 verwachten dat hij direct een traject "
            "start. Dat botst met wat iemand nodig heeft om te landen."
        ),
        "helps": "Ruimte in de wet voor een landingsperiode van drie tot zes maanden.",
        "findings": [("situation", "Tesfay Gebremedhin", "name", "[naam]"),
                     ("situation", "Tiel", "place", "een gemeente in Gelderland")],
        "audience": "public",
        "schemes": ["Participatiewet", "Wet inburgering 2021"],
    },
    {
        "title": "De kostendelersnorm en een zoon die net achttien werd",
        "situation": (
            "Mevrouw Jolanda Verhoef uit Ede belde op 4 maart 2025: haar uitkering ging omlaag "
            "omdat haar zoon achttien werd en nog thuis woont."
        ),
        "action": "Ik heb uitgezocht of een uitzondering mogelijk was en de zoon doorverwezen.",
        "obstacles": "De kostendelersnorm telt een scholier van achttien als kostendeler.",
        "helps": "De norm pas laten gelden als een jongere zelf inkomen heeft.",
        "findings": [("situation", "Jolanda Verhoef", "name", "[naam]"),
                     ("situation", "Ede", "place", "een gemeente in Gelderland"),
                     ("situation", "4 maart 2025", "date", "begin 2025")],
        "audience": "members",
        "schemes": ["Participatiewet"],
    },
    {
        "title": "Een Tozo-terugvordering die een ondernemer de moed ontnam",
        "situation": (
            "Een kapper uit Zutphen, de heer Ruud Kamphuis, kreeg een terugvordering van ruim "
            "achtduizend euro Tozo."
        ),
        "action": "Samen met schuldhulp heb ik een betalingsregeling voorgesteld.",
        "obstacles": "De terugvordering kwam jaren later, toen het geld allang op was.",
        "helps": "Een kwijtschelding als de ondernemer te goeder trouw was.",
        "findings": [("situation", "Zutphen", "place", "een gemeente in Gelderland"),
                     ("situation", "Ruud Kamphuis", "name", "[naam]")],
        "audience": "public",
        "schemes": ["Tozo"],
    },
    {
        "title": "Wachten op een taalcursus",
        "situation": "Mevrouw Amal Haddad wacht al maanden op een plek bij een taalschool.",
        "action": "",
        "obstacles": "",
        "helps": "",
        "findings": [("situation", "Amal Haddad", "name", "[naam]")],
        "draft": True,
        "schemes": [],
    },
]  # fmt: skip


def _findings(story: Story, items) -> dict:
    by_part: dict[str, list[dict]] = {}
    for part, original, kind, replacement in items:
        start = story.part_text(part).index(original)
        by_part.setdefault(part, []).append(
            {"kind": kind, "start": start, "end": start + len(original), "original": original,
             "replacement": "[naam]" if kind == "name" else "[plaats]", "source": "demo",
             "chosen": replacement}
        )  # fmt: skip
    for findings in by_part.values():
        findings.sort(key=lambda f: f["start"])
    return by_part


def _one(spec: dict, author: Member, bureau: Member) -> None:
    from groups.signals.models import Scheme

    fields = {k: spec.get(k, "") for k in ("title", "situation", "action", "obstacles", "helps")}
    fields["schemes"] = list(Scheme.objects.filter(name__in=spec["schemes"]))
    story = actions.save_draft(member=author, fields=fields)
    found = _findings(story, spec["findings"])
    picks = {part: [f.pop("chosen") for f in items] for part, items in found.items()}
    actions.save_analysis(story_id=story.pk, version=story.text_version, findings=found)
    story.refresh_from_db()
    if spec.get("draft"):
        return
    story = actions.choose_replacements(member=author, story=story, picks=picks)
    story = actions.submit_story(
        member=author, story=story, audience=spec["audience"], show_name=False,
        byline="een klantmanager uit Gelderland", consent=True,
    )  # fmt: skip
    page = story.page
    state = page.current_workflow_state
    if state is not None:
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, bureau, "approve")


def load(ctx) -> None:
    bureau = Member.objects.filter(email="bureau@samendenk.nl").first()
    authors = list(
        Member.objects.filter(is_active=True, is_staff=False).exclude(pk=getattr(bureau, "pk", 0))
    )[:4]
    if bureau is None or not authors:
        ctx.say("Te weinig demo-leden voor praktijkverhalen.")
        return
    progress = ctx.progress("Praktijkverhalen", len(STORIES))
    for i, spec in enumerate(STORIES):
        if not Story.objects.filter(title=spec["title"]).exists():
            _one(spec, authors[i % len(authors)], bureau)
        progress.advance()
    progress.finish()
