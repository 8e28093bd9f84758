"""The profile page and the profile edit form (through community.actions.update_profile)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from community.actions import update_profile
from community.models import EmailMode, Member
from groups.models import Domain
from tests.factories import MemberFactory, domain

pytestmark = pytest.mark.django_db

EDIT = "/leden/mijn-profiel/bewerken/"


def form_data(**overrides):
    data = {
        "display_name": "Anouk Bakker",
        "organisation": "Gemeente Zwolle",
        "job_title": "schuldhulpverlener",
        "domains": [domain("schuldhulp").pk, domain("armoede").pk],
        "bio": "Eerste regel.\nTweede regel.",
        "email_mode": EmailMode.EACH,
    }
    data.update(overrides)
    return data


def test_profile_shows_name_organisation_job_domains_and_bio(member_client, member):
    member.bio = "Regel een\nRegel twee"
    member.save()
    member.domains.set([domain("jeugd")])
    html = member_client.get(reverse("community:profile", args=[member.pk])).content.decode()
    assert f"<h1>{member.display_name}</h1>" in html
    assert "Gemeente Voorbeeld" in html
    assert "klantmanager" in html
    assert "Jeugd" in html and domain("jeugd").colour in html
    assert "Regel een<br>Regel twee" in html


def test_profile_bio_with_script_is_shown_as_inert_text(member_client, member):
    update_profile(member, bio="<script>alert('x')</script>\n<b>vet</b>")
    html = member_client.get(reverse("community:profile", args=[member.pk])).content.decode()
    assert "<script>alert" not in html
    assert "<b>vet</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>&lt;b&gt;vet&lt;/b&gt;" in html


def test_profile_of_inactive_member_is_not_found(member_client):
    gone = MemberFactory(is_active=False)
    assert member_client.get(reverse("community:profile", args=[gone.pk])).status_code == 404


def test_profile_needs_login(client, member):
    response = client.get(reverse("community:profile", args=[member.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_own_profile_links_to_edit_and_privacy(member_client, member):
    response = member_client.get(reverse("community:profile_self"), follow=True)
    html = response.content.decode()
    assert EDIT in html
    assert reverse("community:my_data") in html


def test_someone_elses_profile_has_no_edit_link(member_client):
    other = MemberFactory()
    html = member_client.get(reverse("community:profile", args=[other.pk])).content.decode()
    assert EDIT not in html


def test_profile_page_query_count_is_fixed(member_client, member, django_assert_max_num_queries):
    member.domains.set(Domain.objects.all())
    with django_assert_max_num_queries(5):
        member_client.get(reverse("community:profile", args=[member.pk]))


def test_edit_form_is_prefilled_and_labelled(member_client, member):
    html = member_client.get(EDIT).content.decode()
    assert 'value="Lid Nummer' in html
    assert '<label for="id_display_name">' in html
    assert "<legend>Domeinen waarin je werkt</legend>" in html
    assert "<legend>E-mailnotificaties" in html
    assert "Dagelijks overzicht" in html


def test_edit_saves_profile_and_shows_it(member_client, member):
    response = member_client.post(EDIT, form_data())
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Anouk Bakker"
    assert member.organisation == "Gemeente Zwolle"
    assert member.email_mode == EmailMode.EACH
    assert sorted(member.domains.values_list("slug", flat=True)) == ["armoede", "schuldhulp"]
    page = member_client.get(response["Location"]).content.decode()
    assert "Je profiel is opgeslagen." in page
    assert "Eerste regel.<br>Tweede regel." in page


def test_edit_with_unknown_domain_is_refused_and_saves_nothing(member_client, member):
    response = member_client.post(EDIT, form_data(domains=[domain("zorg").pk, 99999]))
    assert response.status_code == 200
    assert "Kies domeinen uit de lijst; 99999 is daar geen van." in response.content.decode()
    member.refresh_from_db()
    assert member.display_name.startswith("Lid Nummer")
    assert not member.domains.exists()


def test_edit_with_oversized_bio_is_refused_with_count(member_client, member):
    response = member_client.post(EDIT, form_data(bio="x" * 1001))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gebruik maximaal 1000 tekens (je gebruikte 1001)." in html
    assert 'aria-invalid="true"' in html
    member.refresh_from_db()
    assert member.bio == ""


def test_edit_with_script_name_is_refused(member_client, member):
    response = member_client.post(EDIT, form_data(display_name="<img src=x onerror=alert(1)>"))
    html = response.content.decode()
    assert "Een naam mag de tekens &lt; en &gt; niet bevatten." in html
    assert "<img src=x" not in html
    member.refresh_from_db()
    assert member.display_name.startswith("Lid Nummer")


def test_edit_with_unknown_email_mode_is_refused(member_client, member):
    response = member_client.post(EDIT, form_data(email_mode="spam"))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    member.refresh_from_db()
    assert member.email_mode == EmailMode.DIGEST


def test_edit_strips_bidi_and_control_characters(member_client, member):
    member_client.post(
        EDIT, form_data(display_name="\u202eAnouk\u202c Bakker\x07", bio="Hallo\u2066 daar\x1b")
    )
    member.refresh_from_db()
    assert member.display_name == "Anouk Bakker"
    assert member.bio == "Hallo daar"


def test_edit_with_nul_character_is_refused_with_a_message(member_client, member):
    response = member_client.post(EDIT, form_data(bio="Hallo\x00"))
    assert response.status_code == 200
    assert "Null-tekens zijn niet toegestaan." in response.content.decode()


def test_edit_without_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(EDIT, form_data())
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.display_name.startswith("Lid Nummer")


def test_edit_needs_login(client):
    assert client.get(EDIT).status_code == 302


def test_update_profile_refuses_everything_when_one_field_is_wrong(member):
    with pytest.raises(ValidationError) as exc:
        update_profile(member, display_name="Nieuwe Naam", domains=[12345], bio="x" * 2000)
    assert set(exc.value.message_dict) == {"domains", "bio"}
    member.refresh_from_db()
    assert member.display_name.startswith("Lid Nummer")


def test_update_profile_refuses_fields_it_does_not_own(member):
    with pytest.raises(ValidationError):
        update_profile(member, is_superuser=True)
    assert not Member.objects.get(pk=member.pk).is_superuser


def test_update_profile_accepts_domain_objects_and_ids(member):
    update_profile(member, domains=[domain("zorg"), str(domain("jeugd").pk)])
    assert sorted(member.domains.values_list("slug", flat=True)) == ["jeugd", "zorg"]


def test_update_profile_refuses_non_numeric_domain(member):
    with pytest.raises(ValidationError) as exc:
        update_profile(member, domains=["zorg'; DROP TABLE"])
    assert "domains" in exc.value.message_dict
