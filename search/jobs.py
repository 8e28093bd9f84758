"""The index worker's job for `manage.py worker`: drain the search outbox."""

from website.worker import Job

from .indexing import drain

JOBS = [Job("search-outbox", drain, every=2.0)]
