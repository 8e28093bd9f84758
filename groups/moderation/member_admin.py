"""The bureau's member screen in the admin: community's profile form and a suspension that
goes through ``suspend_member`` (reason, audit row, notification, live sockets closed)."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList

from community import admin_views as community_admin
from community.admin_display import ReadOnlyPanel
from groups.visibility import is_bureau

from . import actions

SUSPENSION_FIELDS = ["suspended_until", "suspend_days", "suspension_reason"]


class MemberAdminForm(community_admin.MemberAdminForm):
    """The profile as in community; a suspension (days and a reason) by the write function."""

    suspend_days = forms.IntegerField(
        label=_("Suspend for (days)"),
        required=False,
        min_value=1,
        max_value=actions.SUSPENSION_MAX_DAYS,
        help_text=_("Suspends the member from the whole platform; they are told the reason."),
    )
    suspension_reason = forms.CharField(
        label=_("Reason for the suspension"),
        required=False,
        max_length=actions.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        days, reason = cleaned.get("suspend_days"), (cleaned.get("suspension_reason") or "")
        if days and not reason.strip():
            self.add_error(
                "suspension_reason", _("Give a reason; the member concerned will read it.")
            )
        elif reason.strip() and not days:
            self.add_error("suspend_days", _("A suspension lasts at least one whole day."))
        elif days and self.instance.pk == getattr(self.for_user, "pk", None):
            self.add_error("suspend_days", _("You cannot suspend yourself."))
        elif days and is_bureau(self.instance):
            self.add_error("suspend_days", _("Members of the bureau cannot be suspended here."))
        return cleaned

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        days = self.cleaned_data.get("suspend_days")
        with transaction.atomic():
            member = super().save(commit=True)
            if days:
                actions.suspend_member(
                    moderator=self.for_user,
                    member=member,
                    days=days,
                    reason=self.cleaned_data["suspension_reason"],
                )
        return member


class MemberViewSet(community_admin.MemberViewSet):
    edit_handler = ObjectList(
        [FieldPanel(name) for name in community_admin.MEMBER_ADMIN_FIELDS]
        + [ReadOnlyPanel("suspended_until")]
        + [FieldPanel(name) for name in SUSPENSION_FIELDS[1:]],
        base_form_class=MemberAdminForm,
    )
