"""Display names cannot impersonate (issue 12, item 5): duplicates in any capitals or
Unicode spelling, mixed-script look-alikes and invisible names are refused in Dutch at
sign-up, in the profile and in the admin (all through community.validators)."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from community import actions
from community.models import Member
from tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def marieke():
    return MemberFactory(display_name="Marieke Zoë Jansen")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Marieke Zoë Jansen", "Een ander lid gebruikt deze naam al"),
        ("marieke zoë JANSEN", "Een ander lid gebruikt deze naam al"),
        (unicodedata.normalize("NFD", "Marieke Zoë Jansen"), "Een ander lid gebruikt deze naam al"),
        ("Мarieke Zoë Jansen", "alfabetten"),  # a Cyrillic М
        ("\u3164", "onzichtbare tekens"),
        ("Bram\u3164Mulder", "onzichtbare tekens"),
    ],
)
def test_an_impersonating_name_is_refused_in_the_profile(marieke, name, message):
    other = MemberFactory(display_name="Iemand Anders")
    with pytest.raises(ValidationError) as refused:
        actions.update_profile(other, display_name=name)
    assert message in " ".join(refused.value.message_dict["display_name"])
    other.refresh_from_db()
    assert other.display_name == "Iemand Anders"


def test_signup_refuses_a_duplicate_name_in_dutch(client, marieke):
    response = client.post(
        "/account/signup/",
        {
            "email": "nieuw@gemeente.nl",
            "display_name": "MARIEKE ZOË JANSEN",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Een ander lid gebruikt deze naam al" in response.content.decode()
    assert not Member.objects.filter(email="nieuw@gemeente.nl").exists()


def test_keeping_ones_own_name_and_a_distinct_name_are_fine(marieke):
    actions.update_profile(marieke, display_name="Marieke Zoë Jansen", job_title="Klantmanager")
    actions.update_profile(marieke, display_name="Marieke Jansen-de Wit")
    marieke.refresh_from_db()
    assert marieke.display_name == "Marieke Jansen-de Wit"


def test_a_title_of_invisible_letters_is_refused(group, author):
    from groups import actions as forum
    from groups.actions import ActionError

    with pytest.raises(ActionError, match="minstens 5 tekens"):
        forum.start_thread(member=author, group=group, title="\u3164" * 8, body="Tekst.")
