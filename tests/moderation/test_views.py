"""In-site moderation pages: the flag form, the moderators' queue and action forms."""

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Post, Thread
from groups.moderation import actions
from groups.moderation.models import Flag, ModerationAction
from tests import factories

QUEUE = "/denkgroepen/moderatie/"


def act_url(post, verb):
    return reverse("groups:moderation:act", kwargs={"pk": post.pk, "verb": verb})


@pytest.fixture
def flagged(post, reader):
    actions.flag_post(member=reader, post=post, reason="personal_data", text="Naam van cliënt")
    return post


@pytest.mark.django_db
def test_member_flags_a_post_through_the_form(client, post, reader):
    client.force_login(reader)
    url = reverse("groups:moderation:flag", kwargs={"pk": post.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "bevat persoonsgegevens van een cliënt" in page.content.decode()
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 302
    assert Flag.objects.get().reporter == reader
    again = client.post(url, {"reason": "spam"})
    assert again.status_code == 400 and "al gemeld" in again.content.decode()


@pytest.mark.django_db
def test_flag_form_of_an_unreadable_post_is_not_found(client, member):
    secret = factories.ThinkGroupFactory(visibility="private")
    insider = factories.MemberFactory()
    factories.add_to_group(insider, secret)
    thread = factories.make_thread(group=secret, author=insider, title="Alleen voor ons")
    client.force_login(member)
    url = reverse("groups:moderation:flag", kwargs={"pk": thread.posts.get().pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "spam"}).status_code == 404
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_thread_page_has_a_report_link_per_post(client, post, reader):
    client.force_login(reader)
    page = client.get(post.thread.get_absolute_url()).content.decode()
    assert reverse("groups:moderation:flag", kwargs={"pk": post.pk}) in page


@pytest.mark.django_db
def test_members_without_the_role_get_403_on_the_queue(client, reader, flagged):
    client.force_login(reader)
    assert client.get(QUEUE).status_code == 403
    assert (
        client.get(reverse("groups:moderation:review", kwargs={"pk": flagged.pk})).status_code
        == 403
    )


@pytest.mark.django_db
def test_moderators_see_only_their_groups_and_the_bureau_everything(
    client, flagged, moderator, other_moderator, other_group, bureau
):
    elsewhere_author = factories.MemberFactory()
    factories.add_to_group(elsewhere_author, other_group)
    elsewhere = factories.make_thread(
        group=other_group, author=elsewhere_author, title="Elders iets"
    )
    elsewhere_post = elsewhere.posts.get()
    actions.flag_post(member=factories.MemberFactory(), post=elsewhere_post, reason="spam")

    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert f'data-post-id="{flagged.pk}"' in page
    assert f'data-post-id="{elsewhere_post.pk}"' not in page
    assert "bevat persoonsgegevens van een cliënt: 1" in page

    client.force_login(other_moderator)
    page = client.get(QUEUE).content.decode()
    assert f'data-post-id="{flagged.pk}"' not in page
    review = reverse("groups:moderation:review", kwargs={"pk": flagged.pk})
    assert client.get(review).status_code == 403

    client.force_login(bureau)
    page = client.get(QUEUE).content.decode()
    assert f'data-post-id="{flagged.pk}"' in page and f'data-post-id="{elsewhere_post.pk}"' in page


@pytest.mark.django_db
def test_moderator_hides_a_post_from_the_review_page(client, flagged, moderator):
    client.force_login(moderator)
    review = client.get(reverse("groups:moderation:review", kwargs={"pk": flagged.pk}))
    assert "Naam van cliënt" in review.content.decode()
    response = client.post(act_url(flagged, "hide"), {"reason": "Herleidbaar"}, follow=True)
    assert "Het bericht is verborgen." in response.content.decode()
    assert Post.objects.get(pk=flagged.pk).is_hidden


@pytest.mark.parametrize("who", ["reader", "other_moderator"])
@pytest.mark.django_db
def test_action_by_someone_without_the_role_is_refused_and_changes_nothing(
    request, client, flagged, who
):
    client.force_login(request.getfixturevalue(who))
    for verb, data in [
        ("hide", {"reason": "x"}),
        ("lock", {}),
        ("suspend", {"days": 3, "reason": "x"}),
    ]:
        assert client.post(act_url(flagged, verb), data).status_code == 403
    assert not Post.objects.get(pk=flagged.pk).is_hidden
    assert not Thread.objects.get(pk=flagged.thread_id).is_locked
    assert not ModerationAction.objects.exists()


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(flagged, moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(act_url(flagged, "hide"), {"reason": "x"}).status_code == 403
    assert not Post.objects.get(pk=flagged.pk).is_hidden


@pytest.mark.django_db
def test_get_on_an_action_is_not_allowed(client, flagged, moderator):
    client.force_login(moderator)
    assert client.get(act_url(flagged, "hide")).status_code == 405


@pytest.mark.parametrize(
    "verb, data, message",
    [
        ("move", {"target": "bestaat-niet"}, "Er is geen denkgroep “bestaat-niet”"),
        ("suspend", {"days": "-2", "reason": "Spam", "scope": "group"}, "minstens één hele dag"),
        ("suspend", {"days": "99999", "reason": "Spam", "scope": "group"}, "hoogstens 365 dagen"),
        ("hide", {"reason": ""}, "Geef een reden op"),
        ("redact", {"passage": "niet aanwezig", "reason": "x"}, "komt niet voor"),
        ("explode", {}, "Onbekende actie"),
    ],
)
@pytest.mark.django_db
def test_bad_input_gets_a_dutch_message_and_changes_nothing(
    client, flagged, bureau, verb, data, message
):
    client.force_login(bureau)
    response = client.post(act_url(flagged, verb), data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ModerationAction.objects.exists()
    assert Thread.objects.get(pk=flagged.thread_id).group_id == flagged.thread.group_id


@pytest.mark.django_db
def test_moderator_suspension_on_the_platform_is_refused(client, flagged, moderator, author):
    client.force_login(moderator)
    data = {"days": "3", "reason": "Spam", "scope": "platform"}
    assert client.post(act_url(flagged, "suspend"), data).status_code == 403
    author.refresh_from_db()
    assert author.suspended_until is None


@pytest.mark.django_db
def test_redaction_original_is_shown_to_the_bureau_only(client, flagged, moderator, bureau):
    actions.redact_post(
        moderator=bureau, post=flagged, passage="herberekening", reason="Herleidbaar"
    )
    review = reverse("groups:moderation:review", kwargs={"pk": flagged.pk})
    client.force_login(moderator)
    assert "herberekening" not in client.get(review).content.decode()
    client.force_login(bureau)
    assert "herberekening" in client.get(review).content.decode()


@pytest.mark.django_db
def test_queue_queries_do_not_grow_with_the_number_of_items(
    client, group, author, bureau, django_assert_max_num_queries
):
    reporter = factories.MemberFactory()

    def add_flagged(count):
        for n in range(count):
            thread = factories.make_thread(group=group, author=author, title=f"Onderwerp {n} hier")
            actions.flag_post(member=reporter, post=thread.posts.get(), reason="spam")

    client.force_login(bureau)
    add_flagged(2)
    with django_assert_max_num_queries(12):
        assert client.get(QUEUE).status_code == 200
    add_flagged(8)
    with django_assert_max_num_queries(12):
        page = client.get(QUEUE).content.decode()
    assert page.count("data-post-id=") == 10
