"""Run the background worker: index sync, scheduled publishing, e-mail, digests."""

import signal
import time

from django.core.management.base import BaseCommand

from core.worker import discover_jobs, run_due


class Command(BaseCommand):
    help = "Runs the periodic background jobs of every app until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument("--tick", type=float, default=0.5, help="Seconds between rounds.")

    def handle(self, *args, once=False, tick=0.5, **options):
        jobs = discover_jobs()
        self.stdout.write(f"worker: {', '.join(j.name for j in jobs) or 'no jobs'}")
        if once:
            run_due(jobs)
            return
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            run_due(jobs)
            time.sleep(tick)
