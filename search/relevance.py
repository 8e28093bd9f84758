"""The Dutch relevance set: queries and which demo posts they must find, with recall and
precision per query. Used by tests/search/test_relevance.py and bench/bench_relevance.py.

The corpus is the demo discussions' hand-written fragments (groups/demo_texts.py), one post
each, so the judgements do not depend on the demo's random mix. A post is relevant to a
query when its text matches the query's pattern (a regular expression over the folded text,
written by hand: the word forms and compounds a person means by the query)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import analysis

# query, pattern of the relevant posts (folded text: lower case, no accents)
RELEVANCE_SET: list[tuple[str, str]] = [
    # Compounds: a part finds the whole word.
    ("bewind", r"bewind"),
    ("bewindvoerder", r"bewindvoerder"),
    ("schuld", r"schuld"),
    ("schulden", r"schuld"),
    ("schuldeiser", r"schuldeiser"),
    ("eiser", r"eiser"),
    ("voerder", r"voerder"),
    ("sanering", r"sanering"),
    ("krediet", r"krediet"),
    ("subsidie", r"subsidie"),
    ("loonkosten", r"loonkosten"),
    ("kosten", r"kosten"),
    ("wachttijd", r"wachttijd"),
    ("tijd", r"\btijd\b|wachttijd"),
    ("mantelzorger", r"mantelzorger"),
    ("gesprek", r"gesprek"),
    ("keukentafel", r"keukentafel"),
    ("werkvloer", r"werkvloer"),
    ("vloer", r"vloer"),
    ("werkinstructie", r"werkinstructie"),
    ("instructie", r"instructie"),
    ("werkoverleg", r"werkoverleg"),
    ("overleg", r"overleg"),
    ("veiligheidsplan", r"veiligheidsplan"),
    ("plan", r"\bplan|veiligheidsplan"),
    ("kindpakket", r"kindpakket"),
    ("pakket", r"pakket"),
    ("voedselbank", r"voedselbank"),
    ("bank", r"voedselbank|\bbank"),
    ("stabilisatiefase", r"stabilisatiefase"),
    ("fase", r"fase"),
    ("werkdruk", r"werkdruk"),
    ("budgetcoach", r"budgetcoach"),
    ("coach", r"coach"),
    ("bezwaarschriften", r"bezwaarschrift"),
    ("terugvordering", r"terugvordering"),
    ("eindafrekening", r"eindafrekening"),
    ("afrekening", r"afrekening"),
    ("opvoedondersteuning", r"opvoedondersteuning"),
    ("ondersteuning", r"ondersteuning"),
    ("contactpersoon", r"contactpersoon"),
    ("ketenpartners", r"ketenpartner"),
    ("partners", r"partner"),
    # Word forms: plural and singular, verb forms.
    ("ondernemer", r"ondernemer"),
    ("werkgever", r"werkgever"),
    ("signaal", r"signa(a|le)l|signalen"),
    ("achterstand", r"achterstand"),
    ("huisarts", r"huisarts"),
    ("inkomsten", r"inkomsten"),
    ("brieven", r"\bbrieven\b"),
    ("gemeenten", r"\bgemeente"),
    # Operators of the search help.
    ('"eerste gesprek"', r"eerste gesprek"),
    ("schulden -gezin", r"^(?!.*gezin).*schuld"),
    ("voedselbank OF kindpakket", r"voedselbank|kindpakket"),
    ("mantelzorger apart", r"(?=.*mantelzorger)(?=.*apart)"),
    ("wisselende inkomsten", r"(?=.*wisselende)(?=.*inkomsten)"),
]


def corpus_texts() -> list[str]:
    """The fragments the relevance corpus consists of, one post each, in a fixed order."""
    from groups import demo_texts as texts

    fragments: list[str] = []
    for domain in texts.SUBSTANCE.values():
        fragments.extend(domain)
    fragments.extend(texts.GENERIC)
    fragments.extend(texts.OPENINGS)
    fragments.extend(texts.QUESTIONS)
    fragments.extend(texts.REPLIES)
    fragments.extend(c for c in texts.CLOSINGS if c)
    return fragments


def relevant(pattern: str, texts: Iterable[tuple[int, str]]) -> set[int]:
    regex = re.compile(pattern)
    return {pk for pk, text in texts if regex.search(analysis.fold(text))}


@dataclass
class Judgement:
    query: str
    relevant: set[int]
    found: set[int]

    @property
    def recall(self) -> float:
        return len(self.found & self.relevant) / len(self.relevant) if self.relevant else 1.0

    @property
    def precision(self) -> float:
        return len(self.found & self.relevant) / len(self.found) if self.found else 1.0


def judge(backend, member, posts: dict[int, str]) -> list[Judgement]:
    """Runs every query of the set as ``member`` and compares the posts found."""
    from .query import parse

    results = []
    for query, pattern in RELEVANCE_SET:
        result = backend.search(parse(query), member, per_page=100)
        found = {hit.object_id for hit in result.hits if hit.kind == "post"}
        results.append(Judgement(query, relevant(pattern, posts.items()), found))
    return results


def build_corpus(*, title: str = "Casus") -> tuple[dict[int, str], object]:
    """Writes the corpus (one thread per fragment, through the forum's write function) in an
    open group; returns {post id: text} and a bureau member who may search everything."""
    from django.contrib.auth.models import Group

    from community.models import Domain, Member
    from groups import actions
    from groups.models import GroupMembership, GroupRole, ThinkGroup, Visibility

    domain = Domain.objects.order_by("position").first()
    group, _ = ThinkGroup.objects.get_or_create(
        slug="relevantieset",
        defaults={"name": "Relevantieset", "domain": domain, "visibility": Visibility.OPEN},
    )
    author, _ = Member.objects.get_or_create(
        email="relevantie@example.nl", defaults={"display_name": "Relevantie Auteur"}
    )
    GroupMembership.objects.get_or_create(group=group, member=author, role=GroupRole.MEMBER)
    bureau, _ = Member.objects.get_or_create(
        email="relevantie-bureau@example.nl", defaults={"display_name": "Relevantie Bureau"}
    )
    bureau.groups.add(*Group.objects.filter(name="Bureau"))
    posts: dict[int, str] = {}
    for number, text in enumerate(corpus_texts(), start=1):
        thread = actions.start_thread(
            member=author, group=group, title=f"{title} {number}", body=text
        )
        posts[thread.posts.get(number=1).pk] = text
    return posts, bureau
