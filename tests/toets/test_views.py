"""The toets pages: rating by plain forms, the tally rule, bad input, permissions, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groups.toets import actions
from groups.toets.models import ArticleRating, Rating
from groups.toets.rating import rate
from tests import factories

from .conftest import make_toets

pytestmark = pytest.mark.django_db


def _rate_url(toets, article):
    return reverse("groups:toets:rate", kwargs={"pk": toets.pk, "article_pk": article.pk})


def _post(client, toets, article, **fields):
    data = {f"a{article.pk}-{k}": v for k, v in fields.items()}
    return client.post(_rate_url(toets, article), data)


def test_invited_member_sees_articles_and_progress(client, toets, invited):
    client.force_login(invited[0])
    page = client.get(toets.get_absolute_url()).content.decode()
    assert "Artikel 2 Uitzondering voor inwonende studenten" in page
    assert "0 van 3 artikelen beoordeeld" in page
    assert "Kan dit in de praktijk?" in page


def test_rating_by_form_saves_and_shows_the_tally_only_after_rating(client, toets, invited):
    article = toets.articles.get(position=1)
    rate(member=invited[1], article=article, value=Rating.NOT, reason="Te krap.")
    client.force_login(invited[0])
    page = client.get(toets.get_absolute_url()).content.decode()
    assert f'data-tally="{article.pk}" hidden' in page
    response = _post(client, toets, article, value="uitvoerbaar", reason="", helps="")
    assert response.status_code == 302
    page = client.get(toets.get_absolute_url()).content.decode()
    assert f'data-tally="{article.pk}" hidden' not in page
    assert "1 van 3 artikelen beoordeeld" in page
    assert "Je oordeel over Artikel 1 Begrippen is opgeslagen." in page


def test_early_tallies_show_before_rating(client, bureau, kring, invited):
    toets = make_toets(bureau, groups=[kring], show_tallies_early=True)
    client.force_login(invited[0])
    page = client.get(toets.get_absolute_url()).content.decode()
    assert "hidden" not in page.split('data-tally="')[1][:20]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "misschien"}, "Kies een oordeel."),
        ({"value": "niet", "reason": ""}, "een reden verplicht"),
        ({"value": "risico", "reason": "x" * 2001}, "hoogstens 2000 tekens"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_stores_nothing(client, toets, invited, fields, message):
    client.force_login(invited[0])
    article = toets.articles.first()
    response = _post(client, toets, article, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ArticleRating.objects.exists()


def test_an_outsider_gets_404_and_stores_nothing(client, toets, outsider):
    client.force_login(outsider)
    assert client.get(toets.get_absolute_url()).status_code == 404
    response = _post(client, toets, toets.articles.first(), value="uitvoerbaar")
    assert response.status_code == 404
    assert not ArticleRating.objects.exists()


def test_rating_after_closing_by_form_is_refused(client, toets, invited):
    actions.close_toets(toets=toets)
    client.force_login(invited[0])
    response = _post(client, toets, toets.articles.first(), value="uitvoerbaar")
    assert response.status_code == 400
    assert "gesloten" in response.content.decode()
    assert not ArticleRating.objects.exists()


def test_a_bsn_in_the_reason_gets_the_guards_warning_then_confirmation_saves(
    client, toets, invited
):
    client.force_login(invited[0])
    article = toets.articles.first()
    reason = "Mevrouw met BSN 111222333 kreeg te weinig."
    response = _post(client, toets, article, value="niet", reason=reason)
    assert response.status_code == 400
    page = response.content.decode()
    assert "persoonsgegevens van een klant" in page
    assert f'name="a{article.pk}-confirm_privacy" value="True"' in page
    assert not ArticleRating.objects.exists()
    response = _post(client, toets, article, value="niet", reason=reason, confirm_privacy="True")
    assert response.status_code == 302
    assert ArticleRating.objects.get().privacy_findings


def test_hostile_html_in_the_draft_renders_harmless(client, bureau, kring, invited):
    toets = make_toets(
        bureau,
        groups=[kring],
        draft="Artikel 1 <script>alert(1)</script>\n<img src=x onerror=alert(2)> tekst",
    )
    client.force_login(invited[0])
    page = client.get(toets.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_the_toets_page_queries_do_not_grow_with_articles_or_ratings(
    client, bureau, kring, invited, django_assert_max_num_queries
):
    small = make_toets(bureau, groups=[kring], draft="Artikel 1 A\nTekst.")
    many = "\n".join(f"Artikel {n} Kop\nTekst {n}." for n in range(1, 31))
    big = make_toets(bureau, groups=[kring], draft=many)
    for article in big.articles.all()[:10]:
        for person in invited:
            rate(member=person, article=article, value=Rating.OK)
    client.force_login(invited[0])
    client.get(small.get_absolute_url())
    with django_assert_max_num_queries(14) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        assert client.get(big.get_absolute_url()).status_code == 200


def test_members_list_shows_only_their_toetsen(client, toets, outsider, invited):
    client.force_login(outsider)
    assert toets.title not in client.get(reverse("groups:toets:index")).content.decode()
    client.force_login(invited[0])
    assert toets.title in client.get(reverse("groups:toets:index")).content.decode()


def test_the_bureau_opens_a_toets_in_the_admin(client, bureau, kring, invited):
    from groups.toets.models import Toets

    from .conftest import DRAFT

    client.force_login(bureau)
    response = client.post(
        reverse("toets_desk:index"),
        {
            "toets-title": "Beleidsregel kostendelersnorm",
            "toets-commissioner": "Gemeente Tiel",
            "toets-groups": [kring.pk],
            "toets-opens_at": "2026-01-01T09:00",
            "toets-closes_at": "2026-01-31T17:00",
            "draft-draft": DRAFT,
        },
    )
    assert response.status_code == 302
    toets = Toets.objects.get()
    assert toets.articles.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "Artikel 3 Toets binnen vijf werkdagen" in page


def test_the_admin_refuses_a_closing_moment_before_the_opening(client, bureau, kring):
    from groups.toets.models import Toets

    from .conftest import DRAFT

    client.force_login(bureau)
    response = client.post(
        reverse("toets_desk:index"),
        {
            "toets-title": "Beleidsregel kostendelersnorm",
            "toets-commissioner": "Gemeente Tiel",
            "toets-groups": [kring.pk],
            "toets-opens_at": "2026-02-01T09:00",
            "toets-closes_at": "2026-01-01T17:00",
            "draft-draft": DRAFT,
        },
    )
    assert response.status_code == 400
    assert "Het sluitmoment moet na het openingsmoment liggen." in response.content.decode()
    assert not Toets.objects.exists()


def test_a_member_cannot_open_the_desk(client, member):
    client.force_login(member)
    assert client.get(reverse("toets_desk:index")).status_code in (302, 403)


def test_private_group_name_not_on_the_members_page(client, toets, invited):
    factories.MemberFactory()
    client.force_login(invited[0])
    assert "Besloten Kring Tiel" not in client.get(toets.get_absolute_url()).content.decode()


def test_the_bureau_closes_answers_publishes_and_links_in_the_admin(client, toets, invited, bureau):
    from community.models import Notification

    article = toets.articles.first()
    rate(member=invited[0], article=article, value=Rating.NOT, reason="Te krap.")
    url = reverse("toets_desk:toets", kwargs={"pk": toets.pk})
    client.force_login(bureau)
    assert client.post(url, {"verb": "close"}).status_code == 302
    toets.refresh_from_db()
    assert toets.closed_at is not None
    answer = {"verb": "answer", "article": article.pk, f"ans{article.pk}-outcome": "deels"}
    client.post(url, {**answer, f"ans{article.pk}-text": "Deels overgenomen."})
    article.refresh_from_db()
    assert (article.answer_outcome, article.answer_text) == ("deels", "Deels overgenomen.")
    page = client.post(url, {"verb": "publish"}, follow=True).content.decode()
    assert "Het antwoord is gepubliceerd; 1 deelnemers" in page
    assert Notification.objects.filter(recipient=invited[0], text__contains="beantwoord").exists()
    page = client.post(url, {"verb": "link", "label": "Gemeente Tiel"}, follow=True)
    link = page.content.decode().split("data-new-link>")[1].split("<")[0]
    assert client.get(link.replace("http://testserver", "")).status_code == 200
    assert "Onbekende actie." in client.post(url, {"verb": "x"}, follow=True).content.decode()
