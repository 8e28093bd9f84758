"""Elasticsearch documents (elasticsearch.dsl) for posts, threads and news articles, with
the Dutch analysis chain: ASCII folding, compound splitting from the shipped word list,
stop words, the Dutch stemmer and, at search time, the bureau's synonym list."""

from __future__ import annotations

import copy

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Long,
    Text,
    analyzer,
    token_filter,
)

from . import analysis
from .types import IndexItem

# The seed list; the live list comes from the SynonymGroup model when an index is created.
DEFAULT_SYNONYMS = ["pw, participatiewet", "wmo, wet maatschappelijke ondersteuning"]

nl_stop = token_filter("nl_stop", "stop", stopwords="_dutch_")
nl_stemmer = token_filter("nl_stemmer", "stemmer", language="dutch")
nl_decompound = token_filter(
    "nl_decompound",
    "dictionary_decompounder",
    word_list=sorted(analysis.compound_parts_list()),
    min_subword_size=3,
    only_longest_match=True,
)
nl_synonyms = token_filter("nl_synonyms", "synonym_graph", synonyms=DEFAULT_SYNONYMS, lenient=True)

# Index time: compounds emit their parts beside the whole word, then stop words and stems.
dutch_index = analyzer(
    "dutch_index",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", nl_decompound, nl_stop, nl_stemmer],
)
# Search time: a synonym graph (multi-word names as phrases) instead of decompounding.
dutch_search = analyzer(
    "dutch_search",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", nl_synonyms, nl_stop, nl_stemmer],
)

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}


def _text(**kwargs) -> Text:
    return Text(analyzer=dutch_index, search_analyzer=dutch_search, **kwargs)


class _SearchableDocument(Document):
    kind = Keyword()
    object_id = Long()
    title = _text()
    body = _text()
    created_at = Date()
    year = Integer()
    group_id = Long()
    domain_id = Long()
    thread_id = Long()
    number = Integer()
    author_id = Long()
    author_name = Text(fields={"raw": Keyword()})
    is_hidden = Boolean()
    is_held = Boolean()
    thread_hidden = Boolean()
    tags = Keyword()

    @classmethod
    def prepare(cls, item: IndexItem) -> dict:
        """The document source for an index item."""
        return {
            "kind": str(item.kind),
            "object_id": item.object_id,
            "title": item.title if item.kind != "post" else "",
            "body": item.body,
            "created_at": item.created_at.isoformat(),
            "year": item.created_at.year,
            "group_id": item.group_id,
            "domain_id": item.domain_id,
            "thread_id": item.thread_id,
            "number": item.number,
            "author_id": item.author_id,
            "author_name": item.author_name,
            "is_hidden": item.is_hidden,
            "is_held": item.is_held,
            "thread_hidden": item.thread_hidden,
            "tags": item.tags,
        }


class PostDocument(_SearchableDocument):
    class Index:
        name = "samendenk-posts"
        settings = INDEX_SETTINGS


class ThreadDocument(_SearchableDocument):
    class Index:
        name = "samendenk-threads"
        settings = INDEX_SETTINGS


class ArticleDocument(_SearchableDocument):
    class Index:
        name = "samendenk-articles"
        settings = INDEX_SETTINGS


DOCUMENTS = {"post": PostDocument, "thread": ThreadDocument, "article": ArticleDocument}


def index_body(kind: str, synonyms: list[str] | None = None) -> dict:
    """Settings and mappings for a new index of `kind`, with the given synonym rules."""
    body = copy.deepcopy(DOCUMENTS[kind]._index.to_dict())
    if synonyms is not None:
        body["settings"]["analysis"]["filter"]["nl_synonyms"]["synonyms"] = synonyms or [
            "samendenk, samendenk"
        ]
    return body


def synonym_rules() -> list[str]:
    """The bureau's synonym list as Elasticsearch rules ("pw, participatiewet")."""
    from .models import SynonymGroup

    rules = []
    for group in SynonymGroup.objects.all():
        terms = [" ".join(analysis.words(t)) for t in group.term_list()]
        terms = [t for t in terms if t]
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return rules
