"""Forms of the signal pages (members) and the signal desk (bureau)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Outcome, ReportStatus, Scheme, SignalKind, Theme, ThemeStatus


class MarkForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.choosable(),
        required=False,
        label=_("Theme"),
        empty_label=_("— choose a theme —"),
    )
    new_theme = forms.CharField(
        required=False,
        max_length=120,
        label=_("Or propose a new theme"),
        help_text=_("The bureau accepts it or adds it to an existing theme."),
    )
    scheme = forms.ModelChoiceField(
        queryset=Scheme.objects.all(),
        required=False,
        label=_("Scheme or law"),
        empty_label=_("— not about one scheme —"),
    )
    kind = forms.ChoiceField(choices=SignalKind.choices, widget=forms.RadioSelect, label=_("Kind"))
    sentence = forms.CharField(
        max_length=300,
        label=_("What should policy hear? (one sentence)"),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    quote_consent = forms.BooleanField(
        required=False,
        label=_("My message may be quoted anonymously outside the platform"),
        help_text=_("Only for your own message; you can withdraw this at any time."),
    )


class ConsentForm(forms.Form):
    allow = forms.TypedChoiceField(
        choices=[("1", _("Yes, it may be quoted anonymously")), ("0", _("No, do not quote it"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label=_("May your message be quoted?"),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(max_length=500, label=_("Reason (the marker reads it)"))


class MoveForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.exclude(status=ThemeStatus.MERGED), label=_("Theme")
    )


class QuoteForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), max_length=3000, label=_("Anonymised quote")
    )


class ThemeForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name"))
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label=_("Summary")
    )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Theme.objects.exclude(status=ThemeStatus.MERGED), label=_("Merge into")
    )


class DeleteThemeForm(forms.Form):
    move_to = forms.ModelChoiceField(
        queryset=Theme.objects.exclude(status=ThemeStatus.MERGED),
        required=False,
        label=_("Move its signals to"),
    )


class ReportForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.exclude(status=ThemeStatus.MERGED),
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
    )
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(
        label=_("Up to and including"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), required=False, label=_("Summary")
    )
    status = forms.ChoiceField(choices=ReportStatus.choices, label=_("Status"))


class LinkForm(forms.Form):
    label = forms.CharField(max_length=200, label=_("For whom"))


class DispatchForm(forms.Form):
    recipient = forms.CharField(max_length=200, label=_("Sent to"))
    sent_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[c for c in Outcome.choices if c[0]], label=_("What happened")
    )
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label=_("The answer")
    )
    answered_on = forms.DateField(
        label=_("Answered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
