"""Forms of the forum pages; validation that matters lives in groups.actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .actions import BODY_MAX, TITLE_MAX
from .moderation.forms import PrivacyConfirmMixin


class ThreadForm(PrivacyConfirmMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX * 2)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=BODY_MAX * 2,
        help_text=_("Markdown is allowed. Mention a colleague with @[name]."),
    )
    guidance = forms.ChoiceField(
        label=_("About a guidance document"),
        required=False,
        help_text=_("Readers then see when a newer version is in force."),
    )

    def __init__(self, *args, **kwargs):
        from .knowledge.forms import version_choices

        super().__init__(*args, **kwargs)
        self.fields["guidance"].choices = [("", _("(none)")), *version_choices()]

    def guidance_version(self) -> tuple[int, int] | None:
        from .knowledge.forms import parse_version

        return parse_version(self.cleaned_data.get("guidance") or "")


class ReplyForm(PrivacyConfirmMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX * 2,
        help_text=_("Markdown is allowed. Mention a colleague with @[name]."),
    )
    quoted = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class EditForm(PrivacyConfirmMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=BODY_MAX * 2
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"), max_length=500, required=False
    )


class InviteForm(forms.Form):
    who = forms.CharField(
        label=_("E-mail address or name of the colleague"),
        max_length=254,
    )
