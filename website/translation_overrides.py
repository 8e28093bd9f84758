"""Strings of Django, allauth and Wagtail that the site says differently (and their Dutch in
locale/nl): the site addresses people with "je", and these catalogues say "u".

Listed here so that makemessages keeps them in the project catalogue, which Django consults
before the catalogues of the installed apps (LOCALE_PATHS)."""

from django.utils.translation import gettext_noop, ngettext_lazy

OVERRIDES = [
    # django.contrib.auth's password validators (sign-up, password change, admin account).
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    # Wagtail's admin.
    gettext_noop("Leave blank if not changing."),
    gettext_noop("Are you sure you want to delete this %(model_name)s?"),
    gettext_noop("Editor Guide"),
    gettext_noop("Dashboard"),
    # allauth.
    gettext_noop("Confirmation email sent to %(email)s."),
]
