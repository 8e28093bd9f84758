"""Forms of the uitvoeringstoets: a member's rating and verdict, the bureau's toets form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Domain
from groups.models import ThinkGroup

from .models import REASON_MAX, Outcome, Rating


class RatingForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Can this be carried out in practice?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating."), "invalid_choice": _("Choose a rating.")},
    )
    # Lengths are checked by the write function (with the count in the message).
    reason = forms.CharField(
        label=_("Why?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
        help_text=_("Required for “with risks” and “not executable”."),
    )
    helps = forms.CharField(
        label=_("What would help? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX}),
    )
    quote_consent = forms.BooleanField(
        label=_("My reason may be quoted anonymously in the report."), required=False
    )
    confirm_privacy = forms.BooleanField(required=False, widget=forms.HiddenInput)


class VerdictForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Your overall verdict on the draft"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating."), "invalid_choice": _("Choose a rating.")},
    )
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
    )


class ToetsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=400)
    commissioner = forms.CharField(
        label=_("Commissioning party"),
        max_length=400,
        help_text=_("For example: Ministerie van SZW, Gemeente Tiel."),
    )
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Invited domains"),
        queryset=Domain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Invited think groups"),
        queryset=ThinkGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Closed and private groups may be invited; their names are not shown."),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    show_tallies_early = forms.BooleanField(
        label=_("Members see the tallies before they have rated"), required=False
    )


class DraftForm(forms.Form):
    draft = forms.CharField(
        label=_("The draft"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the text: it is split on “Artikel N” or on numbered headings. You can "
            "correct the articles afterwards, as long as nobody has rated."
        ),
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Answer"), choices=Outcome.choices)
    text = forms.CharField(
        label=_("Text of the answer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkForm(forms.Form):
    label = forms.CharField(label=_("For whom"), max_length=400)
