"""Search: the signaal:thema-slug filter and the themes facet, within the member's permissions."""

from __future__ import annotations

from django.urls import reverse

from groups.signals import actions
from search.backends.base import FacetSelection, Section
from search.backends.database import DatabaseBackend
from search.indexing import rebuild
from search.query import parse

from .conftest import mark


def _search(member, raw, **facets):
    backend = DatabaseBackend()
    rebuild(backend=backend)
    return backend.search(
        parse(raw), member, kinds=Section.DISCUSSIONS, facets=FacetSelection(**facets)
    )


def _post_ids(result):
    return {h.object_id for h in result.hits if h.kind == "post"}


def test_signal_filter_finds_posts_marked_in_the_theme(author, marker, post, thread, theme,
                                                       other_theme):  # fmt: skip
    from groups import actions as forum

    other = forum.reply(member=author, thread=thread, body="De Tozo is ook bij ons een probleem.")
    mark(marker, post, theme)
    mark(marker, other, other_theme)
    result = _search(marker, "Tozo signaal:terugvordering-tozo")
    assert _post_ids(result) == {post.pk}
    facets = {v.label: v.count for v in _search(marker, "Tozo").facets["theme"]}
    assert facets == {theme.name: 1, other_theme.name: 1}
    narrowed = _search(marker, "Tozo", theme=other_theme.pk)
    assert _post_ids(narrowed) == {other.pk}


def test_signal_filter_keeps_private_posts_private(author, outsider, private_post, theme):
    mark(author, private_post, theme, quote_consent=True)
    result = _search(outsider, "kostendelersnorm signaal:terugvordering-tozo")
    assert result.total == 0
    assert not result.facets.get("theme")
    assert _post_ids(_search(author, "kostendelersnorm signaal:terugvordering-tozo")) == {
        private_post.pk
    }


def test_unknown_theme_warns_in_dutch(marker, post):
    result = _search(marker, "Tozo signaal:bestaat-niet")
    assert result.total == 0
    assert "Geen signaalthema “bestaat-niet” gevonden." in result.warnings


def test_rejected_signals_do_not_match(marker, post, theme, bureau):
    signal, _ = mark(marker, post, theme)
    actions.reject_signal(actor=bureau, signal=signal, reason="Geen beleidssignaal.")
    assert _search(marker, "Tozo signaal:terugvordering-tozo").total == 0


def test_search_page_shows_the_theme_facet(marker, post, theme, client):
    mark(marker, post, theme)
    rebuild(backend=DatabaseBackend())
    client.force_login(marker)
    html = client.get(reverse("search:search"), {"q": "Tozo"}).content.decode()
    assert "Signaalthema" in html and theme.name in html
