"""The bureau edits the search synonyms and the privacy guard's mode, as the README says
(permissions from the data migration website/0006)."""

from __future__ import annotations

import pytest
from django.utils import translation

from groups.moderation.models import ModerationSettings
from search.models import SynonymGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def bureau_client(client, bureau):
    client.force_login(bureau)
    return client


def test_bureau_sees_both_screens_in_the_menu(bureau_client):
    page = bureau_client.get("/beheer/").content.decode()
    assert "/beheer/snippets/search/synonymgroup/" in page
    assert "/beheer/settings/moderation/moderationsettings/" in page


def test_bureau_adds_and_changes_a_synonym(bureau_client):
    listing = bureau_client.get("/beheer/snippets/search/synonymgroup/")
    assert listing.status_code == 200
    assert "geen toegang" not in listing.content.decode()
    response = bureau_client.post(
        "/beheer/snippets/search/synonymgroup/add/", {"terms": "Wsnp, schuldsanering"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = SynonymGroup.objects.get(terms="Wsnp, schuldsanering")
    response = bureau_client.post(
        f"/beheer/snippets/search/synonymgroup/edit/{group.pk}/",
        {"terms": "Wsnp, schuldsanering, minnelijk traject"},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.terms == "Wsnp, schuldsanering, minnelijk traject"


def test_bureau_changes_the_privacy_guard_mode(bureau_client):
    page = bureau_client.get("/beheer/settings/moderation/moderationsettings/", follow=True)
    assert page.status_code == 200 and "geen toegang" not in page.content.decode()
    url = page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["privacy_guard_mode"] = "hold"
    response = bureau_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ModerationSettings.current().privacy_guard_mode == "hold"


def test_a_member_still_may_not(client, member):
    client.force_login(member)
    response = client.get("/beheer/settings/moderation/moderationsettings/")
    assert response.status_code in (302, 403)
    assert ModerationSettings.current().privacy_guard_mode != "hold"
