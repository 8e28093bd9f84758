"""Forms of knowledge: linking a thread to a guidance version, verifying an answer."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import GuidanceEdition


def version_choices() -> list[tuple[str, str]]:
    """``page:number`` for every known version, the version in force first per document."""
    choices, seen = [], set()
    for e in GuidanceEdition.objects.order_by("title", "page_id", "-number"):
        label = _("%(title)s, version %(number)s") % {"title": e.title, "number": e.number}
        if e.page_id not in seen:
            label = _("%(title)s, version %(number)s (in force)") % {
                "title": e.title,
                "number": e.number,
            }
            seen.add(e.page_id)
        choices.append((f"{e.page_id}:{e.number}", label))
    return choices


def parse_version(value: str) -> tuple[int, int] | None:
    page, _sep, number = (value or "").partition(":")
    if page.isdecimal() and number.isdecimal() and len(page) < 12 and len(number) < 6:
        return int(page), int(number)
    return None


class LinkForm(forms.Form):
    version = forms.CharField(label=_("Guidance document and version"), max_length=40)

    def clean_version(self):
        parsed = parse_version(self.cleaned_data["version"])
        if parsed is None:
            raise forms.ValidationError(_("Choose a guidance document and one of its versions."))
        return parsed


class VerifyForm(forms.Form):
    UNTIL_DATE, UNTIL_VERSION = "date", "version"
    until = forms.ChoiceField(
        label=_("Valid"),
        choices=[(UNTIL_DATE, _("until a date")), (UNTIL_VERSION, _("until the next version of"))],
        initial=UNTIL_DATE,
        widget=forms.RadioSelect,
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.IntegerField(label=_("Guidance document"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["valid_until"].initial = today + datetime.timedelta(days=365)
        documents = {}
        for edition in GuidanceEdition.objects.order_by("title", "-number"):
            documents.setdefault(edition.page_id, edition.title)
        self.fields["page"].widget = forms.Select(choices=[("", "—"), *documents.items()])

    def clean(self):
        data = super().clean()
        if data.get("until") == self.UNTIL_VERSION and not data.get("page"):
            self.add_error("page", _("Choose the guidance document whose next version ends it."))
        return data
