"""Events, and members' sign-ups for them (through website.actions)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .mixins import CachedPageMixin


class EventPage(CachedPageMixin, RoutablePageMixin, Page):
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    programme = RichTextField(_("programme"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), help_text=_("The number of places; sign-up closes when they are taken.")
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel(["start", "end"]),
        "place",
        "capacity",
        "intro",
        "programme",
    ]
    parent_page_types = ["website.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.signups.count(), 0)

    @property
    def is_past(self) -> bool:
        return self.start < timezone.now()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["places_left"] = self.places_left
        user = request.user
        context["signed_up"] = bool(
            user.is_authenticated and self.signups.filter(member=user).exists()
        )
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("aanmelden/", name="sign_up")
    def sign_up_view(self, request):
        return self._sign_up(request, cancel=False)

    @path("afmelden/", name="cancel")
    def cancel_view(self, request):
        return self._sign_up(request, cancel=True)

    def _sign_up(self, request, *, cancel: bool):
        """The sign-up buttons (POST): through the write functions, back to the page."""
        from ..actions import cancel_event_signup, sign_up_for_event

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return redirect_to_login(self.url)
        try:
            if cancel:
                if cancel_event_signup(self, request.user):
                    messages.success(request, _("Your sign-up has been cancelled."))
            else:
                sign_up_for_event(self, request.user)
                messages.success(request, _("You are signed up. See you there!"))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return HttpResponseRedirect(self.url)


class EventSignup(models.Model):
    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="signups", verbose_name=_("event")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_signups",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)

    class Meta:
        verbose_name = _("event sign-up")
        verbose_name_plural = _("event sign-ups")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="website_signup_once")
        ]

    def __str__(self):
        return f"{self.member} → {self.event}"
