"""`manage.py search_worker`: drain the search outbox in a loop (or once)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from search.indexing import drain, pending_count


class Command(BaseCommand):
    help = "Drains the search outbox into the search backend, with retries and backoff."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Drain what is due, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between rounds.")

    def handle(self, *args, **options):
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
