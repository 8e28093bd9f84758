"""The uitvoeringstoets in the JSON API (mounted at /api/toetsen): the toetsen a member may
open, their articles with tallies only where the page shows them, the caller's own ratings,
and rating through the same write function as the form."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema

from groups.api import ERRORS, WRITE_AUTH, WRITE_ERRORS, _require_member, _viewer
from groups.visibility import is_bureau

from . import rating as rating_actions
from .models import Article, ArticleRating, Toets
from .views import tally_visible

router = Router(tags=["toetsen"])


class ToetsSummaryOut(Schema):
    id: int
    title: str
    commissioner: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    answers_published: bool
    url: str


class TallyOut(Schema):
    uitvoerbaar: int
    risico: int
    niet: int
    geen: int


class AnswerOut(Schema):
    outcome: str = Field(description="overgenomen, deels or niet")
    text: str


class ArticleOut(Schema):
    id: int
    position: int
    heading: str
    text: str
    explanation: str
    tally: TallyOut | None = Field(
        None, description="Only where the page would show it (after your own rating)."
    )
    answer: AnswerOut | None = None


class RatingOut(Schema):
    article_id: int
    value: str
    reason: str
    helps: str
    quote_consent: bool
    updated_at: datetime


class ToetsOut(ToetsSummaryOut):
    introduction: str
    show_tallies_early: bool
    rated: int = Field(description="Articles you rated.")
    articles: list[ArticleOut]
    my_ratings: list[RatingOut]


class RateIn(Schema):
    value: str = Field(..., description="uitvoerbaar, risico, niet or geen", max_length=40)
    reason: str = Field("", max_length=10000)
    helps: str = Field("", max_length=10000)
    quote_consent: bool = False
    confirm_privacy: bool = False


def _summary(toets: Toets) -> dict:
    return {
        "id": toets.pk,
        "title": toets.title,
        "commissioner": toets.commissioner,
        "opens_at": toets.opens_at,
        "closes_at": toets.closes_at,
        "is_open": toets.is_open(),
        "answers_published": toets.answers_published_at is not None,
        "url": toets.get_absolute_url(),
    }


def _toets(viewer, toets_id: int) -> Toets:
    toets = Toets.objects.visible_to(viewer).filter(pk=toets_id).first()
    if toets is None:
        raise Http404
    return toets


def _rating_out(r: ArticleRating) -> RatingOut:
    return RatingOut(
        article_id=r.article_id,
        value=r.value,
        reason=r.reason,
        helps=r.helps,
        quote_consent=r.quote_consent,
        updated_at=r.updated_at,
    )


def _article_out(toets: Toets, article: Article, rated: bool, bureau: bool) -> ArticleOut:
    shows = tally_visible(toets, rated, bureau)
    answer = None
    if article.answer_outcome and (toets.answers_published_at or bureau):
        answer = AnswerOut(outcome=article.answer_outcome, text=article.answer_text)
    return ArticleOut(
        id=article.pk,
        position=article.position,
        heading=article.heading,
        text=article.text,
        explanation=article.explanation,
        tally=TallyOut(**{str(k): v for k, v in article.tallies().items()}) if shows else None,
        answer=answer,
    )


@router.get("", response={200: list[ToetsSummaryOut], **ERRORS})
def list_toetsen(request):
    """The toetsen you are invited to (the bureau: all)."""
    viewer = _viewer(request)
    _require_member(viewer)
    return [ToetsSummaryOut(**_summary(t)) for t in Toets.objects.visible_to(viewer)[:200]]


@router.get("/{toets_id}", response={200: ToetsOut, **ERRORS})
def read_toets(request, toets_id: int):
    """A toets with its articles and your own ratings."""
    viewer = _viewer(request)
    _require_member(viewer)
    toets = _toets(viewer, toets_id)
    mine = list(ArticleRating.objects.filter(toets=toets, member=viewer).order_by("article_id"))
    rated = {r.article_id for r in mine}
    bureau = is_bureau(viewer)
    return ToetsOut(
        **_summary(toets),
        introduction=toets.introduction,
        show_tallies_early=toets.show_tallies_early,
        rated=len(rated),
        articles=[_article_out(toets, a, a.pk in rated, bureau) for a in toets.articles.all()],
        my_ratings=[_rating_out(r) for r in mine],
    )


@router.put(
    "/{toets_id}/articles/{article_id}/rating",
    response={200: RatingOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
)
def rate_article(request, toets_id: int, article_id: int, payload: RateIn):
    """Give or change your rating of one article (a reason is required for risico and niet;
    ``confirm_privacy`` after the privacy guard's ``privacy_check_required`` answer)."""
    viewer = _viewer(request)
    _require_member(viewer)
    toets = _toets(viewer, toets_id)
    article = Article.objects.select_related("toets").filter(pk=article_id, toets=toets).first()
    if article is None:
        raise Http404
    rating, _created = rating_actions.rate(
        member=viewer,
        article=article,
        value=payload.value,
        reason=payload.reason,
        helps=payload.helps,
        quote_consent=payload.quote_consent,
        confirm_privacy=payload.confirm_privacy,
    )
    return _rating_out(rating)
