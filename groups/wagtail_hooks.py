"""The bureau's screen in the Wagtail admin (/beheer/) for the think groups themselves."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from community.text import clean_line, clean_text

from . import actions
from .models import ThinkGroup


class ThinkGroupForm(WagtailAdminModelForm):
    """Saved through ``groups.actions.save_group``, so a visibility change reaches the
    live sockets of everyone reading the group."""

    def clean_name(self):
        return clean_line(self.cleaned_data["name"])

    def clean_description(self):
        return clean_text(self.cleaned_data.get("description") or "")

    def save(self, commit=True):
        group = super().save(commit=False)
        if commit:
            actions.save_group(by=self.for_user, group=group)
        return group


class ThinkGroupViewSet(ModelViewSet):
    model = ThinkGroup
    menu_label = _("Think groups")
    icon = "group"
    menu_order = 310
    add_to_admin_menu = True
    list_display = [
        "name",
        "domain",
        "visibility",
        Column("member_count", label=_("Members"), sort_key="member_count"),
        Column("thread_count", label=_("Threads"), sort_key="thread_count"),
    ]
    list_filter = ["domain", "visibility"]
    search_fields = ["name", "description"]
    ordering = ["name"]
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("name", "slug", "domain", "visibility", "description")],
        base_form_class=ThinkGroupForm,
    )
    # A group holds years of discussion: it is made private or closed, not deleted (the
    # bureau has no delete permission for groups; see migration groups/0003).


@hooks.register("register_admin_viewset")
def register_viewset():
    return ThinkGroupViewSet("think_groups")
