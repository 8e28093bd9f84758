"""Sign-up does not reveal whether an e-mail address has an account (issue 12, item 13):
the same page as for a new address, and an e-mail to the existing address instead."""

import pytest
from django.core import mail

from community.models import Member
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


def signup(client, email):
    return client.post(
        "/account/signup/",
        {
            "email": email,
            "display_name": "Nieuw Lid",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def test_signup_with_an_address_in_use_looks_like_any_signup(client):
    MemberFactory(email="bezet@gemeente.nl")
    taken = signup(client, "BEZET@gemeente.nl")
    client.logout()
    fresh = signup(client, "nieuw@gemeente.nl")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert "geregistreerd" not in taken.content.decode()
    assert Member.objects.filter(email__iexact="bezet@gemeente.nl").count() == 1
    warning = next(m for m in mail.outbox if m.to[0].lower() == "bezet@gemeente.nl")
    assert warning.subject == "[Samendenk] Je hebt al een account"
    assert "Je hebt daarmee al een account" in warning.body
    assert "Wachtwoord vergeten? Kies hier een nieuw:" in warning.body
    assert "/account/password/reset/" in warning.body
