"""Document uploads in the admin: an allow-list of types and a size limit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db
ADD_URL = "/beheer/documents/add/"


def test_editor_uploads_an_allowed_document(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("handreiking.pdf", b"%PDF-1.4 test", "application/pdf")
    response = client.post(ADD_URL, {"title": "Handreiking", "file": upload, "collection": 1})
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="Handreiking").exists()


def test_document_of_a_type_not_allowed_is_refused(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream")
    response = client.post(ADD_URL, {"title": "Programma", "file": upload, "collection": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert "exe" in html and "niet toegestaan" in html
    assert not get_document_model().objects.exists()


def test_document_over_the_size_limit_is_refused_with_a_clear_message(client, editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client.force_login(editor)
    upload = SimpleUploadedFile("groot.pdf", b"%PDF" + b"x" * 4096, "application/pdf")
    response = client.post(ADD_URL, {"title": "Groot", "file": upload, "collection": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit bestand is te groot (4,0\xa0KB). De maximale bestandsgrootte is 1,0\xa0KB." in html
    assert not get_document_model().objects.exists()
