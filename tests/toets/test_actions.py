"""The write functions of the uitvoeringstoets: opening, rating and its edges, closing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.models import Notification, NotificationKind
from core.errors import ActionError
from core.privacy import PrivacyCheckRequired
from groups.models import GroupMembership
from groups.toets import actions, jobs
from groups.toets.drafts import split_articles
from groups.toets.models import Article, ArticleRating, Rating, Toets
from groups.toets.rating import give_verdict, rate

from .conftest import make_toets

pytestmark = pytest.mark.django_db


def test_draft_is_split_on_article_headings():
    from .conftest import DRAFT

    articles = split_articles(DRAFT)
    assert [h for h, _t in articles] == [
        "Artikel 1 Begrippen",
        "Artikel 2 Uitzondering voor inwonende studenten",
        "Artikel 3 Toets binnen vijf werkdagen",
    ]
    assert articles[2][1].startswith("Het college beoordeelt")


def test_draft_without_articles_is_split_on_numbered_headings():
    text = "1. Doel\nDe regel wil iets.\n2. Reikwijdte\nVoor iedereen.\n"
    assert [h for h, _t in split_articles(text)] == ["1. Doel", "2. Reikwijdte"]


def test_opening_a_toets_notifies_the_invited_members_only(toets, invited, outsider):
    notified = set(
        Notification.objects.filter(kind=NotificationKind.TOETS).values_list(
            "recipient_id", flat=True
        )
    )
    assert notified == {m.pk for m in invited}
    assert toets.articles.count() == 3


def test_closing_before_opening_is_refused_and_nothing_stored(bureau, kring):
    with pytest.raises(ActionError, match="sluitmoment"):
        make_toets(bureau, groups=[kring], opens=48, closes=1)
    assert not Toets.objects.exists()


def test_a_member_cannot_open_a_toets(member, kring):
    with pytest.raises(PermissionDenied):
        make_toets(member, groups=[kring])


def test_rating_updates_the_cached_tally_and_changing_moves_it(toets, invited):
    article = toets.articles.get(position=1)
    rating, created = rate(member=invited[0], article=article, value=Rating.OK)
    assert created
    rate(member=invited[1], article=article, value=Rating.NOT, reason="Te weinig tijd.")
    article.refresh_from_db()
    assert (article.count_ok, article.count_not) == (1, 1)
    _, created = rate(
        member=invited[0], article=article, value=Rating.RISK, reason="Hangt af van de software."
    )
    assert not created
    article.refresh_from_db()
    assert (article.count_ok, article.count_risk, article.count_not) == (0, 1, 1)


def test_two_quick_clicks_store_one_rating(toets, invited):
    article = toets.articles.get(position=2)
    rate(member=invited[0], article=article, value=Rating.OK)
    rate(member=invited[0], article=article, value=Rating.OK)
    assert ArticleRating.objects.filter(article=article).count() == 1
    article.refresh_from_db()
    assert article.count_ok == 1


@pytest.mark.parametrize(
    ("value", "reason", "message"),
    [
        ("misschien", "", "Kies uitvoerbaar"),
        (Rating.NOT, "", "reden verplicht"),
        (Rating.RISK, "x" * 2001, "hoogstens 2000 tekens"),
    ],
)
def test_bad_ratings_are_refused_and_nothing_stored(toets, invited, value, reason, message):
    article = toets.articles.first()
    with pytest.raises(ActionError, match=message):
        rate(member=invited[0], article=article, value=value, reason=reason)
    assert not ArticleRating.objects.exists()
    article.refresh_from_db()
    assert article.rated == 0


def test_an_outsider_cannot_rate(toets, outsider):
    with pytest.raises(PermissionDenied, match="niet uitgenodigd"):
        rate(member=outsider, article=toets.articles.first(), value=Rating.OK)
    assert not ArticleRating.objects.exists()


def test_rating_after_closing_is_refused(toets, invited):
    article = toets.articles.first()
    rate(member=invited[0], article=article, value=Rating.OK)
    actions.close_toets(toets=toets)
    with pytest.raises(ActionError, match="gesloten"):
        rate(member=invited[0], article=article, value=Rating.NOT, reason="Toch niet.")
    assert ArticleRating.objects.get().value == Rating.OK


def test_a_member_removed_from_the_group_keeps_ratings_but_cannot_change_them(
    toets, invited, kring
):
    article = toets.articles.first()
    rate(member=invited[0], article=article, value=Rating.NOT, reason="Onhaalbaar in vijf dagen.")
    GroupMembership.objects.filter(member=invited[0], group=kring).delete()
    with pytest.raises(PermissionDenied):
        rate(member=invited[0], article=article, value=Rating.OK)
    from groups.toets.report import build

    assert build(toets).articles[0].counts[2][2].value == 1


def test_the_privacy_guard_warns_on_a_bsn_in_the_reason(toets, invited):
    article = toets.articles.first()
    reason = "Bij klant met BSN 111222333 ging het mis."
    with pytest.raises(PrivacyCheckRequired, match="BSN"):
        rate(member=invited[0], article=article, value=Rating.NOT, reason=reason)
    assert not ArticleRating.objects.exists()
    rating, _ = rate(
        member=invited[0], article=article, value=Rating.NOT, reason=reason, confirm_privacy=True
    )
    assert rating.privacy_findings[0]["kind"] == "bsn"


def test_the_worker_closes_the_toets_at_its_closing_moment_and_notifies(toets, invited):
    rate(member=invited[0], article=toets.articles.first(), value=Rating.OK)
    assert jobs.open_and_close() == 0
    Toets.objects.filter(pk=toets.pk).update(closes_at=timezone.now() - datetime.timedelta(1))
    assert jobs.open_and_close() == 1
    toets.refresh_from_db()
    assert toets.closed_at is not None
    closed_notes = Notification.objects.filter(
        kind=NotificationKind.TOETS, text__contains="gesloten"
    )
    assert [n.recipient_id for n in closed_notes] == [invited[0].pk]
    assert jobs.open_and_close() == 0  # closed once


def test_the_worker_announces_a_toets_when_it_opens(bureau, kring, invited):
    toets = make_toets(bureau, groups=[kring], opens=2)
    assert not Notification.objects.filter(kind=NotificationKind.TOETS).exists()
    Toets.objects.filter(pk=toets.pk).update(opens_at=timezone.now())
    jobs.open_and_close()
    assert Notification.objects.filter(kind=NotificationKind.TOETS).count() == len(invited)


def test_publishing_the_answer_notifies_participants(toets, invited, bureau):
    article = toets.articles.first()
    rate(member=invited[1], article=article, value=Rating.OK)
    actions.close_toets(toets=toets)
    with pytest.raises(ActionError):
        actions.publish_answers(actor=bureau, toets=toets)
    actions.record_answer(actor=bureau, article=article, outcome="deels", text="Deels overgenomen.")
    assert actions.publish_answers(actor=bureau, toets=toets) == 1
    assert Notification.objects.filter(recipient=invited[1], text__contains="beantwoord").exists()


def test_articles_cannot_be_replaced_once_rated(toets, invited, bureau):
    actions.replace_articles(actor=bureau, toets=toets, articles=[("Art 1", "Nieuwe tekst", "")])
    assert list(toets.articles.values_list("heading", flat=True)) == ["Art 1"]
    rate(member=invited[0], article=toets.articles.get(), value=Rating.OK)
    with pytest.raises(ActionError, match="niet meer"):
        actions.replace_articles(actor=bureau, toets=toets, articles=[("A", "B", "")])
    assert Article.objects.filter(toets=toets).count() == 1


def test_overall_verdict(toets, invited):
    give_verdict(member=invited[0], toets=toets, value=Rating.RISK, text="Met meer tijd lukt het.")
    give_verdict(member=invited[0], toets=toets, value=Rating.OK)
    assert toets.verdicts.get().value == Rating.OK
