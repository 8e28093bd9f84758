"""Forms of moderation: flagging, the moderators' action forms, the privacy confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.privacy import PrivacyCheckRequired

from .actions import REASON_MAX, SUSPENSION_MAX_DAYS
from .models import FlagReason


class PrivacyConfirmMixin(forms.Form):
    """Adds the "I confirm" checkbox that appears with the privacy guard's warning."""

    confirm_privacy = forms.BooleanField(
        label=_(
            "I have checked this: the text contains no data that identifies a client, "
            "post it anyway."
        ),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The confirmation belongs just above the button, after the text it confirms.
        self.fields["confirm_privacy"] = self.fields.pop("confirm_privacy")

    def privacy_check(self, error) -> None:
        """Call with the ActionError a write function raised; shows the checkbox if it was
        the privacy guard's warning."""
        if isinstance(error, PrivacyCheckRequired):
            self.fields["confirm_privacy"].widget = forms.CheckboxInput()
            # Validation already made the bound fields (with the hidden widget): start over.
            self._bound_fields_cache.pop("confirm_privacy", None)

    @property
    def privacy_confirmed(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("confirm_privacy"))


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this message?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you choose “other”. Only moderators read it."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX * 2,
        help_text=_("The member concerned reads this."),
    )


class RedactForm(ReasonForm):
    passage = forms.CharField(
        label=_("Passage to remove"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Copy the exact words from the message."),
    )


class MoveForm(ReasonForm):
    target = forms.CharField(
        label=_("Move to group"),
        max_length=200,
        help_text=_("The web address name (slug) or number of the group."),
    )


class SuspendForm(ReasonForm):
    days = forms.CharField(
        label=_("Number of days"),
        max_length=10,
    )
    scope = forms.ChoiceField(
        label=_("Where"),
        choices=[("group", _("This group")), ("platform", _("The whole platform (bureau)"))],
        initial="group",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = _("From 1 to %(max)d days.") % {"max": SUSPENSION_MAX_DAYS}
