"""`manage.py search_worker`: drain the search outbox in a loop (or once)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from search.backends import get_backend
from search.backends.errors import SearchUnavailable, outage_said_by_caller
from search.indexing import drain, pending_count, retry_now


class Command(BaseCommand):
    help = "Drains the search outbox into the search backend, with retries and backoff."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Drain what is due, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between rounds.")
        parser.add_argument(
            "--retry-now",
            action="store_true",
            help="Make every waiting entry due now (after a long search outage), then drain.",
        )

    def handle(self, *args, **options):
        if options["retry_now"]:
            self.stdout.write(f"Opnieuw aan de beurt gezet: {retry_now()}")
        problem = self._engine_problem()
        if problem and options["once"]:
            raise CommandError(problem)
        if problem:
            # The loop keeps going: entries wait with backoff until the engine answers.
            self.stderr.write(problem)
        if options["once"]:
            total = 0
            while handled := drain():
                total += handled
            self.stdout.write(f"Verwerkt: {total}; nog in de wachtrij: {pending_count()}")
            return
        self.stdout.write("Zoekindex-worker draait (Ctrl-C stopt).")
        try:
            while True:
                close_old_connections()
                if not drain():
                    time.sleep(options["interval"])
        except KeyboardInterrupt:
            self.stdout.write("Gestopt.")

    def _engine_problem(self) -> str:
        """One line about an unreachable engine (not a traceback per round), or ""."""
        ping = getattr(get_backend(), "ping", None)
        if ping is None:
            return ""
        try:
            with outage_said_by_caller():
                ping()
        except SearchUnavailable as error:
            return (
                f"Zoekmachine niet bereikbaar: {error.engine} ({error.cause}). "
                f"Nog te verwerken in de wachtrij: {pending_count()}; die blijven bewaard."
            )
        return ""
