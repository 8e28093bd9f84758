"""The search outbox, the database search index and the bureau's synonym list."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    Processed entries are kept for a day: a rebuild replays everything recorded
    after it started, so writes during a rebuild are never lost.
    """

    kind = models.CharField(max_length=10, choices=IndexKind.choices)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=IndexAction.choices)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(processed_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self):
        return f"{self.action} {self.kind} {self.object_id}"


class SearchDocument(models.Model):
    """One searchable object in the database backend (SQLite FTS5 / PostgreSQL tsvector).

    On SQLite `title_terms`/`body_terms` hold pre-analysed text, the Dutch stems plus
    compound parts, which an external-content FTS5 table indexes. On PostgreSQL they stay
    empty: the backend writes the folded words plus compound parts straight into
    `tsvector` columns (`dutch` configuration; added by vendor-specific migrations, not
    part of this model). Who may see a document is decided at query time by the
    permission QuerySets, never by these columns.
    """

    kind = models.CharField(max_length=10, choices=IndexKind.choices)
    object_id = models.BigIntegerField()
    thread_id = models.BigIntegerField(null=True)
    group_id = models.BigIntegerField(null=True)
    domain_id = models.BigIntegerField(null=True)
    author_id = models.BigIntegerField(null=True)
    author_name = models.CharField(max_length=200, blank=True)
    # Flags at index time; a change not yet drained is caught live (see permission_q).
    is_hidden = models.BooleanField(default=False)
    is_held = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    year = models.PositiveSmallIntegerField()
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)

    class Meta:
        db_table = "search_document"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document")
        ]
        # The candidate step reads matches newest first (see DatabaseBackend.raw_search).
        indexes = [models.Index(fields=["-created_at", "-id"], name="search_document_newest")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class SynonymGroup(models.Model):
    """Words and names that mean the same in the social domain ("Pw, Participatiewet")."""

    terms = models.CharField(
        _("terms"),
        max_length=500,
        unique=True,
        help_text=_(
            "Comma-separated words or names that mean the same, e.g. "
            "“Pw, Participatiewet”. A search for one also finds the others."
        ),
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.split(",") if t.strip()]
