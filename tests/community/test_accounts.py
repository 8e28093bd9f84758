"""Sign-up, e-mail verification, log-in and password reset through allauth, in Dutch."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from community.models import Member
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/account/signup/"


def signup(client, **overrides):
    data = {
        "email": "nieuw@gemeente.nl",
        "display_name": "Nieuw Lid",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(SIGNUP, data)


def test_signup_page_is_dutch_and_extends_the_site(client):
    response = client.get(SIGNUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Aanmelden</h1>" in html
    assert 'id="inhoud"' in html  # the site's base template
    assert '<label for="id_display_name">' in html
    assert '<label for="id_email">' in html


def test_signup_creates_member_and_sends_verification_mail(client):
    response = signup(client)
    assert response.status_code == 302
    member = Member.objects.get(email="nieuw@gemeente.nl")
    assert member.display_name == "Nieuw Lid"
    assert len(mail.outbox) == 1
    assert "nieuw@gemeente.nl" in mail.outbox[0].to
    assert mail.outbox[0].subject == "[Samendenk] Bevestig je e-mailadres"
    assert (
        "Iemand, hopelijk jij (Nieuw Lid), heeft dit e-mailadres opgegeven" in mail.outbox[0].body
    )
    assert "Het bureau van SAM" in mail.outbox[0].body
    follow = client.get(response["Location"])
    assert "Bevestig je e-mailadres" in follow.content.decode()


def test_verification_link_confirms_and_allows_login(client):
    signup(client)
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = (
        link.split("testserver", 1)[-1]
        if "testserver" in link
        else re.sub(r"^https?://[^/]+", "", link)
    )
    page = client.get(path)
    assert "Bevestig je e-mailadres" in page.content.decode()
    client.post(path)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "nieuw@gemeente.nl", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("community:directory")).status_code == 200


def test_unverified_member_cannot_log_in_yet(client):
    signup(client)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "nieuw@gemeente.nl", "password": PASSWORD}
    )
    assert client.get(reverse("community:directory")).status_code == 302
    assert response.status_code == 302  # to "confirm your e-mail address"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort1", "Dit wachtwoord is te kort"),
        ("1234567890123", "Dit wachtwoord bevat alleen cijfers"),
        ("password123", "Dit wachtwoord is te algemeen"),
    ],
)
def test_signup_with_weak_password_is_refused_in_dutch(client, password, message):
    response = signup(client, password1=password, password2=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Member.objects.filter(email="nieuw@gemeente.nl").exists()


def test_signup_with_script_in_name_is_refused(client):
    response = signup(client, display_name="<script>alert('x')</script>")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een naam mag de tekens &lt; en &gt; niet bevatten." in html
    assert "<script>alert" not in html
    assert not Member.objects.exists()


def test_signup_with_oversized_name_is_refused(client):
    response = signup(client, display_name="Jan" * 100)
    assert response.status_code == 200
    assert "Gebruik maximaal 80 tekens (je gebruikte 300)." in response.content.decode()
    assert not Member.objects.exists()


def test_signup_name_is_normalised_and_stripped_of_bidi_controls(client):
    signup(client, display_name="  Zoe\u0308 \u202eBakker\u202c\u200f ")
    assert Member.objects.get().display_name == "Zoë Bakker"


def test_signup_with_oversized_email_is_refused_without_error_page(client):
    response = signup(client, email="a" * 300 + "@gemeente.nl")
    assert response.status_code == 200
    assert re.search(
        r"id_email_errors\"><li>[^<]*(geldig e-mailadres|254)", response.content.decode()
    )
    assert not Member.objects.exists()


def test_login_with_wrong_password_shows_dutch_message(client):
    MemberFactory(email="lid@gemeente.nl")
    response = client.post(reverse("account_login"), {"login": "lid@gemeente.nl", "password": "x"})
    assert response.status_code == 200
    assert "e-mailadres en/of wachtwoord is niet correct" in response.content.decode()


def test_login_page_has_labelled_fields_and_reset_link(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "<h1>Inloggen</h1>" in html
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
    assert reverse("account_reset_password") in html


def test_password_reset_sends_mail_and_new_password_works(client):
    MemberFactory(email="vergeten@gemeente.nl")
    response = client.post(reverse("account_reset_password"), {"email": "vergeten@gemeente.nl"})
    assert response.status_code == 302
    assert "Controleer je e-mail" in client.get(response["Location"]).content.decode()
    link = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    assert "Kies een nieuw wachtwoord" in form_page.content.decode()
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    new = "nog-een-sterk-wachtwoord-77"
    done = client.post(action, {"password1": new, "password2": new}, follow=True)
    assert "Wachtwoord gewijzigd" in done.content.decode()
    assert Member.objects.get(email="vergeten@gemeente.nl").check_password(new)


def test_password_reset_for_unknown_address_does_not_reveal_it(client):
    response = client.post(reverse("account_reset_password"), {"email": "onbekend@gemeente.nl"})
    assert response.status_code == 302
    assert "Controleer je e-mail" in client.get(response["Location"]).content.decode()


def test_logout_page_asks_and_post_logs_out(member_client):
    page = member_client.get(reverse("account_logout"))
    assert "Wil je uitloggen?" in page.content.decode()
    member_client.post(reverse("account_logout"))
    assert member_client.get(reverse("community:directory")).status_code == 302


def test_password_change_page_looks_like_the_site(member_client):
    html = member_client.get(reverse("account_change_password")).content.decode()
    assert "<h1>Wachtwoord wijzigen</h1>" in html
    assert 'id="inhoud"' in html


def test_email_management_page_uses_the_site_layout(member_client):
    response = member_client.get(reverse("account_email"))
    assert response.status_code == 200
    assert 'id="inhoud"' in response.content.decode()


def test_signup_without_csrf_token_is_refused():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = signup(client)
    assert response.status_code == 403
    assert not Member.objects.exists()
