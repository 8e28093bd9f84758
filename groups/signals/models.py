"""Signals for policy: themes, schemes, signals on posts and their support, the quote,
reports with token links and the answers they got, theme follows and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.reports.models import ShareLink


class ThemeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged")


class ThemeQuerySet(models.QuerySet):
    def choosable(self):
        """Themes a member may pick when marking a post."""
        return self.filter(status=ThemeStatus.ACTIVE)

    def current(self):
        return self.exclude(status=ThemeStatus.MERGED)


class Theme(models.Model):
    """A subject policy should hear about ("Terugvordering Tozo"); the bureau keeps the list."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ThemeStatus.choices, default=ThemeStatus.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:signals:theme", kwargs={"slug": self.slug})


class Scheme(models.Model):
    """A scheme or law a signal concerns (Participatiewet, Tozo, Wmo 2015 …)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("scheme or law")
        verbose_name_plural = _("schemes and laws")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class SignalKind(models.TextChoices):
    PROBLEM = "knelpunt", _("bottleneck")
    WORKS = "werkt_goed", _("works well")
    IDEA = "idee", _("idea")


class SignalStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Consent(models.TextChoices):
    PENDING = "pending", _("Not asked yet or no answer")
    GIVEN = "given", _("May be quoted")
    REFUSED = "refused", _("May not be quoted")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class SignalQuerySet(models.QuerySet):
    def counted(self):
        """Signals that count in figures: accepted, on a post that still exists and shows."""
        return self.filter(
            status=SignalStatus.ACCEPTED,
            post__is_deleted=False,
            post__is_hidden=False,
            post__is_held=False,
        )

    def quotable(self):
        """Counted signals whose quote may leave the platform now: the author said yes and
        the bureau approved the anonymised text of the post as it reads today."""
        return self.counted().filter(
            consent=Consent.GIVEN,
            quote_approved_at__isnull=False,
            quote_approved_edit_count=models.F("post__edit_count"),
        )


class Signal(models.Model):
    """A post marked as something policy should hear. One per post: a second member who
    marks the same post adds support (a ``SignalMark``), not a second signal."""

    post = models.OneToOneField(
        "groups.Post", on_delete=models.CASCADE, related_name="signal", verbose_name=_("post")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="signals", verbose_name=_("theme")
    )
    scheme = models.ForeignKey(
        Scheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("scheme or law"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SignalKind.choices)
    sentence = models.CharField(_("what policy should hear"), max_length=300)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    created_at = models.DateTimeField(_("marked at"), default=timezone.now, db_index=True)
    # Members who marked the post, the first marker included (maintained by actions).
    mark_count = models.PositiveIntegerField(_("members"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reject_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    consent = models.CharField(
        _("quoting"), max_length=10, choices=Consent.choices, default=Consent.PENDING
    )
    consent_at = models.DateTimeField(_("consent changed at"), null=True, blank=True)
    # The anonymiser's proposal (made by the worker; core.anonymise) for the post as it was
    # at ``proposal_edit_count`` edits, with its findings.
    proposal_text = models.TextField(_("anonymised proposal"), blank=True)
    proposal_findings = models.JSONField(default=list, blank=True)
    proposal_edit_count = models.PositiveIntegerField(null=True, blank=True)
    # The quote the bureau approved; valid only while the post has not been edited since.
    quote_text = models.TextField(_("approved quote"), blank=True)
    quote_approved_at = models.DateTimeField(_("quote approved at"), null=True, blank=True)
    quote_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    quote_approved_edit_count = models.PositiveIntegerField(null=True, blank=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["theme", "status", "created_at"])]

    def __str__(self):
        return f"{self.theme}: {self.sentence[:60]}"

    @property
    def support_count(self) -> int:
        """Colleagues who recognise it, besides the first marker."""
        return max(self.mark_count - 1, 0)

    def quote_is_current(self, post=None) -> bool:
        post = post or self.post
        return (
            self.quote_approved_at is not None and self.quote_approved_edit_count == post.edit_count
        )

    def proposal_is_current(self, post=None) -> bool:
        post = post or self.post
        return self.proposal_edit_count is not None and self.proposal_edit_count == post.edit_count


class SignalMark(models.Model):
    """One member marked (or supported) one post: at most one row per member per post."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="marks")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signal_marks"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("support")
        constraints = [
            models.UniqueConstraint(fields=["signal", "member"], name="one_mark_per_member")
        ]

    def __str__(self):
        return f"{self.member_id} → {self.signal_id}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class Report(models.Model):
    """A signal report over one or more themes and a period; its figures and quotes are
    computed when it is shown, so a withdrawn consent leaves every rendering at once."""

    title = models.CharField(_("title"), max_length=200)
    themes = models.ManyToManyField(Theme, related_name="reports", verbose_name=_("themes"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("up to and including"))
    summary = models.TextField(_("summary"), max_length=10000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("signal report")
        verbose_name_plural = _("signal reports")
        ordering = ["-period_end", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("groups:signals:report", kwargs={"pk": self.pk})


class ReportLink(ShareLink):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links")

    class Meta:
        verbose_name = _("report link")
        verbose_name_plural = _("report links")
        ordering = ["-created_at"]


class Outcome(models.TextChoices):
    AWAITING = "", _("No answer yet")
    ADOPTED = "overgenomen", _("adopted")
    PARTLY = "deels", _("partly adopted")
    NOT = "niet", _("not adopted")


class ReportDispatch(models.Model):
    """Where a report went and, later, the answer it got."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="dispatches")
    recipient = models.CharField(_("sent to"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    outcome = models.CharField(
        _("answer"), max_length=12, choices=Outcome.choices, default=Outcome.AWAITING, blank=True
    )
    answer = models.TextField(_("the answer"), max_length=5000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dispatch and answer")
        verbose_name_plural = _("dispatches and answers")
        ordering = ["-sent_on", "-id"]

    def __str__(self):
        return f"{self.report} → {self.recipient}"


class ThemeFollow(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="theme_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["theme", "member"], name="unique_theme_follow")
        ]

    def __str__(self):
        return f"{self.member_id} follows {self.theme_id}"


class LogKind(models.TextChoices):
    MARK = "mark", _("Marked")
    SUPPORT = "support", _("Supported")
    CONSENT = "consent", _("Consent changed")
    ACCEPT = "accept", _("Accepted into a theme")
    MOVE = "move", _("Moved to another theme")
    REJECT = "reject", _("Rejected")
    APPROVE_QUOTE = "approve_quote", _("Quote approved")
    UNAPPROVE_QUOTE = "unapprove_quote", _("Quote approval withdrawn")
    THEME_ACCEPT = "theme_accept", _("Theme accepted")
    THEME_MERGE = "theme_merge", _("Themes merged")
    THEME_DELETE = "theme_delete", _("Theme deleted")
    THEME_EDIT = "theme_edit", _("Theme edited")
    REPORT = "report", _("Report saved")
    LINK = "link", _("Link made")
    LINK_REVOKE = "link_revoke", _("Link revoked")
    DISPATCH = "dispatch", _("Dispatch recorded")
    ANSWER = "answer", _("Answer recorded")


class SignalLog(models.Model):
    """The audit log of the signal desk: who did what, when, and what changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("action"), max_length=20, choices=LogKind.choices)
    signal = models.ForeignKey(
        Signal, on_delete=models.SET_NULL, null=True, blank=True, related_name="log"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("signal desk action")
        verbose_name_plural = _("signal desk log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"
