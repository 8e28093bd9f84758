"""`manage.py search_rebuild`: rebuild the whole search index, with a progress bar."""

import time

from django.core.management.base import BaseCommand

from core.progress import Progress
from search.backends import get_backend
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuilds the search index; writes made meanwhile are replayed, nothing is lost."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        backend = get_backend()
        started = time.monotonic()
        bars: list[Progress] = []

        def progress(label, total):
            bar = Progress(label, total, stream=self.stdout)
            bars.append(bar)
            return bar

        count = rebuild(backend, batch_size=options["batch_size"], progress=progress)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Zoekindex opnieuw opgebouwd ({backend.name}): {count} items in "
                f"{elapsed:.1f} s ({count / max(elapsed, 1e-6):,.0f}/s)."
            )
        )
