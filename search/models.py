"""The search outbox: index changes written in the same transaction as the data."""

from django.db import models
from django.utils import timezone


class IndexKind(models.TextChoices):
    POST = "post", "post"
    THREAD = "thread", "thread"
    ARTICLE = "article", "article"


class IndexAction(models.TextChoices):
    UPSERT = "upsert", "upsert"
    DELETE = "delete", "delete"


class OutboxEntry(models.Model):
    """One object whose index entry must be (re)written or removed.

    Written by the write functions inside their transaction; drained by the index
    worker with retries, so a failing search engine delays indexing, never posting.
    """

    kind = models.CharField(max_length=10, choices=IndexKind.choices)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=IndexAction.choices)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.action} {self.kind} {self.object_id}"
