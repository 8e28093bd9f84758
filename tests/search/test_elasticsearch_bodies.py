"""The Elasticsearch backend as data: index settings, mappings and generated query bodies.

No Elasticsearch server runs here; the contract suite runs against a real one when
ELASTICSEARCH_URL is set (tests/search/test_contract.py, marker `elasticsearch`).
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from search.backends.base import FacetSelection, Sort
from search.backends.elasticsearch import build_search
from search.documents import PostDocument, index_body, synonym_rules
from search.query import parse, synonym_map
from tests import factories


def body_for(text, member, **kwargs):
    search = build_search(
        parse(text, synonym_map()), member, indices=["samendenk-posts"],
        kinds=kwargs.pop("kinds", ["post", "thread"]), **kwargs,
    )  # fmt: skip
    return search.to_dict()


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def test_index_has_dutch_analysis_with_compounds_and_synonyms(db):
    body = index_body("post", synonym_rules())
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["dutch_index"]["filter"] == [
        "lowercase", "asciifolding", "nl_decompound", "nl_stop", "nl_stemmer",
    ]  # fmt: skip
    assert analysis["analyzer"]["dutch_search"]["filter"] == [
        "lowercase", "asciifolding", "nl_synonyms", "nl_stop", "nl_stemmer",
    ]  # fmt: skip
    filters = analysis["filter"]
    assert filters["nl_stemmer"] == {"type": "stemmer", "language": "dutch"}
    assert filters["nl_stop"] == {"type": "stop", "stopwords": "_dutch_"}
    assert filters["nl_decompound"]["type"] == "dictionary_decompounder"
    assert {"bijstand", "uitkering", "schuld"} <= set(filters["nl_decompound"]["word_list"])
    assert filters["nl_synonyms"]["type"] == "synonym_graph"
    assert "pw, participatiewet" in filters["nl_synonyms"]["synonyms"]
    assert (
        "tozo, tijdelijke overbruggingsregeling zelfstandig ondernemers"
        in (filters["nl_synonyms"]["synonyms"])
    )


def test_mapping_fields():
    properties = PostDocument._doc_type.mapping.to_dict()["properties"]
    assert properties["body"] == {
        "type": "text", "analyzer": "dutch_index", "search_analyzer": "dutch_search",
    }  # fmt: skip
    for field in ("group_id", "domain_id", "author_id", "object_id"):
        assert properties[field]["type"] == "long"
    for flag in ("is_hidden", "is_held", "thread_hidden"):
        assert properties[flag]["type"] == "boolean"
    assert properties["kind"]["type"] == "keyword"
    assert properties["created_at"]["type"] == "date"


def test_permission_filter_lists_only_readable_groups(db):
    reader = factories.MemberFactory()
    open_group = factories.ThinkGroupFactory()
    private = factories.ThinkGroupFactory(visibility="private")
    body = body_for("schuld", reader)
    permission = body["query"]["bool"]["filter"][0]
    discussions = permission["bool"]["should"][0]["bool"]["filter"]
    assert {"terms": {"kind": ["post", "thread"]}} in discussions
    groups = next(c["terms"]["group_id"] for c in discussions if "group_id" in c.get("terms", {}))
    assert open_group.pk in groups and private.pk not in groups
    visible = discussions[2]["bool"]["should"][0]["bool"]["must_not"]
    assert {"term": {"is_hidden": True}} in visible and {"term": {"is_held": True}} in visible


def test_anonymous_gets_articles_only(db):
    body = body_for("schuld", AnonymousUser(), kinds=["article"])
    assert body["query"]["bool"]["filter"][0] == {
        "bool": {"should": [{"term": {"kind": "article"}}], "minimum_should_match": 1}
    }


@pytest.mark.parametrize(
    "hostile",
    [
        "*:* OR group_id:99",
        "body:(x) AND is_hidden:true",
        '{"query": {"match_all": {}}}',
        '\\" ) || ( * ',
        '-"" OF OR groep:x" in:titel',
    ],
)
def test_user_text_never_becomes_query_syntax(db, hostile):
    member = factories.MemberFactory()
    body = body_for(hostile, member)
    assert not keys_in(body) & {"query_string", "simple_query_string", "script", "regexp"}
    # The permission filter is always the first filter clause, whatever was typed.
    assert "should" in body["query"]["bool"]["filter"][0]["bool"]
    # Every piece of user text sits in the "query" value of a match clause.
    serialized = json.dumps(body)
    assert "group_id:99" not in serialized and "is_hidden:true" not in serialized


def test_query_body_shape(db):
    member = factories.MemberFactory()
    body = body_for(
        '"recht op bijstand" Pw OF Wmo -beslag na:2025-01-01 in:titel',
        member,
        sort=Sort.NEWEST,
        page=3,
        facets=FacetSelection(year=2025),
    )
    scored = body["query"]["bool"]["must"][0]["function_score"]
    text = scored["query"]["bool"]
    assert text["must"][0] == {
        "multi_match": {"query": "recht op bijstand", "type": "phrase", "fields": ["title"]}
    }
    alternatives = text["must"][1]["bool"]["should"]
    assert {
        "multi_match": {"query": "participatiewet", "fields": ["title"], "operator": "and"}
    } in (alternatives)
    assert text["must_not"] == [
        {"multi_match": {"query": "beslag", "fields": ["title"], "operator": "and"}}
    ]
    assert scored["functions"][0]["gauss"]["created_at"]["scale"] == "180d"
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"year": 2025}} in filters
    assert any("range" in f and f["range"]["created_at"]["gte"] == "2025-01-01" for f in filters)
    assert set(body["aggs"]) == {"domain", "group", "author", "year"}
    assert body["highlight"]["pre_tags"] == ["\ue000"]
    assert body["from"] == 40 and body["size"] == 20
    assert body["sort"][0] == {"created_at": {"order": "desc"}}


def test_hits_carry_only_keys_so_what_is_shown_comes_from_the_rechecked_rows(db):
    """Issue #12 item 18: the request fetches kind and id only; titles, text and authors
    come from the rows that hydrate() re-checks, never from the (possibly lagging) index."""
    body = body_for("schuld", factories.MemberFactory())
    assert body["_source"] == ["kind", "object_id"]
    assert set(body["highlight"]["fields"]) == {"body", "title"}


def test_permission_filter_uses_the_groups_readable_now(db):
    from groups.models import Visibility

    member = factories.MemberFactory()
    group = factories.ThinkGroupFactory()

    def group_terms():
        filters = body_for("schuld", member)["query"]["bool"]["filter"][0]
        return [c["terms"]["group_id"] for c in _walk(filters) if "group_id" in c.get("terms", {})]

    assert any(group.pk in ids for ids in group_terms())
    group.visibility = Visibility.PRIVATE
    group.save()
    assert group_terms() and all(group.pk not in ids for ids in group_terms())


def _walk(value):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
