"""The toets report: figures against the data, "minder dan 3", consent for quotes (anonymised
by the worker's job), and the HTML, PDF and CSV renderings with the token link."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from groups.toets import actions, jobs
from groups.toets.models import ArticleRating, Rating
from groups.toets.rating import rate
from groups.toets.report import build, csv_rows
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(kring, invited):
    people = [
        factories.MemberFactory(organisation=org, job_title=role)
        for org, role in [
            ("Gemeente Ede", "klantmanager"),
            ("UWV", "klantmanager"),
            ("Kredietbank Tiel", "schuldhulpverlener"),
            ("Gemeente Zeist", "klantmanager"),
            ("Gemeente Zeist", "klantmanager"),
            ("Gemeente Zeist", "klantmanager"),
        ]
    ]
    for person in people:
        factories.add_to_group(person, kring)
    return invited + people


def test_report_figures_match_the_ratings(toets, crowd):
    rng = random.Random(7)
    articles = list(toets.articles.all())
    for person in crowd:
        for article in articles:
            value = rng.choice(Rating.values)
            rate(member=person, article=article, value=value, reason="Omdat het zo is.")
    data = build(toets)
    assert data.participants.value == len(crowd)
    for result in data.articles:
        for value, _label, shown, share in result.counts:
            expected = ArticleRating.objects.filter(article=result.article, value=value).count()
            assert shown.value == expected
            assert share == round(100 * expected / len(crowd))
        result.article.refresh_from_db()
        assert result.article.tallies() == {
            v: ArticleRating.objects.filter(article=result.article, value=v).count()
            for v in Rating.values
        }


def test_groups_below_three_people_show_less_than_three(client, toets, crowd, bureau):
    article = toets.articles.first()
    for person in crowd:
        rate(member=person, article=article, value=Rating.OK)
    data = build(toets)
    by_org = dict((row.name, row) for row in data.breakdowns[2][1])
    assert by_org["gemeente"].people.shown == "8"
    assert by_org["UWV"].people.hidden and by_org["UWV"].people.shown == "minder dan 3"
    client.force_login(bureau)
    page = client.get(reverse("groups:toets:report", kwargs={"pk": toets.pk})).content.decode()
    assert "minder dan 3" in page
    # One hidden rating count out of a shown total would be deducible: none is printed as 1 or 2.
    rate(member=crowd[0], article=article, value=Rating.NOT, reason="Kan niet.")
    counts = {v: c for v, _l, c, _s in build(toets).articles[0].counts}
    assert counts[Rating.NOT].hidden and counts[Rating.NOT].shown == "minder dan 3"


def test_only_consenting_members_are_quoted_and_anonymised(toets, invited, bureau):
    from core.anonymise import is_built

    if not is_built():
        pytest.skip("deduce's structures are not built (make venv builds them)")
    article = toets.articles.first()
    rate(
        member=invited[0], article=article, value=Rating.NOT, quote_consent=True,
        reason="Jan Jansen uit Tiel moet binnen vijf werkdagen beslissen, dat lukt nooit.",
    )  # fmt: skip
    rate(
        member=invited[1], article=article, value=Rating.NOT, quote_consent=False,
        reason="Geheime zin die niet in het rapport mag: vijf werkdagen is te kort.",
    )  # fmt: skip
    assert jobs.prepare_quotes() == 2
    quotes = [q for _h, group in build(toets).articles[0].quote_groups for q in group]
    assert len(quotes) == 1
    assert "Jan Jansen" not in quotes[0] and "[naam]" in quotes[0]
    # A changed reason loses its old quote until the worker anonymised the new one.
    rate(member=invited[0], article=article, value=Rating.NOT, quote_consent=True, reason="Anders.")
    assert build(toets).articles[0].quote_groups == []


def test_report_waits_for_closing_for_members_but_not_the_bureau(client, toets, invited, bureau):
    url = reverse("groups:toets:report", kwargs={"pk": toets.pk})
    client.force_login(invited[0])
    assert client.get(url).status_code == 403
    client.force_login(bureau)
    assert client.get(url).status_code == 200
    actions.close_toets(toets=toets)
    client.force_login(invited[0])
    assert client.get(url).status_code == 200


def test_csv_and_pdf(client, toets, crowd, bureau):
    for person in crowd:
        rate(member=person, article=toets.articles.first(), value=Rating.RISK, reason="Risico.")
    client.force_login(bureau)
    csv = client.get(reverse("groups:toets:report_csv", kwargs={"pk": toets.pk}))
    text = csv.content.decode("utf-8-sig")
    assert "Artikel 1 Begrippen;uitvoerbaar met risico’s;10;100" in text
    rows = csv_rows(build(toets))
    assert rows[3] == ["Deelnemers", "10"]
    pdf = client.get(reverse("groups:toets:report_pdf", kwargs={"pk": toets.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_token_link_opens_the_report_until_revoked(client, toets, bureau, crowd):
    link, token = actions.create_link(actor=bureau, toets=toets, label="Gemeente Tiel")
    url = reverse("groups:toets:shared", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert "Beleidsregel kostendelersnorm" in response.content.decode()
    assert "Besloten Kring Tiel" not in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert (
        client.get(reverse("groups:toets:shared_csv", kwargs={"token": token})).status_code == 200
    )
    actions.revoke_link(actor=bureau, link=link)
    assert client.get(url).status_code == 404
    assert client.get(reverse("groups:toets:shared", kwargs={"token": "x" * 43})).status_code == 404


def test_the_answer_shows_beside_the_result_once_published(client, toets, invited, bureau):
    article = toets.articles.first()
    rate(member=invited[0], article=article, value=Rating.NOT, reason="Onhaalbaar.")
    actions.close_toets(toets=toets)
    actions.record_answer(
        actor=bureau, article=article, outcome="overgenomen", text="Termijn wordt tien dagen."
    )
    client.force_login(invited[0])
    assert "Termijn wordt tien dagen." not in client.get(toets.get_absolute_url()).content.decode()
    actions.publish_answers(actor=bureau, toets=toets)
    page = client.get(toets.get_absolute_url()).content.decode()
    assert "Antwoord van Gemeente Tiel" in page and "Termijn wordt tien dagen." in page
