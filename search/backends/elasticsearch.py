"""The Elasticsearch backend: bulk indexing, rebuild behind an alias, and searches built
from structured clauses only (never query_string) with the permission filter as a
`filter` clause that no user input can remove."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.function import SF

from core.outage import Outage

from ..filters import EQUALS, FROM_DAY, IN_IDS, PHRASE, SIGNAL_THEME, UNTIL_DAY, resolve
from ..highlight import MARK_END, MARK_START
from ..query import Clause, ParsedQuery, Term
from .base import (
    FacetSelection,
    IndexItem,
    RawHits,
    SearchBackend,
    Sort,
)
from .errors import SearchUnavailable
from .trends import TermRise

FACET_FIELDS = {"domain": "domain_id", "group": "group_id", "author": "author_id", "year": "year"}
KINDS = ("post", "thread", "article")


def permission_filter(member, kinds: Sequence[str]) -> Q:
    """Who may see what, from THE permission QuerySets evaluated now (live group ids)."""
    from groups.models import ThinkGroup
    from groups.visibility import is_member

    allowed = []
    discussion_kinds = [k for k in kinds if k in ("post", "thread")]
    if discussion_kinds:
        readable = list(ThinkGroup.objects.readable_by(member).values_list("pk", flat=True))
        moderated = list(ThinkGroup.objects.moderated_by(member).values_list("pk", flat=True))
        visible = [
            Q(
                "bool",
                must_not=[
                    Q("term", is_hidden=True),
                    Q("term", is_held=True),
                    Q("term", thread_hidden=True),
                ],
            )
        ]
        if moderated:
            visible.append(Q("terms", group_id=moderated))
        if is_member(member):
            # Authors see their own held posts, as on the thread page.
            visible.append(
                Q(
                    "bool",
                    filter=[
                        Q("term", author_id=member.pk),
                        Q("term", is_held=True),
                        Q("term", is_hidden=False),
                        Q("term", thread_hidden=False),
                    ],
                )
            )
        allowed.append(
            Q(
                "bool",
                filter=[
                    Q("terms", kind=discussion_kinds),
                    Q("terms", group_id=readable),
                    Q("bool", should=visible, minimum_should_match=1),
                ],
            )
        )
    if "article" in kinds:
        allowed.append(Q("term", kind="article"))
    return Q("bool", should=allowed or [Q("match_none")], minimum_should_match=1)


def _fields(query: ParsedQuery) -> list[str]:
    return ["title"] if query.in_title else ["title^2", "body"]


def _term_query(term: Term, fields: list[str]) -> Q:
    if term.is_phrase:
        return Q("multi_match", query=term.text, type="phrase", fields=fields)
    return Q("multi_match", query=term.words[0], fields=fields, operator="and")


def _clause_query(clause: Clause, fields: list[str]) -> Q:
    options = [_term_query(t, fields) for t in clause.alternatives]
    return options[0] if len(options) == 1 else Q("bool", should=options, minimum_should_match=1)


def text_query(query: ParsedQuery) -> Q:
    """The user's words as match/multi_match clauses: their text is data, never syntax."""
    fields = _fields(query)
    must = [_clause_query(c, fields) for c in query.positive] or [Q("match_all")]
    must_not = [_clause_query(c, fields) for c in query.negative]
    return Q("bool", must=must, must_not=must_not)


def compile_filters(resolved: dict, facets: FacetSelection) -> list[Q]:
    """The query's filter conditions (``search.filters``) and the clicked facets as
    ``filter`` clauses."""
    clauses = []
    for condition in resolved.get("conditions", ()):
        field, value = condition.field, condition.value
        if condition.kind == EQUALS:
            clauses.append(Q("term", **{field: value}))
        elif condition.kind == PHRASE:
            clauses.append(Q("match_phrase", **{field: value}))
        elif condition.kind in (FROM_DAY, UNTIL_DAY):
            bound = "gte" if condition.kind == FROM_DAY else "lte"
            day = {bound: value.isoformat(), "time_zone": "Europe/Amsterdam"}
            clauses.append(Q("range", **{field: day}))
        elif condition.kind == SIGNAL_THEME:
            clauses.append(signal_theme_clause(value))
        elif condition.kind == IN_IDS:
            clauses.append(Q("terms", **{field: list(value)}))
        else:
            raise ValueError(f"no Elasticsearch form for the condition {condition.kind}")
    for name, field in FACET_FIELDS.items():
        value = getattr(facets, name)
        if value is not None:
            clauses.append(Q("term", **{field: value}))
    if facets.theme is not None:
        clauses.append(signal_theme_clause(facets.theme))
    return clauses


