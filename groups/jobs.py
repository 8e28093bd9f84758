"""Periodic jobs of the think groups: notification e-mail (per event and the daily digest)."""

from core.worker import Job

from . import notifications

JOBS = [
    Job("notification_mail", notifications.send_event_mail, every=30),
    Job("notification_digest", notifications.send_digests, every=300),
    Job("notification_expiry", notifications.expire_old, every=24 * 3600),
]
