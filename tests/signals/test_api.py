"""Signals, themes and reports over the JSON API, with the pages' permissions."""

from __future__ import annotations

import datetime

from django.utils import timezone

from groups.signals import actions
from groups.signals.models import Signal

from .conftest import mark


def test_marking_over_the_api_and_twice_is_one_signal(marker, post, theme, client):
    client.force_login(marker)
    payload = {"post_id": post.pk, "theme": theme.slug, "kind": "knelpunt",
               "sentence": "Zzp'ers worden hard geraakt door terugvorderingen."}  # fmt: skip
    first = client.post("/api/signals", payload, content_type="application/json")
    assert first.status_code == 201 and first.json()["created"] is True
    again = client.post("/api/signals", payload, content_type="application/json")
    assert again.status_code == 200 and again.json()["created"] is False
    assert Signal.objects.count() == 1


def test_unreadable_post_is_404_over_the_api(outsider, private_post, theme, client):
    client.force_login(outsider)
    response = client.post(
        "/api/signals",
        {
            "post_id": private_post.pk,
            "theme": theme.slug,
            "kind": "idee",
            "sentence": "Een voorstel voor beter beleid.",
        },  # fmt: skip
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Signal.objects.exists()


def test_bad_input_gets_a_dutch_message(marker, post, client):
    client.force_login(marker)
    response = client.post(
        "/api/signals",
        {"post_id": post.pk, "theme": "bestaat-niet", "kind": "knelpunt", "sentence": "x" * 20},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Kies een thema uit de lijst."


def test_signal_list_holds_only_readable_posts(author, private_post, post, theme, outsider, client):
    mark(author, private_post, theme, quote_consent=True)
    mark(author, post, theme, quote_consent=True)
    client.force_login(outsider)
    ids = {s["post_id"] for s in client.get("/api/signals").json()}
    assert ids == {post.pk}
    themes = {t["slug"]: t for t in client.get("/api/signals/themes").json()}
    assert themes[theme.slug]["signal_count"] == 0  # none accepted yet
    client.force_login(author)
    assert {s["post_id"] for s in client.get("/api/signals").json()} == {post.pk, private_post.pk}


def test_report_over_the_api_has_no_unapproved_quotes(
    author, private_post, theme, bureau, marker, client
):
    signal, _ = mark(author, private_post, theme, quote_consent=True)
    actions.accept_signal(actor=bureau, signal=signal)
    actions.save_proposal(signal=signal, text="voorstel [naam]", findings=[], edit_count=0)
    today = timezone.localdate()
    report = actions.save_report(
        actor=bureau, title="Kostendelers", themes=[theme], status="final",
        period_start=today - datetime.timedelta(days=10), period_end=today,
    )  # fmt: skip
    client.force_login(marker)
    body = client.get(f"/api/signals/reports/{report.pk}").json()
    assert body["signals"] == "minder dan 3"
    assert body["quotes"] == []
    assert "Geheime Kring Noord" not in str(body) and "voorstel" not in str(body)
    actions.approve_quote(actor=bureau, signal=signal, text="In [plaats] gaat het mis.")
    body = client.get(f"/api/signals/reports/{report.pk}").json()
    assert [q["text"] for q in body["quotes"]] == ["In [plaats] gaat het mis."]


def test_draft_reports_are_not_listed_for_members(bureau, theme, marker, client):
    today = timezone.localdate()
    report = actions.save_report(
        actor=bureau, title="Concept", themes=[theme],
        period_start=today - datetime.timedelta(days=10), period_end=today,
    )  # fmt: skip
    client.force_login(marker)
    assert client.get("/api/signals/reports").json() == []
    assert client.get(f"/api/signals/reports/{report.pk}").status_code == 404


def test_anonymous_gets_401(client):
    assert client.get("/api/signals").status_code == 401
