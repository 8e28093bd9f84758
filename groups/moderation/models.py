"""Flags, the moderation log, suspensions and the bureau's moderation settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class GuardModeChoices(models.TextChoices):
    CONFIRM = "confirm", _("The author may confirm and post")
    HOLD = "hold", _("Confirmed posts are held for review")


@register_setting(icon="warning")
class ModerationSettings(BaseGenericSetting):
    """Edited by the bureau under Settings in the admin; Django settings give the defaults."""

    privacy_guard_mode = models.CharField(
        _("privacy guard"),
        max_length=10,
        choices=GuardModeChoices.choices,
        blank=True,
        help_text=_(
            "What happens when a post seems to contain personal data of a client. Empty: "
            "the site default."
        ),
    )
    auto_hide_threshold = models.PositiveSmallIntegerField(
        _("automatic hiding after"),
        null=True,
        blank=True,
        help_text=_(
            "Hide a post automatically once this many different members flagged it. Empty: "
            "the site default."
        ),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> ModerationSettings:
        return cls.load()

    @classmethod
    def threshold(cls) -> int:
        value = cls.current().auto_hide_threshold
        if value:
            return value
        return int(getattr(settings, "MODERATION_AUTO_HIDE_THRESHOLD", 3))


class FlagReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("contains personal data of a client")
    INAPPROPRIATE = "inappropriate", _("inappropriate")
    SPAM = "spam", _("spam")
    OTHER = "other", _("other")


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def for_moderator(self, member):
        """Flags on posts in the groups this member moderates (the bureau: all)."""
        from groups.models import ThinkGroup

        return self.filter(
            post__thread__group__in=ThinkGroup.objects.moderated_by(member).values("pk")
        )


class Flag(models.Model):
    """A member's report of a post; one per member per post."""

    post = models.ForeignKey(
        "groups.Post", on_delete=models.CASCADE, related_name="flags", verbose_name=_("post")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flags_made",
        verbose_name=_("reporter"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    text = models.CharField(_("explanation"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("flagged at"), default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    resolution = models.CharField(_("outcome"), max_length=20, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_flag_per_member")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} – {self.post}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ActionKind(models.TextChoices):
    FLAG = "flag", _("Flagged")
    AUTO_HIDE = "auto_hide", _("Hidden automatically")
    DISMISS = "dismiss", _("Flags dismissed")
    HIDE = "hide", _("Post hidden")
    UNHIDE = "unhide", _("Post shown again")
    REDACT = "redact", _("Post redacted")
    RELEASE = "release", _("Held post released")
    LOCK = "lock", _("Thread locked")
    UNLOCK = "unlock", _("Thread unlocked")
    PIN = "pin", _("Thread pinned")
    UNPIN = "unpin", _("Thread unpinned")
    MOVE = "move", _("Thread moved")
    SUSPEND = "suspend", _("Member suspended")
    WARN = "warn", _("Member warned")


class ModerationAction(models.Model):
    """The audit log: who did what, when, why, and what it looked like before and after.

    ``before``/``after`` of a redaction hold the original text: the log is for the bureau
    only (the admin viewset and the dashboard check the role).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("action"), max_length=20, choices=ActionKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    group = models.ForeignKey(
        "groups.ThinkGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group"),
    )
    thread = models.ForeignKey(
        "groups.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thread"),
    )
    post = models.ForeignKey(
        "groups.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_received",
        verbose_name=_("member concerned"),
    )

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        when = date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT")
        return f"{self.get_kind_display()} ({when})"


class SuspensionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(until__gt=timezone.now())


class GroupSuspension(models.Model):
    """A member may not write in one group (or anywhere, when ``group`` is empty) until a time."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="suspensions",
        verbose_name=_("member"),
    )
    group = models.ForeignKey(
        "groups.ThinkGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suspensions",
        verbose_name=_("group"),
        help_text=_("Empty: the whole platform."),
    )
    until = models.DateTimeField(_("until"))
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-created_at"]

    def __str__(self):
        return _("%(member)s until %(date)s") % {
            "member": self.member,
            "date": date_format(timezone.localtime(self.until), "DATE_FORMAT"),
        }

    def get_group_display(self) -> str:
        """The group, or the whole platform for the bureau's suspensions (no group)."""
        return str(self.group) if self.group_id else str(_("the whole platform"))

    get_group_display.short_description = _("group")

    @property
    def is_active(self) -> bool:
        return self.until > timezone.now()
