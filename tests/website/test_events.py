"""Event sign-up and cancellation by members, the full-event refusal and the CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from tests import factories as f
from website.actions import cancel_event_signup, sign_up_for_event
from website.models import EventSignup

pytestmark = pytest.mark.django_db


def test_member_signs_up_and_cancels_through_the_page(client, member):
    event = f.make_event(capacity=3)
    client.force_login(member)
    response = client.post(event.url + "aanmelden/", follow=True)
    html = response.content.decode()
    assert "Je bent aangemeld. Tot dan!" in html
    assert "nog 2 plaatsen vrij" in html
    assert "Mijn aanmelding annuleren" in html
    response = client.post(event.url + "afmelden/", follow=True)
    assert "Je aanmelding is geannuleerd." in response.content.decode()
    assert not EventSignup.objects.exists()


def test_signing_up_twice_takes_one_place(member):
    event = f.make_event(capacity=3)
    sign_up_for_event(event, member)
    sign_up_for_event(event, member)
    assert event.signups.count() == 1


def test_full_event_refuses_with_a_dutch_message(client, member):
    event = f.make_event(capacity=1)
    sign_up_for_event(event, f.MemberFactory())
    client.force_login(member)
    response = client.post(event.url + "aanmelden/", follow=True)
    html = response.content.decode()
    assert "Dit evenement is vol; er zijn geen plaatsen meer." in html
    assert event.signups.count() == 1
    with pytest.raises(ValidationError):
        sign_up_for_event(event, member)


def test_anonymous_visitor_is_sent_to_log_in(client):
    event = f.make_event()
    html = client.get(event.url).content.decode()
    assert "Log in</a> om je aan te melden" in html
    response = client.post(event.url + "aanmelden/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not EventSignup.objects.exists()


def test_get_on_signup_changes_nothing(client, member):
    event = f.make_event()
    client.force_login(member)
    assert client.get(event.url + "aanmelden/").status_code == 405
    assert not EventSignup.objects.exists()


def test_past_event_refuses(member):
    event = f.make_event(days_ahead=-2)
    with pytest.raises(ValidationError, match="al plaatsgevonden"):
        sign_up_for_event(event, member)


def test_cancel_without_signup_is_harmless(member):
    event = f.make_event()
    assert cancel_event_signup(event, member) is False


def test_bureau_exports_attendees_as_csv(client, bureau):
    event = f.make_event(capacity=5)
    sign_up_for_event(event, f.MemberFactory(display_name="Ans de Vries"))
    sign_up_for_event(event, f.MemberFactory(display_name="=HYPERLINK(1)"))
    client.force_login(bureau)
    edit = client.get(f"/beheer/pages/{event.pk}/edit/").content.decode()
    assert "Deelnemers (CSV)" in edit
    response = client.get(f"/beheer/evenementen/{event.pk}/deelnemers.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Naam", "E-mailadres", "Organisatie", "Aangemeld op"]
    names = [row[0] for row in rows[1:]]
    assert names == ["Ans de Vries", "'=HYPERLINK(1)"]


def test_editors_and_members_cannot_export(client, editor, member):
    event = f.make_event()
    for user in (editor, member):
        client.force_login(user)
        response = client.get(f"/beheer/evenementen/{event.pk}/deelnemers.csv")
        assert response.status_code in (302, 403)
