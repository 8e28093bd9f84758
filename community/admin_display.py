"""How the admin's detail (inspect) views show values: in Dutch and in Amsterdam time."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView

# The keys of the audit logs' before/after records (moderation log, signal desk log).
KEY_LABELS = {
    "is_hidden": gettext_lazy("hidden"),
    "hidden_reason": gettext_lazy("reason for hiding"),
    "is_held": gettext_lazy("held for review"),
    "is_locked": gettext_lazy("closed"),
    "is_pinned": gettext_lazy("pinned"),
    "open_flags": gettext_lazy("open reports"),
    "body": gettext_lazy("text"),
    "days": gettext_lazy("days"),
    "group_id": gettext_lazy("group number"),
    "group": gettext_lazy("group"),
    "until": gettext_lazy("until"),
    "suspended_until": gettext_lazy("suspended until"),
    "status": gettext_lazy("status"),
    "theme": gettext_lazy("theme"),
    "consent": gettext_lazy("consent"),
    "recipient": gettext_lazy("recipient"),
    "sent_on": gettext_lazy("sent on"),
    "outcome": gettext_lazy("outcome"),
    "signals": gettext_lazy("signals"),
    "scheme": gettext_lazy("scheme or law"),
    "name": gettext_lazy("name"),
    "sentence": gettext_lazy("sentence"),
    "link": gettext_lazy("link"),
}


def readable(value) -> str:
    """A value as a person reads it: no "None", "True" or Python dicts, local time."""
    if value is None or value == "" or value == {} or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, dict):
        return "; ".join(
            f"{KEY_LABELS.get(key, key)}: {readable(item)}" for key, item in value.items()
        )
    if isinstance(value, list | tuple):
        return ", ".join(readable(item) for item in value)
    return str(value)


class DutchInspectView(InspectView):
    """Wagtail's inspect view with the values of ``readable``; ``field_labels`` names fields
    whose model field has no Dutch verbose name."""

    field_labels: dict = {}

    def get_field_label(self, field_name, field):
        if field_name in self.field_labels:
            return str(self.field_labels[field_name])
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or isinstance(value, bool | dict | list | datetime.date):
            return readable(value)
        return value


class YesNoColumn(Column):
    """A yes/no column in Dutch (Wagtail's BooleanColumn tells screen readers "True")."""

    def get_value(self, instance):
        return readable(bool(super().get_value(instance)))


class ReadOnlyPanel(FieldPanel):
    """A read-only field shown as ``readable`` does (not "None" for an empty date)."""

    def __init__(self, field_name, *args, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, *args, **kwargs)

    def format_value_for_display(self, value):
        if value is None or isinstance(value, bool | datetime.date):
            return readable(value)
        return super().format_value_for_display(value)
