"""The contract every search backend fulfils (database: SQLite FTS5 or PostgreSQL, by the
database in use; Elasticsearch when ELASTICSEARCH_URL is set)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from groups.models import Visibility
from search.backends.base import FacetSelection, Section, Sort
from search.query import parse, synonym_map

from .conftest import make_post, make_thread, reindex


def run(backend, text, member, **kwargs):
    return backend.search(parse(text, synonym_map()), member, **kwargs)


def post_ids(result) -> set[int]:
    return {h.object_id for h in result.hits if h.kind == "post"}


def test_plural_finds_singular_and_back(backend, world):
    assert world.posts["schulden"].pk in post_ids(run(backend, "schuld", world.reader))
    found = post_ids(run(backend, "uitkering", world.reader))
    assert world.posts["uitkeringen"].pk in found


def test_compound_is_found_by_its_parts(backend, world):
    assert world.posts["bijstandsuitkering"].pk in post_ids(run(backend, "bijstand", world.reader))
    assert world.posts["bijstandsuitkering"].pk in post_ids(run(backend, "uitkering", world.reader))
    assert world.posts["bijstandsuitkering"].pk in post_ids(
        run(backend, "bijstandsuitkering", world.reader)
    )


def test_abbreviation_finds_full_name(backend, world):
    assert world.posts["participatiewet"].pk in post_ids(run(backend, "Pw", world.reader))


def test_all_words_must_match(backend, world):
    found = post_ids(run(backend, "uitkeringen maand", world.reader))
    assert found == {world.posts["uitkeringen"].pk}


def test_phrase_needs_adjacent_words(backend, world):
    assert post_ids(run(backend, '"recht op bijstand"', world.reader)) == {
        world.posts["uitkeringen"].pk
    }
    assert post_ids(run(backend, '"bijstand recht"', world.reader)) == set()


def test_exclusion_removes_matches(backend, world):
    found = post_ids(run(backend, "uitkering -ontslag", world.reader))
    assert world.posts["bijstandsuitkering"].pk not in found
    assert world.posts["uitkeringen"].pk in found


def test_or_between_alternatives(backend, world):
    found = post_ids(run(backend, "belastingdienst OF tegenprestatie", world.reader))
    assert found == {world.posts["schulden"].pk, world.posts["participatiewet"].pk}


def test_group_and_domain_filters(backend, world):
    in_group = run(backend, f"schuld groep:{world.other_group.slug}", world.reader)
    assert post_ids(in_group) == {world.posts["schulden"].pk, world.posts["hostile"].pk}
    in_domain = run(backend, "uitkering domein:werk-en-inkomen", world.reader)
    assert post_ids(in_domain) == {
        world.posts["bijstandsuitkering"].pk,
        world.posts["uitkeringen"].pk,
    }
    assert post_ids(run(backend, "schuld domein:werk-en-inkomen", world.reader)) == set()


def test_author_filter(backend, world):
    result = run(backend, 'uitkering auteur:"Riet Lezer"', world.reader)
    assert post_ids(result) == {world.posts["uitkeringen"].pk}


def test_date_filters(backend, world):
    since = (datetime.date.today() - datetime.timedelta(days=100)).isoformat()
    assert post_ids(run(backend, f"uitkering na:{since}", world.reader)) == set()
    assert post_ids(run(backend, f"schuld voor:{since}", world.reader)) == set()
    assert world.posts["schulden"].pk in post_ids(run(backend, f"schuld na:{since}", world.reader))


def test_title_filter_searches_thread_titles(backend, world):
    result = run(backend, "vroegsignalering in:titel", world.reader)
    assert [(h.kind, h.object_id) for h in result.hits] == [("thread", world.threads["schuld"].pk)]


def test_facet_counts_cover_the_permitted_set(backend, world):
    result = run(backend, "schuld", world.reader)
    groups = {f.label: f.count for f in result.facets["group"]}
    assert groups == {world.other_group.name: result.total}
    assert sum(f.count for f in result.facets["year"]) == result.total
    narrowed = run(
        backend, "uitkering", world.reader, facets=FacetSelection(author=world.reader.pk)
    )
    assert post_ids(narrowed) == {world.posts["uitkeringen"].pk}


def test_snippets_are_escaped_and_marked(backend, world):
    result = run(backend, "schuld", world.reader)
    hit = next(h for h in result.hits if h.object_id == world.posts["hostile"].pk)
    assert "<script>" not in hit.snippet and "<b>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>schuld</mark>" in hit.snippet
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>")


def test_private_hidden_held_deleted_never_leak_to_a_member(backend, world):
    result = run(backend, "schuld", world.reader)
    leaked = {world.posts[k].pk for k in ("private", "hidden", "held", "deleted")}
    assert not post_ids(result) & leaked
    # The two open posts, and the thread "Schuldhulp …" (a compound of schuld).
    assert post_ids(result) == {world.posts["schulden"].pk, world.posts["hostile"].pk}
    assert result.total == len(result.hits) == 3
    assert world.private_group.name not in {f.label for f in result.facets["group"]}
    text = " ".join(h.snippet + h.title for h in result.hits)
    assert "Vertrouwelijk" not in text and "Verborgen" not in text
    filtered = run(backend, f"schuld groep:{world.private_group.slug}", world.reader)
    assert filtered.total == 0 and filtered.hits == []


def test_group_member_finds_private_content(backend, world):
    assert world.posts["private"].pk in post_ids(run(backend, "schuld", world.insider))


def test_bureau_sees_hidden_marked_but_never_deleted(backend, world):
    result = run(backend, "schuld", world.bureau)
    found = {h.object_id: h for h in result.hits}
    assert found[world.posts["hidden"].pk].is_hidden
    assert found[world.posts["held"].pk].is_hidden
    assert not found[world.posts["schulden"].pk].is_hidden
    assert world.posts["deleted"].pk not in found
    assert world.posts["private"].pk in found


def test_anonymous_visitor_searches_no_discussions(backend, world):
    result = run(backend, "schuld", AnonymousUser())
    assert result.hits == [] and result.total == 0 and result.facets == {}


def test_group_turning_private_is_excluded_after_reindex(backend, world):
    world.other_group.visibility = Visibility.PRIVATE
    world.other_group.save()
    reindex(backend, world.threads["schuld"])
    assert run(backend, "schuld", world.reader).total == 0


def test_hidden_post_is_excluded_after_reindex(backend, world):
    post = world.posts["schulden"]
    post.is_hidden = True
    post.save()
    reindex(backend, post)
    assert post.pk not in post_ids(run(backend, "schuld", world.reader))


def test_sort_newest_and_relevance(backend, world):
    newest = run(backend, "uitkering", world.reader, sort=Sort.NEWEST)
    assert [h.object_id for h in newest.hits if h.kind == "post"] == [
        world.posts["uitkeringen"].pk,
        world.posts["bijstandsuitkering"].pk,
    ]
    relevant = run(backend, "uitkering", world.reader, sort=Sort.RELEVANCE)
    assert {h.object_id for h in relevant.hits} == {h.object_id for h in newest.hits}


def test_pagination(backend, world):
    thread = make_thread(world.open_group, "Veel berichten")
    posts = [make_post(thread, f"Armoedeval bericht {n}") for n in range(7)]
    reindex(backend, *posts)
    first = run(backend, "armoedeval", world.reader, per_page=3, page=1, sort=Sort.NEWEST)
    third = run(backend, "armoedeval", world.reader, per_page=3, page=3, sort=Sort.NEWEST)
    assert first.total == 7 and first.num_pages == 3
    assert len(first.hits) == 3 and len(third.hits) == 1
    assert not post_ids(first) & post_ids(third)


def test_hit_links_to_the_post_on_its_page(backend, world):
    thread = make_thread(world.open_group, "Lange draad")
    for n in range(24):
        make_post(thread, f"Gewoon bericht {n}")
    late = make_post(thread, "Het antwoord over kostendelersnorm")
    reindex(backend, late)
    hit = run(backend, "kostendelersnorm", world.reader).hits[0]
    assert hit.url == f"/denkgroepen/draad/{thread.pk}/?pagina=2#post-25" or hit.url.endswith(
        "?pagina=2#post-25"
    )


def test_malformed_query_gives_warnings_and_results(backend, world):
    result = run(backend, 'schuld "belastingdienst', world.reader)
    assert result.warnings
    assert post_ids(result) == {world.posts["schulden"].pk}


@pytest.mark.parametrize(
    "hostile",
    ['") OR 1=1 --', "NEAR(a b)", "title_terms:x", "{body_terms}: *", "a AND NOT", "'; DROP"],
)
def test_query_syntax_in_user_text_is_inert(backend, world, hostile):
    result = run(backend, hostile, world.reader)
    assert result.total == len(result.hits)


def test_news_section_searches_only_articles(backend, world):
    result = run(backend, "schuld", world.reader, kinds=Section.NEWS)
    assert not post_ids(result)


def test_news_articles_found_by_word_forms_also_by_visitors(backend, world):
    from tests.factories import make_article

    article = make_article(
        title="Nieuwe regels voor de Tozo", intro="Zelfstandigen met schulden krijgen uitstel."
    )
    draft = make_article(title="Concept over schulden", intro="Nog niet gepubliceerd.", live=False)
    from search.indexing import apply_changes

    apply_changes(backend, [("article", article.pk), ("article", draft.pk)])
    for member in (AnonymousUser(), world.reader):
        result = run(backend, "schuld", member, kinds=Section.NEWS)
        assert [(h.kind, h.object_id) for h in result.hits] == [("article", article.pk)]
        assert "<mark>schulden</mark>" in result.hits[0].snippet
    # A quoted full name finds the article that only uses the abbreviation.
    assert (
        run(
            backend,
            '"tijdelijke overbruggingsregeling zelfstandig ondernemers"',
            AnonymousUser(),
            kinds=Section.NEWS,
        ).total
        == 1
    )
