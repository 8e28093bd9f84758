"""The report of an uitvoeringstoets, computed from the ratings when it is shown: per article
the counts and shares (small counts hidden), the anonymised quotes of those who consented,
grouped by shared key terms; breakdowns by domain, role and kind of organisation; and a
summary of the articles most often rated "niet uitvoerbaar". A fixed number of queries."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count as DbCount
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.reports.charts import bar_chart
from groups.reports.suppression import THRESHOLD, Count, breakdown, count

from .models import Article, ArticleRating, Rating, Toets

QUOTES_PER_ARTICLE = 12
TERMS_PER_ARTICLE = 4
SUMMARY_ARTICLES = 5

_WORD = re.compile(r"[a-zà-ÿ]{4,}")
STOPWORDS = frozenset(
    {
        "aantal", "alle", "alleen", "andere", "anders", "beter", "bijvoorbeeld", "daar", "daarom",
        "dan", "dat", "deze", "die", "dit", "doen", "door", "echt", "een", "eens", "elke", "geen",
        "hebben", "heeft", "hier", "hierin", "hoe", "hun", "iets", "ieder", "juist", "kan",
        "kunnen", "maar", "meer", "mensen", "moet", "moeten", "niet", "niets", "nodig", "omdat",
        "onze", "ook", "over", "want", "veel", "voor", "vooral", "waar", "wanneer", "wat", "weer",
        "welke", "werd", "wordt", "worden", "zijn", "zonder", "zou", "zouden", "zelf", "zich",
        "artikel", "klant", "klanten", "goed", "wel", "geval", "gevallen", "komt", "komen",
        "maken", "mogelijk", "praktijk",
    }
)  # fmt: skip


@dataclass
class ArticleResult:
    article: Article
    rated: Count
    counts: list[tuple[str, str, Count, int]]  # (value, label, count, share %)
    not_share: int
    terms: list[str]
    quote_groups: list[tuple[str, list[str]]] = field(default_factory=list)

    def chart(self):
        return bar_chart(
            [label for _v, label, _c, _s in self.counts],
            [c for _v, _l, c, _s in self.counts],
            title=_("Ratings of %(heading)s") % {"heading": self.article.heading},
            chart_id=f"article-{self.article.pk}",
        )


@dataclass
class BreakdownRow:
    name: str
    people: Count
    values: list[Count]


@dataclass
class ToetsReport:
    toets: Toets
    participants: Count
    ratings: int
    articles: list[ArticleResult]
    summary: list[ArticleResult]
    breakdowns: list[tuple[str, list[BreakdownRow]]]
    verdicts: list[tuple[str, Count]]
    generated_at: object = field(default_factory=timezone.now)

    @property
    def rating_labels(self) -> list[str]:
        return [str(label) for _value, label in Rating.choices]


def key_terms(texts: list[str], limit: int = TERMS_PER_ARTICLE) -> list[str]:
    """Words that several reasons share (each reason counts once), most shared first."""
    frequency: Counter = Counter()
    for text in texts:
        frequency.update({w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS})
    return [term for term, n in frequency.most_common(limit * 3) if n >= 2][:limit]


def group_quotes(quotes: list[str], terms: list[str]) -> list[tuple[str, list[str]]]:
    """Each quote under the first key term it contains; the rest under "Overig"."""
    groups: dict[str, list[str]] = defaultdict(list)
    other = _("Other")
    # At most QUOTES_PER_ARTICLE per article, taken from each group in turn.
    for quote in quotes:
        words = set(_WORD.findall(quote.casefold()))
        heading = next((t for t in terms if t in words), other)
        groups[heading].append(quote)
    order = [h for h in [*terms, other] if groups.get(h)]
    kept: dict[str, list[str]] = defaultdict(list)
    round_, left = 0, QUOTES_PER_ARTICLE
    while left and any(round_ < len(groups[h]) for h in order):
        for heading in order:
            if left and round_ < len(groups[heading]):
                kept[heading].append(groups[heading][round_])
                left -= 1
        round_ += 1
    return [(h, kept[h]) for h in order if kept.get(h)]


def _counts(toets: Toets) -> dict[int, dict[str, int]]:
    rows = (
        ArticleRating.objects.filter(toets=toets)
        .values_list("article_id", "value")
        .annotate(n=DbCount("pk"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Rating.values, 0))
    for article_id, value, n in rows:
        result[article_id][value] = n
    return result


def _texts(toets: Toets) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Per article: the anonymised reasons (for key terms) and the quotable ones."""
    anonymised: dict[int, list[str]] = defaultdict(list)
    quotable: dict[int, list[str]] = defaultdict(list)
    rows = (
        ArticleRating.objects.filter(toets=toets)
        .exclude(quote_text="")
        .values_list("article_id", "quote_text", "quote_consent")
        .order_by("article_id", "updated_at", "pk")
    )
    for article_id, text, consent in rows:
        anonymised[article_id].append(text)
        if consent:
            quotable[article_id].append(text)
    return anonymised, quotable


