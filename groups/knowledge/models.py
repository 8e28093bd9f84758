"""Knowledge models: the guidance versions the forum knows of (kept in step by the newsroom),
a thread's link to one of them, verified answers with their validity, and guidance follows.

The newsroom (``website``) owns the guidance pages; the forum may not import it, so it keeps
its own copy of what it needs (title, slug, and per version the number, date and change
notes), written by ``actions.sync_guidance`` each time the newsroom publishes the page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GuidanceEdition(models.Model):
    """One published version of a guidance document, as the newsroom last published it."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("document")
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, db_index=True)
    url = models.CharField(max_length=500, blank=True)
    number = models.PositiveIntegerField(_("version number"))
    date = models.DateField(_("date"))
    changes = models.CharField(_("what changed"), max_length=500, blank=True)
    # When followers heard of this version (once per version, even when republished).
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("guidance version")
        verbose_name_plural = _("guidance versions")
        ordering = ["page_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="knowledge_edition_unique")
        ]

    def __str__(self):
        return f"{self.title} v{self.number}"


class ThreadLink(models.Model):
    """The guidance document and version a thread is about."""

    thread = models.OneToOneField(
        "groups.Thread", on_delete=models.CASCADE, related_name="guidance_link", primary_key=True
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version number"))
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)
    # Set when a moderator re-linked the thread after checking it against a newer version.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("guidance link")
        verbose_name_plural = _("guidance links")
        indexes = [models.Index(fields=["page", "number"])]

    def __str__(self):
        return f"{self.thread_id} → {self.page_id} v{self.number}"


class VerificationStatus(models.TextChoices):
    ACTIVE = "active", _("Verified")
    EXPIRED = "expired", _("Expired – possibly outdated")
    ENDED = "ended", _("Ended")


class Verification(models.Model):
    """A post marked as the verified answer of its thread, valid until a date or until the
    next version of a guidance document."""

    thread = models.ForeignKey(
        "groups.Thread", on_delete=models.CASCADE, related_name="verifications"
    )
    post = models.ForeignKey("groups.Post", on_delete=models.CASCADE, related_name="verifications")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    until_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Ends when this version number (or a higher one) of ``until_page`` is published.
    until_number = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.ACTIVE
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verified answer")
        verbose_name_plural = _("verified answers")
        ordering = ["-verified_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=models.Q(status="active"),
                name="knowledge_one_active_verification",
            )
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self):
        return f"{self.post_id} ({self.status})"


class KnowledgeLog(models.Model):
    """Audit log of verifications ended by a move, a withdrawal or an edit."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    thread = models.ForeignKey("groups.Thread", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.action} {self.thread_id}"


class GuidanceFollow(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "member"], name="knowledge_follow_unique")
        ]

    def __str__(self):
        return f"{self.member_id} → {self.page_id}"
