"""Reading published stories: the listing, the feed, search, and a members-only story that no
anonymous visitor sees on any surface (listings, feeds, home page, related articles, search,
sitemap, the page itself)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from search.indexing import drain
from tests import factories
from website.stories.checks import is_bureau

from .conftest import approve, quick_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_stories(writer, bureau):
    public = approve(quick_submitted(writer, title="Zonnebloem in de bijstand").page, bureau)
    members = approve(
        quick_submitted(writer, audience="members", title="Maanlicht achter de voordeur").page,
        bureau,
    )
    return public, members


def _surfaces(client):
    return {
        "news": client.get("/nieuws/").content.decode(),
        "kind": client.get("/nieuws/soort/praktijkverhaal/").content.decode(),
        "feed": client.get("/nieuws/feed/").content.decode(),
        "kind_feed": client.get("/nieuws/soort/praktijkverhaal/feed/").content.decode(),
        "home": client.get("/").content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
    }


def test_an_anonymous_visitor_never_sees_a_members_only_story(client, two_stories):
    public, members = two_stories
    for name, html in _surfaces(client).items():
        assert "Maanlicht" not in html, name
        assert members.slug not in html, name
    assert "Zonnebloem" in _surfaces(client)["kind"]
    response = client.get(members.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_member_reads_a_members_only_story_in_the_listing_and_on_its_page(client, two_stories):
    public, members = two_stories
    client.force_login(factories.MemberFactory())
    listing = client.get("/nieuws/soort/praktijkverhaal/").content.decode()
    assert "Maanlicht" in listing and "Zonnebloem" in listing
    page = client.get(members.url)
    assert page.status_code == 200 and "Maanlicht" in page.content.decode()
    # Feeds have no session and are shared: public stories only, also for members.
    assert "Maanlicht" not in client.get("/nieuws/soort/praktijkverhaal/feed/").content.decode()


def test_the_kind_listing_links_its_feed(client, two_stories):
    html = client.get("/nieuws/soort/praktijkverhaal/").content.decode()
    assert "/nieuws/soort/praktijkverhaal/feed/" in html
    feed = client.get("/nieuws/soort/praktijkverhaal/feed/").content.decode()
    assert "Zonnebloem" in feed and "Praktijkverhaal" in feed


def test_a_related_public_article_does_not_show_a_members_only_story(client, two_stories):
    public, members = two_stories
    article = factories.make_article(title="Over de kostendelersnorm", tags=["Participatiewet"])
    factories.publish(article)
    members_tags = list(members.tags.all())
    article.tags.set(members_tags)
    factories.publish(article)
    client.force_login(factories.MemberFactory())  # the rendering is shared by everyone
    assert "Maanlicht" not in client.get(article.url).content.decode()


def test_search_finds_the_public_story_and_never_the_members_only_one(client, two_stories):
    drain()
    anonymous = client.get(reverse("search:search"), {"q": "Zonnebloem"}).content.decode()
    assert "Zonnebloem in de bijstand" in anonymous
    hidden = client.get(reverse("search:search"), {"q": "Maanlicht"}).content.decode()
    assert "Maanlicht achter de voordeur" not in hidden


def test_withdrawal_removes_the_story_from_listing_feed_and_search(client, writer, two_stories):
    from website.stories import actions
    from website.stories.models import Story

    public, _members = two_stories
    drain()
    actions.withdraw_consent(member=writer, story=Story.objects.get(page=public))
    drain()
    assert "Zonnebloem" not in client.get("/nieuws/soort/praktijkverhaal/").content.decode()
    assert "Zonnebloem" not in client.get("/nieuws/soort/praktijkverhaal/feed/").content.decode()
    found = client.get(reverse("search:search"), {"q": "Zonnebloem"}).content.decode()
    assert "Zonnebloem in de bijstand" not in found


def test_story_listing_queries_do_not_grow(client, writer, bureau, django_assert_max_num_queries):
    for n in range(4):
        approve(quick_submitted(writer, title=f"Verhaal {n}").page, bureau)
    client.get("/nieuws/soort/praktijkverhaal/")
    with django_assert_max_num_queries(12):
        anonymous = client.get("/nieuws/soort/praktijkverhaal/")
    assert anonymous.content.decode().count('class="teaser"') == 4
    client.force_login(writer)
    with django_assert_max_num_queries(20):
        client.get(reverse("stories:mine"))


# --- Workflow permissions ---------------------------------------------------------------------


def test_an_editor_cannot_publish_a_story_and_a_member_cannot_open_the_admin(
    client, writer, editor
):
    story = quick_submitted(writer)
    page = story.page
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(editor).can_edit()
    client.force_login(writer)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code in (302, 403)


def test_the_privacy_panel_shows_findings_to_the_editor(client, writer, editor):
    story = quick_submitted(writer)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.page_id])).content.decode()
    assert "Privacycontrole" in html
    assert "Pieter de Vries" in html and "[naam]" in html
    assert "Niets houdt publicatie tegen." in html


def test_the_override_page_is_for_the_bureau_only(client, writer, editor, bureau):
    story = quick_submitted(writer)
    url = reverse("stories_override", args=[story.pk])
    client.force_login(editor)
    # Wagtail's admin answers a refused permission with a redirect to its dashboard.
    assert client.get(url)["Location"] == "/beheer/"
    client.post(url, {"reason": "Een redacteur probeert het toch."})
    story.refresh_from_db()
    assert story.override_reason == ""
    assert is_bureau(bureau)
    client.force_login(bureau)
    response = client.post(url, {"reason": "kort"})
    assert response.status_code == 400
    response = client.post(url, {"reason": "De plaats is groot genoeg om niemand te herkennen."})
    assert response.status_code == 302
