"""Two quick clicks at the same moment store one rating and count it once (PostgreSQL)."""

import threading

import pytest
from django.conf import settings
from django.db import close_old_connections

from groups.toets.models import ArticleRating, Rating
from groups.toets.rating import rate

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_simultaneous_clicks_store_one_rating_and_one_count(toets, invited):
    article = toets.articles.first()
    clicks = 4
    barrier = threading.Barrier(clicks)
    errors = []

    def click(value):
        try:
            barrier.wait()
            rate(member=invited[0], article=article, value=value, reason="Snel geklikt.")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()

    values = [Rating.RISK, Rating.NOT, Rating.RISK, Rating.NOT]
    threads = [threading.Thread(target=click, args=(v,)) for v in values]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ArticleRating.objects.filter(article=article).count() == 1
    article.refresh_from_db()
    assert article.rated == 1
    assert article.tallies()[ArticleRating.objects.get().value] == 1
