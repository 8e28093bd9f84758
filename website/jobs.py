"""Periodic jobs of the website: scheduled publishing of Wagtail pages."""

from io import StringIO

from django.core.management import call_command

from core.worker import Job


def publish_scheduled() -> int:
    call_command("publish_scheduled", stdout=StringIO())
    return 0


JOBS = [Job("publish_scheduled", publish_scheduled, every=30)]
