"""The bureau's moderation screens in the Wagtail admin."""

import pytest

from groups.models import Post
from groups.moderation import actions
from groups.moderation.models import ModerationAction

QUEUE = "/beheer/moderatie/"
LOG = "/beheer/moderatielog/"
DASHBOARD = "/beheer/moderatie-dashboard/"


@pytest.fixture
def flagged(post, reader):
    actions.flag_post(member=reader, post=post, reason="inappropriate")
    return post


@pytest.mark.django_db
def test_bureau_hides_a_post_from_the_admin_queue(client, bureau, flagged, author):
    client.force_login(bureau)
    page = client.get(QUEUE)
    assert page.status_code == 200
    assert f'data-post-id="{flagged.pk}"' in page.content.decode()
    review = client.get(f"{QUEUE}bericht/{flagged.pk}/")
    assert review.status_code == 200 and "ongepast" in review.content.decode()
    response = client.post(f"{QUEUE}bericht/{flagged.pk}/hide/", {"reason": "Ongepast"})
    assert response.status_code == 302
    assert Post.objects.get(pk=flagged.pk).is_hidden
    assert author.notifications.filter(text__contains="Ongepast").exists()


@pytest.mark.parametrize("url", [QUEUE, LOG, DASHBOARD])
@pytest.mark.django_db
def test_editors_with_admin_access_but_without_the_bureau_role_are_refused(client, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "moderatie" not in response.get("Location", "")


@pytest.mark.django_db
def test_editor_cannot_act_through_the_admin(client, editor, flagged):
    client.force_login(editor)
    client.post(f"{QUEUE}bericht/{flagged.pk}/hide/", {"reason": "x"})
    assert not Post.objects.get(pk=flagged.pk).is_hidden


@pytest.mark.django_db
def test_the_log_lists_actions_read_only_for_the_bureau(client, bureau, flagged, moderator):
    actions.redact_post(
        moderator=moderator, post=flagged, passage="herberekening", reason="Herleidbaar"
    )
    entry = ModerationAction.objects.get()
    client.force_login(bureau)
    listing = client.get(LOG)
    assert listing.status_code == 200
    assert "Bericht geredigeerd" in listing.content.decode()
    inspect = client.get(f"{LOG}inspect/{entry.pk}/")
    assert inspect.status_code == 200
    assert "herberekening" in inspect.content.decode()
    # Nobody writes the log by hand.
    assert client.get(f"{LOG}new/").status_code in (302, 403)
    assert client.post(f"{LOG}delete/{entry.pk}/").status_code in (302, 403)
    assert ModerationAction.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_admin_menu_shows_moderation_to_the_bureau(client, bureau):
    client.force_login(bureau)
    page = client.get("/beheer/").content.decode()
    assert "/beheer/moderatie/" in page and "/beheer/moderatielog/" in page
