"""Forms of the member community."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .text import clean_line


class SignupForm(forms.Form):
    """Extra sign-up fields, plugged into allauth's sign-up form."""

    display_name = forms.CharField(label=_("Display name"), max_length=80)

    def clean_display_name(self):
        name = clean_line(self.cleaned_data["display_name"])
        if not name:
            raise forms.ValidationError(_("Enter a name."))
        return name

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
