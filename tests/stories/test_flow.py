"""The core flow: a member writes, the assistant marks, the member replaces and consents, the
bureau publishes through the workflow, a visitor reads it, the member withdraws consent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from website.models import ArticleKind, ArticlePage
from website.stories.models import Story, StoryStatus

from .conftest import STORY, analysed, approve, submitted, write_story

pytestmark = pytest.mark.django_db


def test_member_writes_a_draft_that_waits_for_the_assistant(writer_client, writer):
    data = {**STORY}
    response = writer_client.post(reverse("stories:write"), data)
    story = Story.objects.get(author=writer)
    assert response.status_code == 302
    assert response["Location"] == reverse("stories:detail", args=[story.pk])
    page = writer_client.get(response["Location"]).content.decode()
    assert "De anonimiseringsassistent leest je verhaal" in page
    assert writer_client.get(reverse("stories:state", args=[story.pk])).json() == {
        "analysed": False,
        "version": 1,
    }


def test_the_assistant_marks_a_name_a_town_and_a_birth_date(deduce_ready, writer_client, writer):
    story = analysed(write_story(writer))
    originals = {f["original"] for f in story.findings["situation"]}
    assert "Pieter de Vries" in originals
    assert "Apeldoorn" in originals
    assert any("1984" in o for o in originals)
    page = writer_client.get(reverse("stories:detail", args=[story.pk])).content.decode()
    assert '<mark class="finding' in page
    assert "Zo lezen anderen je verhaal" in page


def test_replacements_shape_what_others_read(deduce_ready, writer_client, writer):
    story = analysed(write_story(writer))
    findings = story.findings["situation"]
    picks = []
    for finding in findings:
        picks.append("een gemeente in Gelderland" if finding["original"] == "Apeldoorn" else "")
    data = {"situation-replacement": picks}
    for part in ("title", "action", "obstacles", "helps"):
        data[f"{part}-replacement"] = ["" for _f in story.findings[part]]
    response = writer_client.post(reverse("stories:replacements", args=[story.pk]), data)
    assert response.status_code == 302
    story.refresh_from_db()
    from website.stories.text import published_text

    text = published_text(story, "situation")
    assert "een gemeente in Gelderland" in text
    assert "Apeldoorn" not in text and "Pieter" not in text and "1984" not in text


def test_submitted_story_becomes_a_draft_article_in_the_workflow(deduce_ready, writer):
    story = submitted(writer, write_story(writer))
    assert story.status == StoryStatus.SUBMITTED
    page = ArticlePage.objects.get(pk=story.page_id)
    assert page.kind == ArticleKind.STORY
    assert not page.live
    assert page.current_workflow_state is not None
    revision = page.get_latest_revision_as_object()
    assert "Pieter" not in revision.search_text()
    assert [b.block_type for b in revision.body][:1] == ["story_part"]


def test_bureau_publishes_and_an_anonymous_visitor_reads_no_original_name(
    deduce_ready, client, writer, bureau
):
    story = submitted(writer, write_story(writer))
    page = approve(story.page, bureau)
    assert page.live
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    html = client.get(page.url).content.decode()
    assert "Praktijkverhaal" in html and "een klantmanager" in html
    assert "Pieter" not in html and "Apeldoorn" not in html and "Anouk" not in html
    assert writer.notifications.filter(kind="story").count() == 2  # received, published


def test_withdrawing_consent_unpublishes_the_article_audit_logged(
    deduce_ready, client, writer, writer_client, bureau
):
    from wagtail.models import PageLogEntry

    story = submitted(writer, write_story(writer))
    page = approve(story.page, bureau)
    response = writer_client.post(reverse("stories:withdraw", args=[story.pk]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert client.get(page.url).status_code == 404
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish").exists()
    story.refresh_from_db()
    assert story.status == StoryStatus.WITHDRAWN
