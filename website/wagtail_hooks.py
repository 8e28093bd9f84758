"""Admin integration: the think-group chooser, the attendee CSV export, document limits."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from .chooser import think_group_chooser_viewset
from .views import export_attendees


@hooks.register("register_admin_viewset")
def register_think_group_chooser():
    return think_group_chooser_viewset


@hooks.register("insert_global_admin_js")
def admin_init_script():
    """Starts the widgets Wagtail would start with inline scripts (website/admin_csp.py)."""
    return format_html('<script src="{}"></script>', static("website/admin-init.js"))


@hooks.register("register_admin_urls")
def register_export_urls():
    from .views import publish_signal_report

    return [
        path(
            "signalen/rapporten/<int:pk>/publiceren/",
            publish_signal_report,
            name="website_publish_signal_report",
        ),
        path(
            "evenementen/<int:page_id>/deelnemers.csv",
            export_attendees,
            name="website_event_attendees",
        ),
    ]


class AttendeesExportButton(PageMenuItem):
    label = _("Attendees (CSV)")
    icon_name = "download"
    priority = 80

    def is_shown(self, user):
        return getattr(user, "is_bureau", False) or user.is_superuser

    @property
    def url(self):
        return reverse("website_event_attendees", args=[self.page.pk])


def _attendee_buttons(page, user, next_url=None, view_name=None):
    from .models import EventPage

    if page.specific_class is EventPage:
        yield AttendeesExportButton(page=page)


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name, next_url=None):
    yield from _attendee_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def event_listing_buttons(page, user, next_url=None):
    yield from _attendee_buttons(page, user)
