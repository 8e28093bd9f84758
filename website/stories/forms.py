"""Forms of the practice stories: the guided story, the consent."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_STORY_CHARS, PART_LABELS, TITLE_MAX, Audience

HELP = {
    "situation": _("Who came to you, with what question? Leave out names; the assistant helps."),
    "action": _("What did you do, and why?"),
    "obstacles": _("Which rule, scheme or policy got in the way?"),
    "helps": _("What should change, in the rules or in practice?"),
}


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=TITLE_MAX, required=False)
    situation = forms.CharField(
        label=PART_LABELS["situation"], widget=forms.Textarea, required=False
    )
    action = forms.CharField(label=PART_LABELS["action"], widget=forms.Textarea, required=False)
    obstacles = forms.CharField(
        label=PART_LABELS["obstacles"], widget=forms.Textarea, required=False
    )
    helps = forms.CharField(label=PART_LABELS["helps"], widget=forms.Textarea, required=False)
    domain = forms.ModelChoiceField(queryset=None, label=_("Domain"), required=False)
    schemes = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Schemes and laws it concerns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from community.models import Domain
        from groups.signals.models import Scheme

        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = Domain.objects.order_by("position", "name")
        self.fields["schemes"].queryset = Scheme.objects.order_by("name")
        for name, text in HELP.items():
            self.fields[name].help_text = text
            # The whole story may hold MAX_STORY_CHARS; the write function says so clearly.
            self.fields[name].widget.attrs.update({"rows": 6, "maxlength": MAX_STORY_CHARS})


class ConsentForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Where may your story appear?"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
    )
    show_name = forms.TypedChoiceField(
        label=_("Who is named as the writer?"),
        choices=[("0", _("A description instead of my name")), ("1", _("My own name"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    byline = forms.CharField(
        label=_("Description instead of your name"),
        max_length=120,
        required=False,
        initial=_("a client manager in Gelderland"),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the editors publish this anonymised story as chosen above. I can "
            "withdraw my consent at any time."
        ),
        required=True,
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer to the editors"), widget=forms.Textarea(attrs={"rows": 3})
    )
