"""The reply box's preview: the post renderer, mentions among readers, the privacy guard's
warning, no images of other sites, and only for who may read the thread."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _preview(client, thread, body):
    return client.post(reverse("groups:reply_preview", args=[thread.pk]), {"body": body})


def test_preview_renders_like_a_post_with_mentions_and_without_remote_images(
    client, author, thread
):
    colleague = factories.MemberFactory(display_name="Chantal Visser")
    factories.add_to_group(colleague, thread.group)
    client.force_login(author)
    data = _preview(
        client,
        thread,
        f"**Vet** en @[Chantal Visser #{colleague.pk}] "
        "![grafiek](https://elders.example/pixel.png)<script>alert(1)</script>",
    ).json()
    assert "<strong>Vet</strong>" in data["html"]
    assert f'href="/leden/{colleague.pk}/"' in data["html"]
    # As in a post: an image of another site is a link, nothing is fetched while typing.
    assert "<img" not in data["html"]
    assert (
        '<a href="https://elders.example/pixel.png"' in data["html"] and "grafiek" in data["html"]
    )
    assert "<script" not in data["html"]
    assert data["warning"] == ""


def test_preview_shows_the_privacy_guards_warning(client, author, thread):
    client.force_login(author)
    data = _preview(client, thread, "Cliënt met BSN 111222333 belde.").json()
    assert "BSN" in data["warning"]


def test_preview_of_an_empty_or_oversized_text_says_why_in_dutch(client, author, thread):
    client.force_login(author)
    response = _preview(client, thread, "   ")
    assert response.status_code == 400
    assert response.json()["error"] == "Schrijf eerst een bericht."


def test_preview_of_a_private_thread_is_refused_to_outsiders(client, private_thread):
    outsider = factories.MemberFactory()
    client.force_login(outsider)
    assert _preview(client, private_thread, "Hallo").status_code == 404
