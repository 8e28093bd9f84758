"""The full-page cache for anonymous visitors and everything that invalidates it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests import factories as f
from website.actions import sign_up_for_event
from website.models import Tag

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_second_anonymous_request_is_served_from_the_cache(client, django_assert_max_num_queries):
    article = f.make_article(title="Gecachet")
    assert get(client, article.url)["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        response = get(client, article.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Gecachet" in response.content.decode()


def test_logged_in_members_never_get_or_fill_the_cache(client, member):
    article = f.make_article(title="Voor iedereen")
    client.force_login(member)
    response = get(client, article.url)
    assert "X-Page-Cache" not in response
    assert get(client, article.url).get("X-Page-Cache") is None
    client.logout()
    assert get(client, article.url)["X-Page-Cache"] == "miss"


def test_publishing_a_new_article_shows_at_once_on_the_cached_list(client):
    f.make_article(title="Oud bericht")
    get(client, "/nieuws/")
    assert get(client, "/nieuws/")["X-Page-Cache"] == "hit"
    f.make_article(title="Vers bericht")
    response = get(client, "/nieuws/")
    assert "Vers bericht" in response.content.decode()


def test_unpublishing_and_deleting_invalidate(client):
    article = f.make_article(title="Verdwijnt")
    get(client, "/nieuws/")
    article.unpublish()
    assert "Verdwijnt" not in get(client, "/nieuws/").content.decode()
    other = f.make_article(title="Wordt verwijderd")
    assert "Wordt verwijderd" in get(client, "/nieuws/").content.decode()
    other.delete()
    assert "Wordt verwijderd" not in get(client, "/nieuws/").content.decode()


def test_editing_a_tag_snippet_invalidates_article_pages(client):
    article = f.make_article(title="Met tag", tags=["Tozo"])
    get(client, article.url)
    tag = Tag.objects.get(name="Tozo")
    tag.name = "Tozo-regeling"
    tag.save()
    assert "Tozo-regeling" in get(client, article.url).content.decode()


def test_event_signup_updates_places_left_for_anonymous_visitors(client, member):
    event = f.make_event(capacity=5)
    assert "nog 5 plaatsen vrij" in get(client, event.url).content.decode()
    sign_up_for_event(event, member)
    assert "nog 4 plaatsen vrij" in get(client, event.url).content.decode()


def test_think_group_activity_refreshes_the_home_page(client):
    group = f.ThinkGroupFactory(name="Stille groep")
    assert "Stille groep" not in get(client, "/").content.decode()
    group.last_activity_at = timezone.now()
    group.save()
    assert "Stille groep" in get(client, "/").content.decode()


def test_moving_a_page_invalidates(client):
    from website.models import StandardPage

    parent = StandardPage(title="Over SAM", slug="over-sam")
    f.home_page().add_child(instance=parent)
    f.publish(parent)
    child = StandardPage(title="Beroepscode", slug="beroepscode")
    f.home_page().add_child(instance=child)
    f.publish(child)
    assert get(client, "/beroepscode/")
    child.move(parent, pos="last-child")
    # Wagtail redirects the old address; the cached page at it is gone.
    assert client.get("/beroepscode/").status_code == 301
    assert get(client, "/over-sam/beroepscode/")


def test_a_pending_message_bypasses_the_cache(client, member):
    event = f.make_event(capacity=3)
    get(client, event.url)
    client.force_login(member)
    client.post(event.url + "aanmelden/")
    client.logout()
    # A cookie with a message: the page is rendered afresh, not served from the cache.
    client.cookies["messages"] = "x"
    assert client.get(event.url).get("X-Page-Cache") != "hit"


def test_group_made_private_vanishes_from_cached_article_callouts(client, member):
    from groups.models import Visibility

    group = f.ThinkGroupFactory(name="Tozo en zelfstandigen", visibility=Visibility.OPEN)
    article = f.make_article(body=[("think_group", {"group": group, "text": ""})])
    assert "Tozo en zelfstandigen" in get(client, article.url).content.decode()
    client.force_login(member)
    assert "Tozo en zelfstandigen" in get(client, article.url).content.decode()
    group.visibility = Visibility.PRIVATE
    group.save()
    assert "Tozo en zelfstandigen" not in get(client, article.url).content.decode()
    client.logout()
    assert "Tozo en zelfstandigen" not in get(client, article.url).content.decode()


def test_logged_in_members_share_the_article_fragment(
    client, member, django_assert_max_num_queries
):
    article = f.make_article(title="Gedeeld fragment", tags=["Tozo"], authors=[f.make_author()])
    client.force_login(member)
    get(client, article.url)
    # Session, member, site, route (3), view restrictions (2): no article queries.
    with django_assert_max_num_queries(9):
        response = get(client, article.url)
    assert "Gedeeld fragment" in response.content.decode()
    assert "Marieke de Wit" in response.content.decode()


def test_adding_a_login_restriction_takes_effect_at_once(client):
    from wagtail.models import PageViewRestriction

    from website.models import StandardPage

    page = StandardPage(title="Alleen voor leden", slug="alleen-voor-leden")
    f.home_page().add_child(instance=page)
    f.publish(page)
    assert get(client, "/alleen-voor-leden/")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/alleen-voor-leden/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_renamed_slug_moves_the_page_at_once(client):
    article = f.make_article(title="Oude naam")
    old_url = article.url
    get(client, old_url)
    article.slug = "nieuwe-naam"
    f.publish(article)
    assert client.get(old_url).status_code in (301, 404)
    assert "Oude naam" in get(client, "/nieuws/nieuwe-naam/").content.decode()
