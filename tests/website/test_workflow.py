"""Editors write, the bureau publishes: permissions, the moderation workflow, a Dutch admin."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories as f
from website.models import ArticlePage, Tag

pytestmark = pytest.mark.django_db


def _add_article_form(client, **fields):
    url = reverse("wagtailadmin_pages:add", args=["website", "articlepage", f.news_index().pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    # The StreamField is drawn by JavaScript; an empty stream is posted as a count of 0.
    data["body-count"] = "0"
    data.update(fields)
    return url, data


def _edit_form(client, page, **fields):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    data["body-count"] = "0"
    data.update(fields)
    return url, data


def test_editor_cannot_publish_a_new_article_by_a_crafted_post(client, editor):
    client.force_login(editor)
    url, data = _add_article_form(
        client, title="Stiekem gepubliceerd", slug="stiekem", intro="Inleiding"
    )
    data["action-publish"] = "action-publish"
    client.post(url, data)
    page = ArticlePage.objects.get(slug="stiekem")
    assert not page.live
    assert page.first_published_at is None
    assert client.get("/nieuws/stiekem/").status_code == 404


def test_editor_cannot_publish_an_edit_by_a_crafted_post(client, editor):
    article = f.make_article(title="Origineel")
    client.force_login(editor)
    url, data = _edit_form(client, article, title="Gewijzigd zonder toestemming")
    data["action-publish"] = "action-publish"
    client.post(url, data)
    article.refresh_from_db()
    assert article.title == "Origineel"
    assert not article.permissions_for_user(editor).can_publish()
    assert "Origineel" in client.get(article.url).content.decode()


def test_editor_submits_and_bureau_approves_with_a_comment(client, editor, bureau):
    client.force_login(editor)
    url, data = _add_article_form(
        client, title="Ter goedkeuring", slug="ter-goedkeuring", intro="Inleiding"
    )
    data["action-submit"] = "action-submit"
    client.post(url, data)
    page = ArticlePage.objects.get(slug="ter-goedkeuring")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Redactie → Bureau"
    # The editor is not an approver.
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    client.post(approve, {"comment": "zelf goedgekeurd"})
    page.refresh_from_db()
    assert not page.live

    client.force_login(bureau)
    client.post(approve, {"comment": "Prima stuk, gaat live."})
    page.refresh_from_db()
    assert page.live
    task_state.refresh_from_db()
    assert task_state.status == "approved"
    assert task_state.comment == "Prima stuk, gaat live."


def test_bureau_rejects_with_a_comment(client, editor, bureau):
    client.force_login(editor)
    url, data = _add_article_form(client, title="Nog niet af", slug="nog-niet-af", intro="X")
    data["action-submit"] = "action-submit"
    client.post(url, data)
    page = ArticlePage.objects.get(slug="nog-niet-af")
    task_state = page.current_workflow_task_state
    client.force_login(bureau)
    reject = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    client.post(reject, {"comment": "Bronnen ontbreken."})
    page.refresh_from_db()
    task_state.refresh_from_db()
    assert not page.live
    assert task_state.status == "rejected"
    assert task_state.comment == "Bronnen ontbreken."


def test_invalid_article_gets_validation_messages_and_nothing_is_saved(client, bureau):
    client.force_login(bureau)
    url, data = _add_article_form(client, title="", slug="leeg", intro="")
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="leeg").exists()
    assert "Dit is een verplicht veld." in response.content.decode()


def test_editor_adds_a_tag_in_the_admin(client, editor):
    client.force_login(editor)
    response = client.post("/beheer/snippets/website/tag/add/", {"name": "Armoede"})
    assert response.status_code == 302
    assert Tag.objects.get().slug == "armoede"


def test_admin_speaks_dutch(client, editor):
    client.force_login(editor)
    html = client.get("/beheer/").content.decode()
    assert 'lang="nl"' in html
    assert "Pagina's" in html
    assert "Uitloggen" in html or "Afmelden" in html


def test_members_without_a_role_cannot_enter_the_admin(client, member):
    client.force_login(member)
    response = client.get("/beheer/")
    assert response.status_code in (302, 403)
