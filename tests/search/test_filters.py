"""The search filters are described once (search/filters.py) and every backend compiles
every condition they make: a new filter cannot silently do nothing in one backend."""

from __future__ import annotations

import pytest

from search import filters
from search.backends import database, elasticsearch
from search.query import parse
from search.types import FacetSelection
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_filter_of_the_language_is_described_once_and_compiled_by_each_backend():
    member = factories.MemberFactory()
    group = factories.ThinkGroupFactory(slug="armoede-noord")
    text = (
        f'schuld groep:{group.slug} domein:zorg auteur:"Jan de Vries" na:2025-01-01 '
        "voor:2025-12-31 in:titel signaal:kostendelersnorm"
    )
    query = parse(text)
    assert query.warnings == []
    warnings: list[str] = []
    resolved = filters.resolve(query, member, warnings)
    assert warnings == [] and not resolved["impossible"]
    kinds = {c.kind for c in resolved["conditions"]}
    assert kinds == {
        filters.EQUALS, filters.PHRASE, filters.FROM_DAY, filters.UNTIL_DAY, filters.SIGNAL_THEME,
    }  # fmt: skip
    lookups = database.compile_filters(resolved, FacetSelection())
    assert lookups["group_id"] == group.pk
    assert lookups["author_name__icontains"] == "Jan de Vries"
    assert {"created_at__gte", "created_at__lt", "domain_id"} <= set(lookups)
    assert lookups["kind"] == "post" and "object_id__in" in lookups  # signaal:
    clauses = [c.to_dict() for c in elasticsearch.compile_filters(resolved, FacetSelection())]
    assert {"term": {"group_id": group.pk}} in clauses
    assert {"match_phrase": {"author_name": "Jan de Vries"}} in clauses
    assert sum("range" in c for c in clauses) == 2
    assert any("terms" in str(c) and "object_id" in str(c) for c in clauses)  # signaal:
    # Every filter name the page explains is one the parser knows.
    assert set(filters.FILTERS) == {
        "groep", "domein", "auteur", "na", "voor", "in", "signaal", "handreiking", "versie", "is",
    }  # fmt: skip


def test_a_group_the_member_cannot_read_makes_the_search_impossible():
    member = factories.MemberFactory()
    factories.ThinkGroupFactory(slug="geheim", visibility="private")
    warnings: list[str] = []
    resolved = filters.resolve(parse("schuld groep:geheim"), member, warnings)
    assert resolved["impossible"]
    assert warnings == ["Geen denkgroep “geheim” gevonden."]


def test_a_condition_a_backend_cannot_compile_is_an_error_not_a_silent_pass():
    strange = {"conditions": [filters.Condition("near", "created_at", 3)]}
    with pytest.raises(ValueError):
        database.compile_filters(strange, FacetSelection())
    with pytest.raises(ValueError):
        elasticsearch.compile_filters(strange, FacetSelection())
