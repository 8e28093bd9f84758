"""The members-only directory: filters, pagination, inactive members, fixed query count."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, domain

pytestmark = pytest.mark.django_db

DIRECTORY = "/leden/"


def names(response):
    return [m.display_name for m in response.context["members"]]


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_directory_lists_active_members_only(member_client, member):
    MemberFactory(display_name="Actief Lid")
    MemberFactory(display_name="Weg Lid", is_active=False)
    response = member_client.get(DIRECTORY)
    assert "Actief Lid" in names(response)
    assert "Weg Lid" not in response.content.decode()


def test_filter_by_domain_slug(member_client):
    jeugd = MemberFactory(display_name="Jeugd Consulent")
    jeugd.domains.set([domain("jeugd")])
    zorg = MemberFactory(display_name="Zorg Consulent")
    zorg.domains.set([domain("zorg")])
    response = member_client.get(DIRECTORY, {"domein": "jeugd"})
    assert names(response) == ["Jeugd Consulent"]
    assert 'value="jeugd" selected' in response.content.decode()


def test_member_with_two_domains_is_listed_once(member_client):
    both = MemberFactory(display_name="Twee Domeinen")
    both.domains.set([domain("jeugd"), domain("zorg")])
    assert names(member_client.get(DIRECTORY)).count("Twee Domeinen") == 1


def test_filter_by_organisation_text(member_client):
    MemberFactory(display_name="Utrechter", organisation="Gemeente Utrecht")
    MemberFactory(display_name="Zwollenaar", organisation="Gemeente Zwolle")
    response = member_client.get(DIRECTORY, {"organisatie": "utrecht"})
    assert names(response) == ["Utrechter"]


def test_filters_combine(member_client):
    a = MemberFactory(display_name="A", organisation="Gemeente Utrecht")
    a.domains.set([domain("zorg")])
    b = MemberFactory(display_name="B", organisation="Gemeente Utrecht")
    b.domains.set([domain("jeugd")])
    response = member_client.get(DIRECTORY, {"organisatie": "Utrecht", "domein": "jeugd"})
    assert names(response) == ["B"]


def test_unknown_domain_shows_everyone_with_a_message(member_client):
    response = member_client.get(DIRECTORY, {"domein": "<script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dat domein bestaat niet" in html
    assert "<script>" not in html.split('id="inhoud"')[1]


def test_hostile_organisation_filter_is_inert(member_client):
    response = member_client.get(DIRECTORY, {"organisatie": '"><script>alert(1)</script>' * 50})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html


def test_pagination_keeps_filters(member_client, settings):
    settings.COMMUNITY_DIRECTORY_PAGE_SIZE = 3
    for i in range(7):
        MemberFactory(display_name=f"Utrecht {i}", organisation="Gemeente Utrecht")
    first = member_client.get(DIRECTORY, {"organisatie": "Utrecht"})
    assert len(names(first)) == 3
    assert "organisatie=Utrecht&amp;pagina=2" in first.content.decode()
    last = member_client.get(DIRECTORY, {"organisatie": "Utrecht", "pagina": "3"})
    assert names(last) == ["Utrecht 6"]
    beyond = member_client.get(DIRECTORY, {"pagina": "999"})
    assert beyond.status_code == 200
    nonsense = member_client.get(DIRECTORY, {"pagina": "abc"})
    assert nonsense.status_code == 200


def test_page_size_is_24(member_client):
    MemberFactory.create_batch(30)
    assert len(names(member_client.get(DIRECTORY))) == 24


def test_member_count_is_shown_in_dutch(member_client):
    html = member_client.get(DIRECTORY).content.decode()
    assert "1 lid gevonden" in html


@pytest.mark.parametrize("extra", [5, 60])
def test_query_count_does_not_grow_with_members(
    member_client, extra, django_assert_max_num_queries
):
    for member in MemberFactory.create_batch(extra):
        member.domains.set([domain("zorg"), domain("jeugd")])
    # Session, member, roles, domains, page of members + count, notification bell.
    with django_assert_max_num_queries(7):
        response = member_client.get(DIRECTORY)
    assert response.status_code == 200
    # Session, member, roles, domains, page of members + count, notification bell.
    with django_assert_max_num_queries(7):
        member_client.get(DIRECTORY, {"domein": "zorg", "organisatie": "Voorbeeld", "pagina": 2})
