"""Abstract models every report kind shares: the revocable token link for outsiders."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32
PREFIX_LENGTH = 8


def new_token() -> str:
    """An unguessable URL-safe token (256 bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_token(self, token: str):
        """The active link whose secret is ``token`` (only its hash is stored)."""
        if not token or len(token) > 100:
            return self.none()
        return self.active().filter(token_hash=hash_token(token))


class ShareLink(models.Model):
    """A read-only link for someone outside the platform (a ministry, a municipality).

    Only a hash of the token is stored, like a password: the bureau sees the full link once,
    when it is made. Revoking sets ``revoked_at``; the link then answers 404.
    """

    label = models.CharField(
        _("for whom"),
        max_length=200,
        help_text=_("For example: Ministerie van SZW, afdeling Participatie."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=PREFIX_LENGTH, editable=False)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.label} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def set_token(self) -> str:
        """Give the link a fresh secret; returns it (the only time it is visible)."""
        token = new_token()
        self.token_hash = hash_token(token)
        self.prefix = token[:PREFIX_LENGTH]
        return token
