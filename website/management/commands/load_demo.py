"""Load realistic Dutch demo content, app by app; idempotent, with progress."""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand
from django.db import transaction

from community.demo import DEMO_PASSWORD
from core.progress import Progress

# Order matters: members first, then groups and discussions, then the newsroom
# (articles link to think groups).
DEMO_MODULES = [
    "community.demo",
    "groups.demo",
    "website.demo",
    "groups.signals.demo",
    "groups.knowledge.demo",
    "groups.toets.demo",
    "website.stories.demo",
    "search.demo",
]


@dataclass
class DemoContext:
    command: BaseCommand
    rng: random.Random
    threads: int
    posts: int
    members: int
    extra: dict = field(default_factory=dict)

    def say(self, message: str) -> None:
        self.command.stdout.write(message)

    def progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, stream=self.command.stdout)


class Command(BaseCommand):
    help = "Loads demo members, think groups, discussions and news (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only when no members exist.")
        parser.add_argument("--members", type=int, default=40, help="Number of demo members.")
        parser.add_argument("--threads", type=int, default=300, help="Number of demo threads.")
        parser.add_argument(
            "--posts", type=int, default=3000, help="Total number of demo posts (e.g. 100000)."
        )
        parser.add_argument("--seed", type=int, default=2020, help="Random seed.")

    def handle(self, *args, **options):
        from community.models import Member

        if options["if_empty"] and Member.objects.exists():
            self.stdout.write("Database bevat al leden; demo-inhoud wordt niet geladen.")
            self._print_logins()
            return
        ctx = DemoContext(
            command=self,
            rng=random.Random(options["seed"]),
            threads=max(options["threads"], 0),
            posts=max(options["posts"], 0),
            members=max(options["members"], 3),
        )
        for dotted in DEMO_MODULES:
            try:
                module = importlib.import_module(dotted)
            except ModuleNotFoundError as exc:
                if exc.name != dotted:
                    raise
                continue
            with transaction.atomic():
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Demo-inhoud geladen."))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(
            f"\nDemo-inloggegevens (wachtwoord voor allemaal: {DEMO_PASSWORD}):\n"
            "  lid:        lid@samendenk.nl\n"
            "  redactie:   redactie@samendenk.nl\n"
            "  bureau:     bureau@samendenk.nl\n"
        )
