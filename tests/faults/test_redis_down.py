"""Redis killed during requests: pages, sessions and posts go on; nothing stale comes back."""

from __future__ import annotations

import logging
import time

import pytest
from django.test import Client
from django.utils import timezone

from groups.models import Post
from tests import factories as f

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def wait_until_probed():
    """The cache tries Redis again after its probe interval (0.1 s in these tests)."""
    time.sleep(0.25)


def test_pages_are_served_uncached_while_redis_is_down_and_cached_again_after(redis_cache, client):
    article = f.make_article(title="Blijft bereikbaar")
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    redis_cache.kill()
    for url in (article.url, "/", "/nieuws/", "/api/groups"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Page-Cache") != "hit"
    redis_cache.start()
    wait_until_probed()
    client.get(article.url)
    response = client.get(article.url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_a_member_stays_logged_in_and_posts_while_redis_is_down(redis_cache, writer):
    member, thread, client = writer.member, writer.thread, writer.client
    assert client.get(thread.get_absolute_url()).status_code == 200  # session now cached
    redis_cache.kill()
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200 and member.display_name in page.content.decode()
    response = client.post(f"/denkgroepen/onderwerp/{thread.pk}/reageren/", {"body": "Toch"})
    assert response.status_code == 302
    api = client.post(
        f"/api/threads/{thread.pk}/posts", {"body": "Ook via de API"},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 201
    assert list(Post.objects.filter(thread=thread).values_list("body", flat=True)) == [
        "Wie herkent dit?",
        "Toch",
        "Ook via de API",
    ]


def test_a_page_changed_during_the_outage_is_not_served_stale_afterwards(redis_cache, client):
    """A Redis that keeps its data (persistence) comes back with the old page-cache
    generation: the bump that failed during the outage is made good on recovery."""
    group = f.ThinkGroupFactory(name="Stille groep")
    assert "Stille groep" not in client.get("/").content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"
    redis_cache.save()
    redis_cache.kill()
    group.last_activity_at = timezone.now()
    group.save()  # its page-cache bump cannot reach Redis
    assert "Stille groep" in client.get("/").content.decode()
    redis_cache.start()  # with the saved data: the old generation and the old home page
    wait_until_probed()
    assert "Stille groep" in client.get("/").content.decode()


def test_a_log_out_during_the_outage_holds_after_redis_returns(redis_cache):
    member = f.MemberFactory()
    client = Client()
    client.force_login(member)
    assert client.get("/denkgroepen/meldingen/").status_code == 200  # session in Redis
    cookie = client.cookies["sessionid"].value
    redis_cache.save()
    redis_cache.kill()
    client.post("/account/logout/")
    redis_cache.start()  # still holds the cached copy of the ended session
    wait_until_probed()
    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert replay.get("/denkgroepen/meldingen/").status_code == 302  # to the log-in page


def test_the_outage_is_logged_once_and_its_end_once(redis_cache, client, caplog):
    caplog.set_level(logging.WARNING, logger="samendenk.outage")
    redis_cache.kill()
    for _ in range(5):
        assert client.get("/").status_code == 200
        wait_until_probed()
    redis_cache.start()
    wait_until_probed()
    assert client.get("/").status_code == 200
    messages = [r.getMessage() for r in caplog.records if r.name == "samendenk.outage"]
    assert len(messages) == 2, messages
    assert "unavailable" in messages[0] and "Connection refused" in messages[0]
    assert "available again" in messages[1]


def test_login_rate_limit_keeps_counting_in_the_process_while_redis_is_down(redis_cache, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    f.MemberFactory(email="lid@example.nl")
    redis_cache.kill()
    client = Client()
    refusals = []
    for _ in range(5):
        response = client.post("/account/login/", {"login": "lid@example.nl", "password": "fout"})
        assert response.status_code == 200
        codes = {e.code for e in response.context["form"].non_field_errors().as_data()}
        refusals.append("too_many_login_attempts" in codes)
    assert refusals == [False, False, False, True, True]
