"""The sign-up form used by allauth (ACCOUNT_FORMS["signup"]).

Kept apart from community.forms because allauth builds its own sign-up form on
top of community.forms.SignupForm: importing allauth's forms there would be circular.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.core.validators import MaxLengthValidator

from .models import Member

EMAIL_MAX = Member._meta.get_field("email").max_length


class MemberSignupForm(AllauthSignupForm):
    """allauth's sign-up form with the column's length limit on the e-mail address.

    An address already in use is not said on the form (that would tell anyone whether
    an address has an account): allauth's enumeration prevention (ACCOUNT_PREVENT_-
    ENUMERATION) shows the usual "check your e-mail" page and mails the existing
    address instead (templates/account/email/account_already_exists_*), as password
    reset does.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth's field has no length limit; the column has (PostgreSQL would refuse it).
        email = self.fields["email"]
        email.max_length = EMAIL_MAX
        email.validators.append(MaxLengthValidator(EMAIL_MAX))
        email.widget.attrs["maxlength"] = str(EMAIL_MAX)
