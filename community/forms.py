"""Forms of the member community: sign-up extras, profile, e-mail settings, account deletion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Domain, EmailMode
from .validators import (
    BIO_MAX,
    JOB_TITLE_MAX,
    ORGANISATION_MAX,
    clean_bio,
    clean_display_name,
    clean_name,
)


class SignupForm(forms.Form):
    """Extra sign-up fields, plugged into allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # No max_length on the field itself: clean_name counts after normalising, so the
    # message names the real limit instead of the browser silently cutting the input.
    display_name = forms.CharField(
        label=_("Display name"),
        help_text=_("Your name as other members see it, for example Marieke van den Berg."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.Form):
    """What a member edits about themselves; saved through community.actions.update_profile."""

    display_name = forms.CharField(
        label=_("Display name"), widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        help_text=_("For example a municipality or a social service."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    job_title = forms.CharField(
        label=_("Job title"),
        required=False,
        help_text=_("For example klantmanager, schuldhulpverlener or jeugdconsulent."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Domains you work in"),
        queryset=Domain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose domains from the list; %(value)s is not one of them."),
            "invalid_pk_value": _("Choose domains from the list; %(pk)s is not one of them."),
        },
    )
    bio = forms.CharField(
        label=_("Short bio"),
        required=False,
        help_text=_("At most %(max)d characters. Shown as plain text; line breaks are kept.")
        % {"max": BIO_MAX},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email_mode = forms.ChoiceField(
        label=_("E-mail notifications"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
        help_text=_("How you hear about replies, mentions and decisions when you are away."),
    )

    def clean_display_name(self):
        # The full check (duplicates, look-alikes) runs in update_profile, which knows
        # whose name it is.
        return clean_name(self.cleaned_data["display_name"])

    def clean_organisation(self):
        return clean_name(
            self.cleaned_data["organisation"],
            required=False,
            max_length=ORGANISATION_MAX,
        )

    def clean_job_title(self):
        return clean_name(
            self.cleaned_data["job_title"],
            required=False,
            max_length=JOB_TITLE_MAX,
        )

    def clean_bio(self):
        return clean_bio(self.cleaned_data["bio"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you, enter your password again."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and profile are deleted for good."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=80)
