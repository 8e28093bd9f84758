"""The search page /zoeken/: results, facets that narrow, warnings, safety, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from search.backends.database import DatabaseBackend
from search.indexing import rebuild

from .conftest import build_world, make_post, make_thread

URL = reverse("search:search")


@pytest.fixture
def world(db):
    built = build_world()
    rebuild(DatabaseBackend())
    return built


def test_member_sees_hits_with_marked_snippets_and_facets(client, world):
    client.force_login(world.reader)
    response = client.get(URL, {"q": "schulden"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>schulden</mark>" in html
    assert world.posts["schulden"].get_absolute_url() in html
    assert f"groep={world.other_group.pk}" in html
    assert "Vertrouwelijke" not in html and "Verborgen bericht" not in html
    assert "&lt;script&gt;" in html and '<script>alert("x")' not in html


def test_facet_link_narrows_and_can_be_removed(client, world):
    client.force_login(world.reader)
    response = client.get(URL, {"q": "uitkering", "auteur": world.reader.pk})
    html = response.content.decode()
    assert world.posts["uitkeringen"].get_absolute_url() in html
    assert world.posts["bijstandsuitkering"].get_absolute_url() not in html
    assert 'aria-current="true"' in html


def test_anonymous_visitor_is_told_to_log_in(client, world):
    html = client.get(URL, {"q": "schuld"}).content.decode()
    assert "Log in om" in html
    assert world.posts["schulden"].get_absolute_url() not in html


def test_bureau_sees_hidden_posts_marked(client, world):
    client.force_login(world.bureau)
    html = client.get(URL, {"q": "schuld beslag"}).content.decode()
    assert world.posts["hidden"].get_absolute_url() in html
    assert "verborgen" in html


def test_malformed_query_shows_dutch_warnings(client, world):
    client.force_login(world.reader)
    html = client.get(URL, {"q": 'kleur:rood na:morgen schuld "open'}).content.decode()
    assert "aanhalingsteken" in html
    assert "Onbekend filter" in html
    assert "geen datum" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "schuld", "pagina": "-3"},
        {"q": "schuld", "pagina": "abc"},
        {"q": "schuld", "groep": "99999999999999999999"},
        {"q": "schuld", "sorteer": "'; DROP TABLE"},
        {"q": "\x00<script>\u202e"},
        {"q": 'groep:"'},
    ],
)
def test_hostile_parameters_never_fail(client, world, params):
    client.force_login(world.reader)
    assert client.get(URL, params).status_code == 200


def test_query_count_does_not_grow_with_hits(client, world, django_assert_max_num_queries):
    client.force_login(world.reader)
    client.get(URL, {"q": "schuld"})  # warm the synonym cache and session
    thread = make_thread(world.open_group, "Armoedeval", author=world.author)
    make_post(thread, "Armoedeval in de praktijk", author=world.author)
    rebuild(DatabaseBackend())
    # 14: two of them read the viewer's readable and moderated groups (search's permission
    # filter takes them as lists, see search.backends.base.permission_q).
    with django_assert_max_num_queries(14) as few:
        client.get(URL, {"q": "armoedeval"})
    other = make_thread(world.other_group, "Nog meer armoedeval", author=world.reader)
    for n in range(25):
        make_post(other if n % 2 else thread, f"Armoedeval bericht {n}", author=world.reader)
    rebuild(DatabaseBackend())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"q": "armoedeval"})
    assert response.content.decode().count('class="search-hit"') == 20
