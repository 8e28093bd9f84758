"""The JSON API: same visibility as the pages, session (with CSRF) or token, JSON errors."""

import pytest
from django.test import Client

from community import tokens
from community.models import AccessToken
from groups.models import Post, Thread
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_thread(private_group, moderator):
    return factories.make_thread(group=private_group, author=moderator, title="Vertrouwelijk")


@pytest.fixture
def token(author):
    _token, secret = tokens.create_access_token(member=author, name="Mijn script")
    return secret


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_openapi_schema_is_served(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/threads/{thread_id}/posts" in schema["paths"]
    assert "post" in schema["paths"]["/api/groups/{slug}/threads"]


def test_anonymous_sees_public_groups_without_figures(
    client, open_group, closed_group, private_group
):
    data = client.get("/api/groups").json()
    assert {g["slug"] for g in data} == {open_group.slug, closed_group.slug}
    assert all(g["member_count"] is None for g in data)
    assert client.get(f"/api/groups/{private_group.slug}").status_code == 404


def test_anonymous_cannot_read_threads(client, thread):
    response = client.get(f"/api/threads/{thread.pk}")
    assert response.status_code == 401
    assert response.json()["detail"] == "Log in of gebruik een toegangssleutel."


def test_private_group_is_404_for_outsiders_and_readable_for_bureau(
    client, member, bureau, private_group, private_thread
):
    client.force_login(member)
    assert client.get(f"/api/groups/{private_group.slug}/threads").status_code == 404
    assert client.get(f"/api/threads/{private_thread.pk}").status_code == 404
    assert client.get(f"/api/threads/{private_thread.pk}/posts").status_code == 404
    post = private_thread.posts.get()
    assert client.get(f"/api/posts/{post.pk}").status_code == 404
    client.force_login(bureau)
    assert client.get(f"/api/threads/{private_thread.pk}/posts").json()[0]["number"] == 1


def test_closed_group_titles_but_not_posts_for_non_members(client, member, closed_group, moderator):
    closed_thread = factories.make_thread(group=closed_group, author=moderator, title="Besloten")
    client.force_login(member)
    titles = client.get(f"/api/groups/{closed_group.slug}/threads").json()
    assert [t["title"] for t in titles] == ["Besloten"]
    response = client.get(f"/api/threads/{closed_thread.pk}/posts")
    assert response.status_code == 403 and "detail" in response.json()


def test_token_reads_and_replies_with_the_members_permissions(thread, token):
    api = Client()
    posts = api.get(f"/api/threads/{thread.pk}/posts", **bearer(token)).json()
    assert posts[0]["body"] == "Wie herkent dit?"
    response = api.post(
        f"/api/threads/{thread.pk}/posts",
        {"body": "Via de API"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 201 and response.json()["number"] == 2
    assert Post.objects.filter(thread=thread, number=2, body="Via de API").exists()
    assert (
        api.get(f"/api/threads/{thread.pk}/posts?after=1", **bearer(token)).json()[0]["number"] == 2
    )


def test_start_thread_through_the_api(open_group, token):
    response = Client().post(
        f"/api/groups/{open_group.slug}/threads",
        {"title": "Vraag via de API", "body": "Tekst"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 201
    assert Thread.objects.get(pk=response.json()["id"]).title == "Vraag via de API"


def test_revoked_or_unknown_token_is_401(author, thread, token):
    tokens.revoke_access_token(member=author, token=AccessToken.objects.get())
    for secret in [token, "sd_wrong", "x" * 500]:
        response = Client().get(f"/api/threads/{thread.pk}", **bearer(secret))
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorised"


def test_only_a_hash_of_the_token_is_stored(token):
    stored = AccessToken.objects.get()
    assert token not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64


def test_session_writes_need_csrf(author, thread):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(author)
    response = browser.post(
        f"/api/threads/{thread.pk}/posts", {"body": "Zonder CSRF"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert thread.posts.count() == 1


def test_anonymous_cannot_write(client, thread):
    response = client.post(
        f"/api/threads/{thread.pk}/posts", {"body": "Hallo"}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ("{niet json", 400, "geen geldige JSON"),
        ({"body": ""}, 400, "Schrijf eerst een bericht"),
        ({"tekst": "verkeerd veld"}, 400, "body"),
        ({"body": ["lijst"]}, 400, "body"),
        ({"body": "x" * 20001}, 400, "hoogstens 20.000"),
        ({"body": "ok", "quoted_post_id": 999999}, 400, "geciteerde"),
    ],
)
def test_bad_input_gets_json_error_and_stores_nothing(
    client, author, thread, payload, status, fragment
):
    client.force_login(author)
    response = client.post(
        f"/api/threads/{thread.pk}/posts", payload, content_type="application/json"
    )
    assert response.status_code == status
    assert fragment in response.json()["detail"]
    assert thread.posts.count() == 1


def test_non_member_reply_is_403(client, member, thread):
    client.force_login(member)
    response = client.post(
        f"/api/threads/{thread.pk}/posts", {"body": "Hallo"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Word lid van deze groep om mee te praten."


def test_rate_limit_is_429(client, settings, author, thread):
    settings.FORUM_RATE_LIMITS_ENABLED = True
    settings.FORUM_POST_BURST = 1
    client.force_login(author)
    response = client.post(
        f"/api/threads/{thread.pk}/posts", {"body": "Snel"}, content_type="application/json"
    )
    assert response.status_code == 429 and "Wacht" in response.json()["detail"]


def test_unknown_ids_are_404_json(client, author):
    client.force_login(author)
    for url in ["/api/threads/999999", "/api/posts/999999", "/api/groups/bestaat-niet"]:
        response = client.get(url)
        assert response.status_code == 404 and response.json()["detail"] == "Niet gevonden."


def test_bad_paging_is_400(client, author, open_group):
    client.force_login(author)
    assert client.get("/api/groups?limit=100000").status_code == 400
    assert client.get("/api/groups?offset=-3").status_code == 400
