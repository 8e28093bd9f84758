"""The sign-up form used by allauth (ACCOUNT_FORMS["signup"]).

Kept apart from community.forms because allauth builds its own sign-up form on
top of community.forms.SignupForm: importing allauth's forms there would be circular.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.flows.manage_email import email_already_exists
from django.core.validators import MaxLengthValidator

from .models import Member

EMAIL_MAX = Member._meta.get_field("email").max_length


class MemberSignupForm(AllauthSignupForm):
    """allauth's sign-up form, except that an address already in use is said on the form.

    allauth's enumeration prevention would instead pretend to send a verification
    mail. For this association the issue asks for a clear message on the form;
    password reset keeps allauth's enumeration prevention.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth's field has no length limit; the column has (PostgreSQL would refuse it).
        email = self.fields["email"]
        email.max_length = EMAIL_MAX
        email.validators.append(MaxLengthValidator(EMAIL_MAX))
        email.widget.attrs["maxlength"] = str(EMAIL_MAX)

    def validate_unique_email(self, value) -> str:
        email, _exists = email_already_exists(value, always_raise=True)
        return email