def signal_theme_clause(theme_id: int) -> Q:
    """Posts that are a signal in the theme: the ids come from the database (the index
    holds no signal data, so a new signal needs no reindex)."""
    from groups.signals.search import signal_post_ids

    ids = list(signal_post_ids(theme_id))
    return Q("bool", filter=[Q("term", kind="post"), Q("terms", object_id=ids)])


def verified_boost() -> list:
    """Current verified answers (groups.knowledge, ids from the database) rank above others."""
    from groups.knowledge.search import verified_post_ids

    ids = list(verified_post_ids())
    only = Q("bool", filter=[Q("term", kind="post"), Q("terms", object_id=ids)])
    return [SF("weight", weight=1000, filter=only)] if ids else []


def theme_facet_filters() -> dict:
    """One filter per theme that has signals, for the themes facet (a ``filters``
    aggregation: the index holds no theme field)."""
    from groups.signals.search import post_ids_per_theme

    return {
        str(theme_id): Q("bool", filter=[Q("term", kind="post"), Q("terms", object_id=ids)])
        for theme_id, ids in post_ids_per_theme().items()
    }


def build_search(
    query: ParsedQuery,
    member,
    *,
    indices: list[str],
    kinds: Sequence[str],
    page: int = 1,
    per_page: int = 20,
    sort: str = Sort.RELEVANCE,
    facets: FacetSelection | None = None,
    resolved: dict | None = None,
) -> Search:
    """The complete request: scored user query inside a bool whose `filter` holds the
    permission filter (always) and the filters; aggregations; highlight; paging."""
    facets = facets or FacetSelection()
    scored = Q(
        "function_score",
        query=text_query(query),
        functions=[
            SF("gauss", created_at={"origin": "now", "scale": "180d", "decay": 0.5}),
            *verified_boost(),
        ],
        score_mode="multiply",
        boost_mode="multiply",
    )
    if resolved is None:
        resolved = resolve(query, member, [])
    filters = [permission_filter(member, kinds), *compile_filters(resolved, facets)]
    search = Search(index=indices).query(Q("bool", must=[scored], filter=filters))
    if sort == Sort.NEWEST:
        search = search.sort({"created_at": {"order": "desc"}}, {"object_id": {"order": "desc"}})
    for name, field in FACET_FIELDS.items():
        search.aggs.bucket(name, "terms", field=field, size=50)
    theme_filters = theme_facet_filters()
    if theme_filters:
        search.aggs.bucket("theme", "filters", filters=theme_filters)
    search = search.highlight(*(["title"] if query.in_title else ["body", "title"]))
    search = search.highlight_options(
        pre_tags=[MARK_START],
        post_tags=[MARK_END],
        fragment_size=220,
        number_of_fragments=1,
        no_match_size=220,
    )
    search = search.source(["kind", "object_id"]).extra(
        from_=(page - 1) * per_page, size=per_page, track_total_hits=True
    )
    return search