def _article_result(article, raw, anonymised, quotable) -> ArticleResult:
    hidden = breakdown(raw)
    total = sum(raw.values())
    counts = [
        (value, str(label), hidden[value], round(100 * raw[value] / total) if total else 0)
        for value, label in Rating.choices
    ]
    terms = key_terms(anonymised)
    return ArticleResult(
        article=article,
        rated=count(total),
        counts=counts,
        not_share=round(100 * raw[Rating.NOT] / total) if total else 0,
        terms=terms,
        quote_groups=group_quotes(quotable, terms),
    )


def _breakdown(toets: Toets, column: str) -> list[BreakdownRow]:
    people = dict(
        ArticleRating.objects.filter(toets=toets)
        .values_list(column)
        .annotate(n=DbCount("member_id", distinct=True))
        .order_by()
    )
    values: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Rating.values, 0))
    for name, value, n in (
        ArticleRating.objects.filter(toets=toets)
        .values_list(column, "value")
        .annotate(n=DbCount("pk"))
        .order_by()
    ):
        values[name][value] = n
    shown = breakdown(people)
    rows = []
    for name in sorted(people, key=lambda k: (-people[k], k)):
        small = shown[name].hidden
        rows.append(
            BreakdownRow(
                name=name or _("unknown"),
                people=shown[name],
                # Ratings of a group that is too small are hidden with it.
                values=[
                    Count(values[name][v], small or 0 < values[name][v] < THRESHOLD)
                    for v in Rating.values
                ],
            )
        )
    return rows


def build(toets: Toets) -> ToetsReport:
    articles = list(toets.articles.all())
    raw = _counts(toets)
    anonymised, quotable = _texts(toets)
    results = [
        _article_result(
            a,
            raw[a.pk] if a.pk in raw else dict.fromkeys(Rating.values, 0),
            anonymised.get(a.pk, []),
            quotable.get(a.pk, []),
        )
        for a in articles
    ]
    participants = ArticleRating.objects.filter(toets=toets).values("member_id").distinct().count()
    verdicts_raw = dict(toets.verdicts.values_list("value").annotate(n=DbCount("pk")).order_by())
    verdicts = breakdown({v: verdicts_raw.get(v, 0) for v in Rating.values})
    summary = sorted(
        (r for r in results if r.not_share > 0 and not r.counts[2][2].hidden),
        key=lambda r: (-r.not_share, r.article.position),
    )[:SUMMARY_ARTICLES]
    return ToetsReport(
        toets=toets,
        participants=count(participants),
        ratings=sum(sum(v.values()) for v in raw.values()),
        articles=results,
        summary=summary,
        breakdowns=[
            (_("By domain"), _breakdown(toets, "domain")),
            (_("By role"), _breakdown(toets, "role")),
            (_("By kind of organisation"), _breakdown(toets, "organisation_kind")),
        ],
        verdicts=[(str(Rating(v).label), c) for v, c in verdicts.items()],
    )


def csv_rows(data: ToetsReport) -> list[list]:
    """The figures as CSV rows (no quotes: those go out only in the report itself)."""
    t = data.toets
    rows: list[list] = [
        [_("Implementation test"), t.title],
        [_("Commissioning party"), t.commissioner],
        [_("Period"), f"{t.opens_at:%d-%m-%Y}", f"{t.closes_at:%d-%m-%Y}"],
        [_("Participants"), data.participants.shown],
        [],
        [_("Article"), _("Heading"), _("Rating"), _("Count"), _("Share (%)"), _("Answer")],
    ]
    for result in data.articles:
        answer = result.article.get_answer_outcome_display() if t.answers_published_at else ""
        for _value, label, c, share in result.counts:
            rows.append(
                [
                    result.article.position,
                    result.article.heading,
                    label,
                    c.shown,
                    "" if c.hidden else share,
                    answer,
                ]
            )
    for title, breakdown_rows in data.breakdowns:
        rows.append([])
        rows.append([title, _("Participants"), *data.rating_labels])
        for row in breakdown_rows:
            rows.append([row.name, row.people.shown, *[c.shown for c in row.values]])
    return rows
