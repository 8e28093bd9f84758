"""Practice stories: a member's guided story, the anonymiser's findings with the member's
replacements, the consent, and the story's history (steps, questions and answers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The guided parts, in the order the form and the article show them.
PARTS = ("situation", "action", "obstacles", "helps")
PART_LABELS = {
    "title": _("Title"),
    "situation": _("The situation"),
    "action": _("What I did"),
    "obstacles": _("What the rules or the policy made difficult"),
    "helps": _("What would help"),
}
# Everything the anonymiser reads: the title can name a client as well.
CHECKED = ("title", *PARTS)
MAX_STORY_CHARS = 20_000
TITLE_MAX = 160


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("In review")
    CHANGES = "changes", _("Changes asked")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class Audience(models.TextChoices):
    MEMBERS = "members", _("Only for members")
    PUBLIC = "public", _("Public on the news site")


class StoryQuerySet(models.QuerySet):
    def of(self, member):
        """The stories a member wrote (drafts are visible to their author only)."""
        if not getattr(member, "is_authenticated", False):
            return self.none()
        return self.filter(author=member)

    def awaiting_analysis(self):
        return self.filter(analysed_version__lt=models.F("text_version")).exclude(
            status=StoryStatus.WITHDRAWN
        )


class Story(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX, blank=True)
    domain = models.ForeignKey(
        "community.Domain",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("domain"),
    )
    schemes = models.ManyToManyField(
        "signals.Scheme", blank=True, related_name="+", verbose_name=_("schemes and laws")
    )
    situation = models.TextField(_("the situation"), blank=True)
    action = models.TextField(_("what I did"), blank=True)
    obstacles = models.TextField(_("what the rules made difficult"), blank=True)
    helps = models.TextField(_("what would help"), blank=True)
    # The worker analyses each version of the text once: a story whose analysed version
    # lags behind its text version waits for the anonymiser.
    text_version = models.PositiveIntegerField(default=1)
    analysed_version = models.PositiveIntegerField(default=0)
    # {part: [{kind, start, end, original, replacement, source}, …]} from core.anonymise.
    findings = models.JSONField(default=dict, blank=True)
    # {part: [the member's replacement for each finding, …]}; equal to the original = kept.
    choices = models.JSONField(default=dict, blank=True)
    choices_confirmed = models.BooleanField(default=False)
    audience = models.CharField(
        _("where it may appear"), max_length=10, choices=Audience.choices, blank=True
    )
    show_name = models.BooleanField(_("show my name"), default=False)
    byline = models.CharField(_("description instead of my name"), max_length=120, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    page = models.OneToOneField(
        "website.ArticlePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="story",
        verbose_name=_("article"),
    )
    override_reason = models.TextField(_("reason for publishing with findings"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    override_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice story")
        verbose_name_plural = _("practice stories")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title or str(_("Practice story %(number)s") % {"number": self.pk})

    @property
    def is_analysed(self) -> bool:
        return self.analysed_version >= self.text_version

    def part_text(self, part: str) -> str:
        return getattr(self, part) or ""

    def total_chars(self) -> int:
        return sum(len(self.part_text(p)) for p in CHECKED)


class EventKind(models.TextChoices):
    SAVED = "saved", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted with consent")
    RECEIVED = "received", _("Received by the editors")
    CHANGES = "changes", _("Changes asked")
    ANSWER = "answer", _("Answer of the author")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    OVERRIDE = "override", _("Published despite findings")
    UNPUBLISHED = "unpublished", _("Unpublished")


class StoryEvent(models.Model):
    """A step in a story's history, audit-logged: who, what, when, and a comment."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"
