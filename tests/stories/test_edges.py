"""Bad input and edges of practice stories: a clear Dutch message and nothing lost."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community import actions as community_actions
from tests import factories
from tests.factories import PASSWORD
from website.models import ArticlePage
from website.stories import actions
from website.stories.models import Story, StoryStatus

from .conftest import STORY, approve, hand_analysed, quick_submitted, write_story

pytestmark = pytest.mark.django_db


def test_a_story_over_20000_characters_is_refused_and_kept_in_the_form(writer_client, writer):
    long_text = "Zin uit de praktijk. " * 1000
    response = writer_client.post(reverse("stories:write"), {**STORY, "situation": long_text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Je verhaal heeft" in html and "20.000" in html
    assert "Zin uit de praktijk. Zin uit de praktijk." in html  # nothing lost
    assert not Story.objects.exists()


def test_an_empty_story_is_refused(writer_client):
    response = writer_client.post(reverse("stories:write"), {"title": "Alleen een titel"})
    assert response.status_code == 400
    assert "Schrijf ten minste één deel van je verhaal." in response.content.decode()
    assert not Story.objects.exists()


def test_hostile_html_is_shown_as_text_to_the_member_and_the_reader(writer, bureau, client):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    story = quick_submitted(writer, action=f"Ik schreef {hostile} in het dossier.")
    client.force_login(writer)
    html = client.get(reverse("stories:detail", args=[story.pk])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    page = approve(story.page, bureau)
    client.logout()
    html = client.get(page.url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_control_characters_are_removed(writer):
    story = write_story(writer, situation="Een\u202e omgekeerde\x00 tekst")
    assert story.situation == "Een omgekeerde tekst"


@pytest.mark.parametrize(
    "name,method",
    [
        ("detail", "get"),
        ("edit", "get"),
        ("state", "get"),
        ("replacements", "post"),
        ("submit", "post"),
        ("withdraw", "post"),
        ("answer", "post"),
    ],
)
def test_another_members_story_is_not_found(client, writer, name, method):
    story = write_story(writer)
    other = factories.MemberFactory()
    client.force_login(other)
    response = getattr(client, method)(reverse(f"stories:{name}", args=[story.pk]))
    assert response.status_code == 404
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT


def test_anonymous_visitor_is_sent_to_log_in(client, writer):
    story = write_story(writer)
    response = client.get(reverse("stories:detail", args=[story.pk]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_submitting_without_consent_sends_nothing(writer_client, writer):
    story = actions.choose_replacements(
        member=writer,
        story=hand_analysed(write_story(writer)),
        picks={"situation": ["[naam]", "[plaats]", "[datum]"]},
    )
    response = writer_client.post(
        reverse("stories:submit", args=[story.pk]),
        {"audience": "public", "show_name": "0", "byline": "een klantmanager"},
    )
    assert response.status_code == 400
    assert "Kies waar het mag verschijnen en geef je toestemming." in response.content.decode()
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT and story.page is None
    assert not ArticlePage.objects.filter(kind="story").exists()


def test_submitting_before_the_replacements_are_saved_is_refused(writer):
    story = hand_analysed(write_story(writer))
    with pytest.raises(Exception, match="Bekijk eerst de markeringen"):
        actions.submit_story(
            member=writer,
            story=story,
            audience="public",
            show_name=False,
            byline="een klantmanager",
            consent=True,
        )


def test_a_replacement_that_is_itself_client_data_is_refused(writer):
    story = hand_analysed(write_story(writer))
    with pytest.raises(Exception, match="lijkt zelf een persoonsgegeven"):
        actions.choose_replacements(
            member=writer,
            story=story,
            picks={"situation": ["BSN 111222333", "[plaats]", "[datum]"]},
        )


def test_a_story_without_consent_cannot_be_published(writer, bureau):
    story = quick_submitted(writer)
    actions.withdraw_consent(member=writer, story=story)
    page = ArticlePage.objects.get(pk=story.page_id)
    with pytest.raises(PermissionDenied):
        page.get_latest_revision().publish(user=bureau)
    page.refresh_from_db()
    assert not page.live


def test_a_kept_finding_blocks_publication_until_the_bureau_gives_a_reason(writer, bureau):
    story = hand_analysed(write_story(writer))
    # The member keeps the town as it was.
    story = actions.choose_replacements(
        member=writer, story=story, picks={"situation": ["[naam]", "Apeldoorn", "[datum]"]}
    )
    story = actions.submit_story(
        member=writer,
        story=story,
        audience="public",
        show_name=False,
        byline="een klantmanager",
        consent=True,
    )
    with pytest.raises(PermissionDenied, match="privacycontrole"):
        approve(story.page, bureau)
    page = ArticlePage.objects.get(pk=story.page_id)
    assert not page.live and page.current_workflow_state is not None  # nothing half-done
    with pytest.raises(Exception, match="ten minste 10 tekens"):
        actions.override_privacy(actor=bureau, story=story, reason="kort")
    actions.override_privacy(actor=bureau, story=story, reason="Apeldoorn is groot genoeg.")
    assert approve(page, bureau).live
    assert story.events.filter(kind="override").exists()


def test_only_the_bureau_can_override(writer, editor):
    story = quick_submitted(writer)
    with pytest.raises(PermissionDenied):
        actions.override_privacy(actor=editor, story=story, reason="Een goede reden hier.")


def test_deleted_account_keeps_only_a_public_anonymous_story(writer, bureau):
    public_anonymous = approve(quick_submitted(writer).page, bureau)
    members_only = approve(quick_submitted(writer, audience="members").page, bureau)
    named = approve(quick_submitted(writer, show_name=True).page, bureau)
    draft = write_story(writer)
    community_actions.delete_account(writer, PASSWORD)
    for page, live in ((public_anonymous, True), (members_only, False), (named, False)):
        page.refresh_from_db()
        assert page.live is live
    assert not Story.objects.filter(pk=draft.pk).exists()
    kept = Story.objects.get(page=public_anonymous)
    assert kept.author is None and kept.status == StoryStatus.PUBLISHED


def test_changes_asked_return_the_story_to_the_author_with_the_comment(writer, bureau):
    story = quick_submitted(writer)
    page = ArticlePage.objects.get(pk=story.page_id)
    state = page.current_workflow_state
    state.current_task_state.task.specific.on_action(
        state.current_task_state, bureau, "reject", comment="Welke regeling bedoel je?"
    )
    story.refresh_from_db()
    assert story.status == StoryStatus.CHANGES
    note = writer.notifications.filter(kind="story").latest("pk")
    assert "Welke regeling bedoel je?" in note.text
    actions.answer(member=writer, story=story, text="De kostendelersnorm.")
    story = actions.save_draft(member=writer, story=story, fields={**STORY, "helps": "Maatwerk."})
    assert story.text_version == 2 and not story.is_analysed


def test_demo_stories_three_published_one_for_members_and_a_draft(client):
    import io
    import random

    from django.core.management.base import BaseCommand

    from website.management.commands.load_demo import DemoContext
    from website.stories import demo

    factories.MemberFactory(email="bureau@samendenk.nl", roles=["Bureau"])
    for _n in range(3):
        factories.MemberFactory()
    out = io.StringIO()
    ctx = DemoContext(
        command=BaseCommand(stdout=out), rng=random.Random(1), threads=0, posts=0, members=3
    )
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    assert Story.objects.count() == 4
    assert Story.objects.filter(status=StoryStatus.PUBLISHED).count() == 3
    assert Story.objects.filter(status=StoryStatus.DRAFT).count() == 1
    assert Story.objects.filter(status=StoryStatus.PUBLISHED, audience="members").count() == 1
    listing = client.get("/nieuws/soort/praktijkverhaal/").content.decode()
    assert "Eerst landen" in listing and "kostendelersnorm" not in listing
    page = client.get(Story.objects.get(title__startswith="Eerst landen").page.url)
    html = page.content.decode()
    assert "een gemeente in Gelderland" in html and "Tesfay" not in html and "Tiel" not in html
