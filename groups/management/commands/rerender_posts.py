"""`manage.py rerender_posts`: render every stored post's HTML again with the current
renderer (run once after an upgrade that makes the renderer stricter)."""

import time

from django.core.management.base import BaseCommand, CommandError

from groups.actions.rerender import BATCH_SIZE, rerender_posts
from groups.models import Post


class Command(BaseCommand):
    help = (
        "Renders the stored HTML of every post (and of its earlier versions) again with the "
        "current renderer, keeping its mentions. Changes no edit times, sends nothing. "
        "Safe to run twice; --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="Posts per batch and per line."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size moet minstens 1 zijn.")
        dry_run = options["dry_run"]
        total = Post.objects.count()
        started = time.monotonic()
        seen = posts = revisions = 0
        for batch in rerender_posts(batch_size=options["batch_size"], dry_run=dry_run):
            seen += batch.seen
            posts += batch.posts_changed
            revisions += batch.revisions_changed
            self.stdout.write(
                f"Berichten: {seen}/{total} bekeken, {posts} "
                f"{'te wijzigen' if dry_run else 'bijgewerkt'}."
            )
        elapsed = time.monotonic() - started
        if dry_run:
            summary = (
                f"Proefdraai: {posts} van {seen} berichten en {revisions} eerdere versies "
                "zouden veranderen. Er is niets opgeslagen."
            )
        else:
            summary = (
                f"Klaar: {posts} van {seen} berichten en {revisions} eerdere versies "
                f"opnieuw opgemaakt in {elapsed:.1f} s."
            )
        self.stdout.write(self.style.SUCCESS(summary))