def significant_terms_body(*, domain_id: int, start, middle, end, size: int = 10) -> dict:
    """The request for words that rose in a domain's posts from [middle, end) against
    [start, middle): a sampler over the newest period's posts with a significance
    aggregation whose background is the previous period. ``significant_text`` is the
    significant-terms aggregation for analysed text fields (``significant_terms`` itself
    needs fielddata on ``body``, which the mapping rightly leaves off); it scores with JLH
    by default, the same score the database backends compute (``rank_rising``)."""

    def period(first, last) -> list[dict]:
        return [
            {"term": {"domain_id": domain_id}},
            {"range": {"created_at": {"gte": first.isoformat(), "lt": last.isoformat()}}},
            {"term": {"is_hidden": False}},
            {"term": {"is_held": False}},
        ]

    return {
        "size": 0,
        "track_total_hits": True,
        "query": {"bool": {"filter": period(middle, end)}},
        "aggs": {
            "sample": {
                "sampler": {"shard_size": 1000},
                "aggs": {
                    "rising": {
                        "significant_text": {
                            "field": "body",
                            "size": size,
                            "min_doc_count": 2,
                            "filter_duplicate_text": True,
                            "jlh": {},
                            "background_filter": {"bool": {"filter": period(start, middle)}},
                        }
                    }
                },
            }
        },
    }


def parse_significant_terms(response: dict) -> list[TermRise]:
    buckets = (
        response.get("aggregations", {}).get("sample", {}).get("rising", {}).get("buckets", [])
    )
    return [
        TermRise(b["key"], b["doc_count"], b.get("bg_count", 0), round(b.get("score", 0.0), 4))
        for b in buckets
    ]


