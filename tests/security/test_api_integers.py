"""Out-of-range and invalid integers in the API's paging and ids answer 400 with a Dutch
JSON message, never 500, anonymous or not (issue 12, item 10)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/groups?offset={HUGE}",
        "/api/groups?offset=-1",
        "/api/groups?limit=0",
        "/api/groups?offset=12abc",
        f"/api/groups/{{slug}}/threads?offset={HUGE}",
        f"/api/threads/{HUGE}",
        f"/api/threads/{{thread}}/posts?after={HUGE}",
        f"/api/threads/{{thread}}/posts?offset={HUGE}&after=2147483648",
        f"/api/posts/{HUGE}",
        "/api/posts/-5",
    ],
)
def test_bad_integers_answer_400_in_dutch(thread, path):
    response = Client().get(path.format(slug=thread.group.slug, thread=thread.pk))
    assert response.status_code in (400, 401), response.content  # 401: posts need a log-in
    body = response.json()
    if response.status_code == 400:
        assert body["code"] == "invalid"
        assert "niet geldig" in body["detail"]


def test_a_members_huge_signal_offset_answers_400_in_dutch(member):
    from community import tokens

    _token, secret = tokens.create_access_token(member=member, name="paging")
    response = Client().get(
        f"/api/signals?offset={HUGE}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 400, response.content
    assert "niet geldig" in response.json()["detail"]
