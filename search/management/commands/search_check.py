"""`manage.py search_check`: report drift between the database and the search index."""

from django.core.management.base import BaseCommand, CommandError

from search.backends.errors import SearchUnavailable, outage_said_by_caller
from search.indexing import check, pending_count

# What each kind of indexed object is called in the command's Dutch sentences.
KIND_LABELS = {"post": "Berichten", "thread": "Discussies", "article": "Artikelen"}


class Command(BaseCommand):
    help = "Compares the database with the search index and reports drift."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Queue the drifted objects.")

    def handle(self, *args, **options):
        from search.indexing import record_change

        try:
            with outage_said_by_caller():
                report = check()
        except SearchUnavailable as error:
            raise CommandError(
                f"Zoekmachine niet bereikbaar: {error.engine} ({error.cause}). "
                f"Nog te verwerken in de wachtrij: {pending_count()}."
            ) from None
        drift = 0
        for kind, found in report.items():
            missing, stale = found["missing"], found["stale"]
            drift += len(missing) + len(stale)
            self.stdout.write(
                f"{KIND_LABELS.get(kind, kind)}: {len(missing)} ontbreken in de index, "
                f"{len(stale)} staan er ten onrechte in"
                + (f" (bijv. {(missing + stale)[:10]})" if missing or stale else "")
            )
            if options["fix"] and (missing or stale):
                record_change(kind, missing + stale)
        self.stdout.write(f"Nog te verwerken in de wachtrij: {pending_count()}")
        if drift and not options["fix"]:
            raise CommandError(f"Afwijking tussen database en zoekindex: {drift} items.")
        self.stdout.write(
            self.style.SUCCESS("Geen afwijking." if not drift else "In de wachtrij gezet.")
        )
