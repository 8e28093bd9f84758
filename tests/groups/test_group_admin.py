"""The bureau's think-group screen in the admin: who may use it, validation, visibility."""

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import ThinkGroup, Visibility
from tests.factories import domain

pytestmark = pytest.mark.django_db


def group_form(**overrides):
    data = {
        "name": "Denkgroep Wonen en zorg",
        "slug": "wonen-en-zorg",
        "domain": domain("zorg").pk,
        "visibility": Visibility.OPEN,
        "description": "Over beschermd wonen en de Wmo.",
    }
    data.update(overrides)
    return data


def edit_group(client, group, **changes):
    """Post the admin's edit form of ``group`` with its current fields and ``changes``."""
    fields = {"name": group.name, "slug": group.slug, "domain": group.domain_id}
    fields["visibility"] = group.visibility
    return client.post(
        reverse("think_groups:edit", args=[group.pk]), group_form(**{**fields, **changes})
    )


def test_bureau_creates_a_think_group_and_members_find_it(client, bureau, member):
    client.force_login(bureau)
    assert client.get(reverse("think_groups:index")).status_code == 200
    response = client.post(reverse("think_groups:add"), group_form())
    assert response.status_code == 302
    group = ThinkGroup.objects.get(slug="wonen-en-zorg")
    assert group.domain.slug == "zorg"
    client.force_login(member)
    assert "Denkgroep Wonen en zorg" in client.get("/denkgroepen/").content.decode()


def test_bad_group_input_is_refused_with_nothing_stored(client, bureau, open_group):
    client.force_login(bureau)
    for bad in (
        {"name": "   "},
        {"slug": "geen slug!"},
        {"slug": open_group.slug},
        {"visibility": "geheim"},
        {"domain": "999999"},
    ):
        response = client.post(reverse("think_groups:add"), group_form(**bad))
        assert response.status_code == 200, bad
        assert 'class="error-message"' in response.content.decode() or "error" in (
            response.content.decode()
        )
    assert not ThinkGroup.objects.filter(name="Denkgroep Wonen en zorg").exists()


@pytest.mark.parametrize("who", ["editor", "member", "moderator"])
def test_only_the_bureau_manages_think_groups(client, request, who, open_group):
    client.force_login(request.getfixturevalue(who))
    response = edit_group(client, open_group, visibility=Visibility.PRIVATE)
    assert response.status_code in (302, 403)
    open_group.refresh_from_db()
    assert open_group.visibility == Visibility.OPEN


def test_groups_cannot_be_deleted_from_the_admin(client, bureau, open_group):
    client.force_login(bureau)
    response = client.post(f"/beheer/think_groups/delete/{open_group.pk}/")
    assert response.status_code in (302, 403, 404)
    assert ThinkGroup.objects.filter(pk=open_group.pk).exists()


def test_group_made_private_disappears_for_non_members(client, bureau, member, open_group):
    client.force_login(bureau)
    response = edit_group(client, open_group, visibility=Visibility.PRIVATE)
    assert response.status_code == 302
    reader = Client()
    reader.force_login(member)
    assert open_group.name not in reader.get("/denkgroepen/").content.decode()
    assert reader.get(open_group.get_absolute_url()).status_code == 404


def test_new_domain_reaches_the_search_facets(client, bureau, author, open_group):
    from groups import actions
    from search.backends import get_backend
    from search.indexing import drain
    from search.query import parse

    thread = actions.start_thread(
        member=author, group=open_group, title="Kostendelersnorm bij inwoning", body="Wie weet dit?"
    )
    drain()
    client.force_login(bureau)
    response = edit_group(client, open_group, domain=domain("armoede").pk)
    assert response.status_code == 302
    drain()
    result = get_backend().search(parse("kostendelersnorm"), author)
    assert result.total == 1
    assert [(f.key, f.count) for f in result.facets["domain"]] == [(domain("armoede").pk, 1)]
    assert {hit.url for hit in result.hits} >= {thread.get_absolute_url()}
