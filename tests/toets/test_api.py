"""The uitvoeringstoets in the JSON API: invited toetsen only, tallies only where the page
shows them, rating through the write function with the same refusals."""

from __future__ import annotations

import pytest

from groups.toets import actions
from groups.toets.models import ArticleRating, Rating
from groups.toets.rating import rate

pytestmark = pytest.mark.django_db


def _put(client, toets, article, **payload):
    return client.put(
        f"/api/toetsen/{toets.pk}/articles/{article.pk}/rating",
        payload,
        content_type="application/json",
    )


def test_list_and_detail_for_an_invited_member(client, toets, invited, outsider):
    client.force_login(outsider)
    assert client.get("/api/toetsen").json() == []
    assert client.get(f"/api/toetsen/{toets.pk}").status_code == 404
    client.force_login(invited[0])
    assert [t["id"] for t in client.get("/api/toetsen").json()] == [toets.pk]
    body = client.get(f"/api/toetsen/{toets.pk}").json()
    assert [a["heading"][:9] for a in body["articles"]] == ["Artikel 1", "Artikel 2", "Artikel 3"]
    assert body["my_ratings"] == [] and body["rated"] == 0


def test_tally_only_after_own_rating(client, toets, invited):
    article = toets.articles.first()
    rate(member=invited[1], article=article, value=Rating.NOT, reason="Kan niet.")
    client.force_login(invited[0])
    assert client.get(f"/api/toetsen/{toets.pk}").json()["articles"][0]["tally"] is None
    response = _put(client, toets, article, value="uitvoerbaar")
    assert response.status_code == 200 and response.json()["value"] == "uitvoerbaar"
    body = client.get(f"/api/toetsen/{toets.pk}").json()
    assert body["articles"][0]["tally"] == {"uitvoerbaar": 1, "risico": 0, "niet": 1, "geen": 0}
    assert body["articles"][1]["tally"] is None
    assert [r["article_id"] for r in body["my_ratings"]] == [article.pk]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"value": "ja"}, 400, "value"),
        ({"value": "niet"}, 400, "reason"),
        ({"value": "risico", "reason": "x" * 2001}, 400, "reason"),
        ({"value": "niet", "reason": "BSN 111222333 ging mis"}, 400, "privacy_check_required"),
        ({"reason": "geen waarde"}, 400, "invalid"),
    ],
)
def test_bad_ratings_over_the_api(client, toets, invited, payload, status, code):
    client.force_login(invited[0])
    response = _put(client, toets, toets.articles.first(), **payload)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not ArticleRating.objects.exists()


def test_rating_a_closed_toets_or_uninvited_over_the_api(client, toets, invited, outsider):
    article = toets.articles.first()
    client.force_login(outsider)
    assert _put(client, toets, article, value="uitvoerbaar").status_code == 404
    actions.close_toets(toets=toets)
    client.force_login(invited[0])
    response = _put(client, toets, article, value="uitvoerbaar")
    assert response.status_code == 400 and "gesloten" in response.json()["detail"]
    assert not ArticleRating.objects.exists()


def test_anonymous_gets_401(client, toets):
    assert client.get("/api/toetsen").status_code == 401


def test_the_schema_describes_the_toets_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/toetsen/{toets_id}/articles/{article_id}/rating" in paths
