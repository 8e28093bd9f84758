"""The index worker's job for `manage.py worker`: drain the search outbox."""

from core.worker import Job

from .indexing import drain

JOBS = [Job("search-outbox", drain, every=2.0)]
