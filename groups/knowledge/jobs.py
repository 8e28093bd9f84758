"""Worker jobs of knowledge: verified answers expire by date, and their verifiers are
reminded a month ahead."""

from core.worker import Job

from .actions import expire_due, remind_due

JOBS = [
    Job("knowledge_expiry", expire_due, every=300),
    Job("knowledge_reminders", remind_due, every=3600),
]
