"""The bureau's screens in the Wagtail admin (/beheer/) for domains and members.

They are registered by ``groups.moderation.wagtail_hooks``, whose member form adds the
suspension (a moderation verb this part cannot call: community imports nothing of the
forum)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from . import actions
from .admin_display import DutchInspectView, YesNoColumn
from .models import Domain, Member
from .validators import (
    JOB_TITLE_MAX,
    ORGANISATION_MAX,
    clean_bio,
    clean_display_name,
    clean_name,
)

MEMBER_ADMIN_FIELDS = [
    "display_name",
    "organisation",
    "job_title",
    "domains",
    "bio",
    "email_mode",
    "is_active",
]


class MemberAdminForm(WagtailAdminModelForm):
    """The bureau's member form: same validation as the member's own, saved by update_profile."""

    def clean_display_name(self):
        # Checked against the stored name here: by save() the instance has the new one.
        return clean_display_name(self.cleaned_data["display_name"], member=self.instance)

    def clean_organisation(self):
        return clean_name(
            self.cleaned_data["organisation"], required=False, max_length=ORGANISATION_MAX
        )

    def clean_job_title(self):
        return clean_name(self.cleaned_data["job_title"], required=False, max_length=JOB_TITLE_MAX)

    def clean_bio(self):
        return clean_bio(self.cleaned_data["bio"])

    def save(self, commit=True):
        member = super().save(commit=False)
        if not commit:
            return member
        profile = {
            f: self.cleaned_data[f] for f in actions.PROFILE_FIELDS if f in self.cleaned_data
        }
        with transaction.atomic():
            # Deactivation through its write function: the member's live sockets close.
            actions.set_active(member, self.cleaned_data.get("is_active", member.is_active))
            actions.update_profile(member, **profile)
        return member


class DomainViewSet(ModelViewSet):
    """Domains are data: the bureau adds, renames and recolours them here."""

    model = Domain
    menu_label = _("Domains")
    icon = "tag"
    add_to_admin_menu = False
    list_display = ["name", "slug", "colour", "position"]
    form_fields = ["name", "slug", "description", "colour", "position"]
    search_fields = ["name", "description"]
    ordering = ["position", "name"]


class MemberViewSet(ModelViewSet):
    """Members as the bureau sees them: profile fields and the active flag."""

    model = Member
    menu_label = _("Members")
    icon = "group"
    add_to_admin_menu = False
    inspect_view_enabled = True
    inspect_view_class = DutchInspectView
    list_display = [
        "display_name",
        "email",
        "organisation",
        "job_title",
        YesNoColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    list_filter = ["is_active", "domains", "groups"]
    search_fields = ["display_name", "email", "organisation"]
    edit_handler = ObjectList(
        [FieldPanel(name) for name in MEMBER_ADMIN_FIELDS], base_form_class=MemberAdminForm
    )
    # Creating accounts goes through sign-up (e-mail verification), not the admin.
    create_view_enabled = False
    ordering = ["display_name"]
