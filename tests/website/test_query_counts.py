"""SQL queries of the article page and news list: fixed, whatever the number of items."""

from __future__ import annotations

import pytest
from wagtail.rich_text import RichText

from groups.models import Visibility
from tests import factories as f

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Count what a cache miss costs.
    settings.PAGE_CACHE_ENABLED = False


def _article_with(size: int):
    guidance = f.make_guidance(versions=1, title=f"Handreiking {size}")
    group = f.ThinkGroupFactory(visibility=Visibility.OPEN)
    tags = [f"Thema {size}-{n}" for n in range(size)]
    others = [f.make_article(tags=tags[: n + 1]) for n in range(size)]
    authors = [f.make_author(f"Auteur {size}-{n}") for n in range(size)]
    body = []
    for n in range(size):
        body += [
            ("paragraph", RichText(f"<p>Alinea {n}</p>")),
            (
                "interview_turn",
                {"speaker": f"Spreker {n}", "text": "Tekst", "is_interviewer": False},
            ),
            ("pull_quote", {"quote": "Citaat", "attribution": ""}),
            ("guidance_link", {"document": guidance, "label": ""}),
            ("think_group", {"group": group, "text": ""}),
        ]
    return f.make_article(
        title=f"Groot artikel {size}",
        tags=tags,
        authors=authors,
        related=others[:1],
        body=body,
        category=f.make_category(),
    )


@pytest.mark.parametrize("size", [1, 4, 9])
def test_article_page_queries_do_not_grow(client, size, django_assert_max_num_queries):
    article = _article_with(size)
    client.get("/")  # warm Wagtail's site-root cache, as on a running site
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(article.url)
    html = response.content.decode()
    assert html.count('class="author"') == size
    assert html.count('class="related-item"') == min(size, 3)
    assert html.count("interview-turn") == size


@pytest.mark.parametrize("size", [1, 6, 15])
def test_news_list_queries_do_not_grow(client, size, django_assert_max_num_queries):
    category = f.make_category()
    for n in range(size):
        f.make_article(tags=[f"Tag {k}" for k in range(n % 5 + 1)], category=category)
    client.get("/")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/nieuws/")
    assert response.content.decode().count('class="teaser"') == min(size, 10)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get("/nieuws/tag/tag-0/")


def test_home_page_queries_are_bounded(client, django_assert_max_num_queries):
    for n in range(8):
        f.make_article(tags=["Algemeen", f"T{n}"])
    f.make_event()
    client.get("/nieuws/")
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get("/")


def test_logged_in_article_page_queries_are_bounded(client, member, django_assert_max_num_queries):
    article = _article_with(3)
    client.force_login(member)
    client.get("/")
    # Two more than anonymous: the session and the member.
    with django_assert_max_num_queries(MAX_QUERIES + 2):
        client.get(article.url)
