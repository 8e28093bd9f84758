"""`manage.py create_staff`: the first bureau and editor accounts of a new deployment."""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from community.actions import grant_staff_role
from community.models import Role

ROLES = {"bureau": Role.BUREAU, "redactie": Role.EDITOR}


class Command(BaseCommand):
    help = (
        "Creates a bureau or editor account (or gives an existing member that role). "
        "The password is asked for, or read from standard input with --password-stdin."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="Display name, e.g. 'Bureau SAM'.")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from stdin."
        )

    def handle(self, *args, **options):
        password = self._password(options["password_stdin"])
        try:
            member, created = grant_staff_role(
                email=options["email"],
                display_name=options["name"],
                role=ROLES[options["role"]],
                password=password,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        what = "aangemaakt" if created else "bestond al en heeft de rol gekregen"
        self.stdout.write(self.style.SUCCESS(f"Account {member.email} ({options['role']}) {what}."))

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        if not sys.stdin.isatty():
            return ""  # an existing member needs none; a new one is refused with a message
        first = getpass.getpass("Wachtwoord: ")
        if first != getpass.getpass("Wachtwoord (nogmaals): "):
            raise CommandError("De wachtwoorden zijn niet gelijk.")
        return first