def _guarded(method):
    """Runs ``method`` inside ``self.reachable()``."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        with self.reachable():
            return method(self, *args, **kwargs)

    return call


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, *, prefix: str = "samendenk", refresh: bool = False):
        self.url = url
        self.prefix = prefix
        self.refresh_writes = refresh
        self._client = None
        self._rebuild_targets: dict[str, str] | None = None
        # While the engine is down, searches fail at once instead of each waiting for a
        # connection attempt (one probe a second, core.outage).
        self.outage = Outage(f"Elasticsearch ({_host(url)})")
        self._calls = threading.local()

    @property
    def client(self):
        if self._client is None:
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch(
                self.url,
                request_timeout=getattr(settings, "ELASTICSEARCH_TIMEOUT", 10.0),
                max_retries=1,
            )
        return self._client

    @contextlib.contextmanager
    def reachable(self):
        """Around every call to the engine: connection failures and 5xx answers become
        SearchUnavailable, with the outage noted once."""
        from elasticsearch import ApiError, TransportError

        if getattr(self._calls, "depth", 0):  # inside a guarded call: it guards
            yield
            return
        if not self.outage.available():
            raise SearchUnavailable(self.outage.name, self.outage.cause)
        self._calls.depth = 1
        try:
            yield
        except TransportError as error:  # connection refused, timeout, TLS
            self.outage.failed(error)
            raise SearchUnavailable(self.outage.name, _reason(error)) from error
        except ApiError as error:
            if error.status_code < 500:
                raise
            self.outage.failed(error)
            raise SearchUnavailable(self.outage.name, _reason(error)) from error
        finally:
            self._calls.depth = 0
        self.outage.succeeded()

    def ping(self) -> None:
        """Raises SearchUnavailable unless the engine answers within two seconds."""
        with self.reachable():
            self.client.options(request_timeout=2).info()

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}s"

    def _new_index(self, kind: str) -> str:
        from ..documents import index_body, synonym_rules

        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        name = f"{self.alias(kind)}-{stamp}"
        self.client.indices.create(index=name, body=index_body(kind, synonym_rules()))
        return name

    @_guarded
    def ensure_indices(self) -> None:
        for kind in KINDS:
            alias = self.alias(kind)
            if not self.client.indices.exists_alias(name=alias):
                name = self._new_index(kind)
                self.client.indices.put_alias(index=name, name=alias)

    def _target(self, kind: str) -> str:
        if self._rebuild_targets:
            return self._rebuild_targets[kind]
        return self.alias(kind)

    @_guarded
    def index(self, items: Sequence[IndexItem]) -> None:
        from elasticsearch import helpers

        from ..documents import DOCUMENTS

        if not items:
            return
        self.ensure_indices()
        actions = (
            {
                "_op_type": "index",
                "_index": self._target(str(item.kind)),
                "_id": str(item.object_id),
                "_source": DOCUMENTS[str(item.kind)].prepare(item),
            }
            for item in items
        )
        helpers.bulk(self.client, actions, refresh=self.refresh_writes, chunk_size=1000)

    @_guarded
    def delete(self, kind: str, ids: Iterable[int]) -> None:
        from elasticsearch import helpers

        ids = list(ids)
        if not ids:
            return
        self.ensure_indices()
        actions = (
            {"_op_type": "delete", "_index": self._target(str(kind)), "_id": str(pk)} for pk in ids
        )
        helpers.bulk(
            self.client, actions, refresh=self.refresh_writes, raise_on_error=False
        )  # a missing document is already gone

    def clear(self) -> None:
        self.drop_all()

    @_guarded
    def drop_all(self) -> None:
        self.client.indices.delete(index=f"{self.prefix}-*", ignore_unavailable=True)

    @_guarded
    def indexed_keys(self, kind: str) -> set[int]:
        from elasticsearch import helpers

        self.ensure_indices()
        return {
            int(hit["_id"])
            for hit in helpers.scan(self.client, index=self.alias(kind), query={"_source": False})
        }

    @_guarded
    def begin_rebuild(self) -> None:
        """Write the rebuild into fresh indices; the alias keeps serving the old ones."""
        self.ensure_indices()
        self._rebuild_targets = {kind: self._new_index(kind) for kind in KINDS}

    @_guarded
    def finish_rebuild(self, *, keep=None) -> None:
        """Swap every alias to its rebuilt index in one atomic call, drop the old ones."""
        targets, self._rebuild_targets = self._rebuild_targets or {}, None
        if not targets:
            return
        self.client.indices.refresh(index=",".join(targets.values()))
        actions, old = [], []
        for kind, new in targets.items():
            alias = self.alias(kind)
            current = list(self.client.indices.get_alias(name=alias).keys())
            old += current
            actions += [{"remove": {"index": i, "alias": alias}} for i in current]
            actions.append({"add": {"index": new, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        if old:
            self.client.indices.delete(index=",".join(old), ignore_unavailable=True)

    @_guarded
    def significant_terms(
        self, *, domain_id: int, start, middle, end, size: int = 10
    ) -> list[TermRise]:
        body = significant_terms_body(
            domain_id=domain_id, start=start, middle=middle, end=end, size=size
        )
        response = self.client.search(index=self.alias("post"), body=body)
        return parse_significant_terms(dict(response))

    @_guarded
    def raw_search(
        self,
        query: ParsedQuery,
        member,
        *,
        kinds: Sequence[str],
        page: int,
        per_page: int,
        sort: str,
        facets: FacetSelection,
        resolved: dict,
    ) -> RawHits:
        self.ensure_indices()
        search = build_search(
            query, member, indices=[self.alias(k) for k in kinds], kinds=kinds, page=page,
            per_page=per_page, sort=sort, facets=facets, resolved=resolved,
        )  # fmt: skip
        response = self.client.search(index=",".join(search._index), body=search.to_dict())
        keys, fragments = [], {}
        for hit in response["hits"]["hits"]:
            key = (hit["_source"]["kind"], int(hit["_source"]["object_id"]))
            keys.append(key)
            highlight = hit.get("highlight") or {}
            for field in ("body", "title"):
                if highlight.get(field):
                    fragments[key] = highlight[field][0]
                    break
        aggregations = dict(response.get("aggregations", {}))
        themes = aggregations.pop("theme", {}).get("buckets", {})
        counts = {
            name: {int(b["key"]): b["doc_count"] for b in agg["buckets"]}
            for name, agg in aggregations.items()
        }
        counts["theme"] = {int(k): b["doc_count"] for k, b in themes.items() if b["doc_count"]}
        if list(kinds) == ["article"]:
            counts = {"year": counts.get("year", {})}
        return RawHits(keys, response["hits"]["total"]["value"], counts, fragments)


def _host(url: str) -> str:
    """The URL without credentials, for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def _reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}"[:200]
