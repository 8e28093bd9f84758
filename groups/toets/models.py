"""The uitvoeringstoets: a draft split into articles, the invited audience, members' ratings
with their reasons, cached tallies per article, the official answer and the report links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.reports.models import ShareLink
from groups.visibility import is_bureau, is_member

REASON_MAX = 2000


class Rating(models.TextChoices):
    OK = "uitvoerbaar", _("executable")
    RISK = "risico", _("executable with risks")
    NOT = "niet", _("not executable")
    NONE = "geen", _("no opinion")


# The ratings that need a reason.
NEEDS_REASON = frozenset({Rating.RISK, Rating.NOT})


class Outcome(models.TextChoices):
    ADOPTED = "overgenomen", _("adopted")
    PARTLY = "deels", _("partly adopted")
    NOT = "niet", _("not adopted")


class ToetsQuerySet(models.QuerySet):
    def invited(self, member):
        """Toetsen whose audience includes ``member``: a member of one of its think groups
        (closed and private ones included) or working in one of its domains."""
        from groups.models import GroupMembership

        if not is_member(member):
            return self.none()
        in_group = GroupMembership.objects.filter(
            member_id=member.pk, group_id=OuterRef("groups__id")
        )
        return self.filter(Q(Exists(in_group)) | Q(domains__in=member.domains.all())).distinct()

    def visible_to(self, member):
        """What a member may open: the bureau every toets, others the open or closed toetsen
        they are invited to (a toets that has not opened yet is shown to no member)."""
        if is_bureau(member):
            return self.all()
        return self.invited(member).filter(opens_at__lte=timezone.now())


class Toets(models.Model):
    """One uitvoeringstoets on one draft (a bill, a municipal policy rule, a guidance)."""

    title = models.CharField(_("title"), max_length=200)
    commissioner = models.CharField(
        _("commissioning party"),
        max_length=200,
        help_text=_("For example: Ministerie van SZW, Gemeente Tiel."),
    )
    introduction = models.TextField(_("introduction"), max_length=5000, blank=True)
    domains = models.ManyToManyField(
        "community.Domain", blank=True, related_name="+", verbose_name=_("invited domains")
    )
    groups = models.ManyToManyField(
        "groups.ThinkGroup", blank=True, related_name="+", verbose_name=_("invited think groups")
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    show_tallies_early = models.BooleanField(
        _("show tallies before a member has rated"),
        default=False,
        help_text=_("Off: a member sees an article's tally only after rating it."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opening_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    answers_published_at = models.DateTimeField(_("answer published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ToetsQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation test")
        verbose_name_plural = _("implementation tests")
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["closed_at", "closes_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("groups:toets:detail", kwargs={"pk": self.pk})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or self.closes_at <= timezone.now()


class Article(models.Model):
    """One article or numbered paragraph of the draft, with its cached tallies (maintained by
    ``actions.rate`` in the rating's transaction) and the commissioning party's answer."""

    toets = models.ForeignKey(Toets, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), max_length=20000)
    explanation = models.TextField(_("explanation"), max_length=20000, blank=True)
    count_ok = models.PositiveIntegerField(default=0)
    count_risk = models.PositiveIntegerField(default=0)
    count_not = models.PositiveIntegerField(default=0)
    count_none = models.PositiveIntegerField(default=0)
    answer_outcome = models.CharField(
        _("answer"), max_length=12, choices=Outcome.choices, blank=True
    )
    answer_text = models.TextField(_("text of the answer"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["toets", "position"]
        constraints = [
            models.UniqueConstraint(fields=["toets", "position"], name="unique_article_position")
        ]

    def __str__(self):
        return self.heading

    def tallies(self) -> dict[str, int]:
        return {
            Rating.OK: self.count_ok,
            Rating.RISK: self.count_risk,
            Rating.NOT: self.count_not,
            Rating.NONE: self.count_none,
        }

    @property
    def rated(self) -> int:
        return self.count_ok + self.count_risk + self.count_not + self.count_none


COUNT_FIELDS = {
    Rating.OK: "count_ok",
    Rating.RISK: "count_risk",
    Rating.NOT: "count_not",
    Rating.NONE: "count_none",
}


class ArticleRating(models.Model):
    """One member's rating of one article; changed in place until the toets closes. The
    member's domain, role and kind of organisation are kept as they were when rating, for the
    report's breakdowns."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ratings")
    toets = models.ForeignKey(Toets, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="toets_ratings"
    )
    value = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    reason = models.TextField(_("why"), max_length=REASON_MAX, blank=True)
    helps = models.TextField(_("what would help"), max_length=REASON_MAX, blank=True)
    quote_consent = models.BooleanField(_("may be quoted anonymously"), default=False)
    privacy_findings = models.JSONField(default=list, blank=True)
    # The anonymised reason (core.anonymise, made by the worker) for the report's quotes.
    quote_text = models.TextField(blank=True)
    quote_source = models.TextField(blank=True, editable=False)
    domain = models.CharField(max_length=60, blank=True)
    role = models.CharField(max_length=80, blank=True)
    organisation_kind = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["article", "member"], name="one_rating_per_article")
        ]
        indexes = [models.Index(fields=["toets", "member"])]

    def __str__(self):
        return f"{self.member_id} → {self.article_id}: {self.value}"


class Verdict(models.Model):
    """A member's overall verdict on the draft, given at the end."""

    toets = models.ForeignKey(Toets, on_delete=models.CASCADE, related_name="verdicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(_("overall verdict"), max_length=12, choices=Rating.choices)
    text = models.TextField(_("explanation"), max_length=REASON_MAX, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["toets", "member"], name="one_verdict_per_member")
        ]

    def __str__(self):
        return f"{self.member_id} → {self.toets_id}: {self.value}"


class ToetsLink(ShareLink):
    toets = models.ForeignKey(Toets, on_delete=models.CASCADE, related_name="links")

    class Meta:
        verbose_name = _("report link")
        verbose_name_plural = _("report links")
        ordering = ["-created_at"]
