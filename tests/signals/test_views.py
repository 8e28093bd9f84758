"""The signal pages on the site: the post's marker, marking, consent, themes, following."""

from __future__ import annotations

from django.urls import reverse

from community.models import Notification
from groups.signals import actions
from groups.signals.models import Consent, Signal, ThemeFollow
from tests import factories

from .conftest import mark


def html_of(response) -> str:
    import html

    return html.unescape(response.content.decode())


def test_post_shows_marker_with_theme_and_support(signal, post, open_group, author, client):
    client.force_login(author)
    html = client.get(post.thread.get_absolute_url()).content.decode()
    assert "Signaal voor beleid: Terugvordering Tozo" in html
    colleague = factories.MemberFactory()
    factories.add_to_group(colleague, open_group)
    mark(colleague, post, signal.theme)
    html = client.get(post.thread.get_absolute_url()).content.decode()
    assert "+1 collega herkent dit" in html


def test_marker_disappears_when_rejected(signal, post, author, bureau, client):
    actions.reject_signal(actor=bureau, signal=signal, reason="Geen beleidssignaal.")
    client.force_login(author)
    html = client.get(post.thread.get_absolute_url()).content.decode()
    assert "Signaal voor beleid" not in html


def test_mark_form_stores_a_signal(marker, post, theme, client):
    client.force_login(marker)
    url = reverse("groups:signals:mark", kwargs={"pk": post.pk})
    assert "Markeer als signaal voor beleid" in client.get(url).content.decode()
    response = client.post(
        url,
        {"theme": theme.pk, "kind": "knelpunt", "sentence": "Zzp'ers worden hard geraakt."},
    )
    assert response.status_code == 302
    assert Signal.objects.get(post=post).sentence == "Zzp'ers worden hard geraakt."


def test_mark_form_with_bad_input_says_why_in_dutch(marker, post, client):
    client.force_login(marker)
    url = reverse("groups:signals:mark", kwargs={"pk": post.pk})
    response = client.post(url, {"kind": "knelpunt", "sentence": "Zzp'ers worden hard geraakt."})
    assert response.status_code == 400
    assert "Kies een thema of stel een nieuw thema voor." in response.content.decode()
    assert not Signal.objects.exists()


def test_mark_page_of_unreadable_post_is_404(outsider, private_post, client):
    client.force_login(outsider)
    response = client.get(reverse("groups:signals:mark", kwargs={"pk": private_post.pk}))
    assert response.status_code == 404


def test_second_member_supports_through_the_form(signal, post, open_group, client):
    colleague = factories.MemberFactory()
    factories.add_to_group(colleague, open_group)
    client.force_login(colleague)
    client.post(reverse("groups:signals:mark", kwargs={"pk": post.pk}))
    client.post(reverse("groups:signals:mark", kwargs={"pk": post.pk}))
    signal.refresh_from_db()
    assert signal.mark_count == 2


def test_author_consents_from_the_notification(signal, author, client):
    client.force_login(author)
    note = Notification.objects.get(recipient=author)
    page = client.get(note.url)
    assert "Mag je bericht geciteerd worden?" in page.content.decode()
    client.post(note.url, {"allow": "1"})
    signal.refresh_from_db()
    assert signal.consent == Consent.GIVEN
    client.post(note.url, {"allow": "0"})
    signal.refresh_from_db()
    assert signal.consent == Consent.WITHDRAWN


def test_consent_page_is_only_the_authors(signal, marker, client):
    client.force_login(marker)
    url = reverse("groups:signals:consent", kwargs={"pk": signal.pk})
    assert client.get(url).status_code == 404
    client.post(url, {"allow": "1"})
    signal.refresh_from_db()
    assert signal.consent == Consent.PENDING


def test_theme_page_shows_only_readable_signals_and_history(
    author, private_post, theme, bureau, outsider, client
):
    signal, _ = mark(author, private_post, theme, quote_consent=True)
    actions.accept_signal(actor=bureau, signal=signal)
    client.force_login(outsider)
    html = client.get(theme.get_absolute_url()).content.decode()
    assert signal.sentence not in html
    assert "Geheime Kring Noord" not in html
    client.force_login(author)
    assert signal.sentence in html_of(client.get(theme.get_absolute_url()))


def test_following_a_theme(marker, theme, client):
    client.force_login(marker)
    client.post(reverse("groups:signals:follow", kwargs={"slug": theme.slug}), {"follow": "1"})
    assert ThemeFollow.objects.filter(member=marker, theme=theme).exists()
    client.post(reverse("groups:signals:follow", kwargs={"slug": theme.slug}), {"follow": "0"})
    assert not ThemeFollow.objects.filter(member=marker, theme=theme).exists()


def test_merged_theme_address_leads_to_the_new_theme(bureau, theme, other_theme, marker, client):
    actions.merge_themes(actor=bureau, source=theme, target=other_theme)
    client.force_login(marker)
    response = client.get(theme.get_absolute_url())
    assert response.status_code == 302 and response.url == other_theme.get_absolute_url()


def test_answer_reaches_markers_supporters_and_followers(
    signal, post, open_group, theme, bureau, marker, client
):
    import datetime

    from django.utils import timezone

    colleague = factories.MemberFactory()
    factories.add_to_group(colleague, open_group)
    mark(colleague, post, theme)
    follower = factories.MemberFactory()
    actions.follow_theme(member=follower, theme=theme)
    bystander = factories.MemberFactory()
    actions.accept_signal(actor=bureau, signal=signal)
    today = timezone.localdate()
    report = actions.save_report(
        actor=bureau, title="Tozo-terugvordering", themes=[theme],
        period_start=today - datetime.timedelta(days=30), period_end=today,
    )  # fmt: skip
    dispatch = actions.record_dispatch(
        actor=bureau, report=report, recipient="Ministerie van SZW", sent_on=today
    )
    actions.record_answer(
        actor=bureau, dispatch=dispatch, outcome="deels", answer="De termijn wordt verlengd.",
        answered_on=today,
    )  # fmt: skip
    for member in (marker, colleague, follower):
        note = Notification.objects.filter(recipient=member).latest("id")
        assert "Ministerie van SZW heeft geantwoord" in note.text and "deels" in note.text
    assert not Notification.objects.filter(recipient=bystander).exists()
    client.force_login(marker)
    html = html_of(client.get(theme.get_absolute_url()))
    assert "De termijn wordt verlengd." in html and "deels overgenomen" in html


def test_answer_with_bad_dates_is_refused(signal, theme, bureau):
    import datetime

    import pytest
    from django.utils import timezone

    from groups.actions import ActionError

    today = timezone.localdate()
    report = actions.save_report(
        actor=bureau, title="Tozo-terugvordering", themes=[theme],
        period_start=today - datetime.timedelta(days=30), period_end=today,
    )  # fmt: skip
    with pytest.raises(ActionError):
        actions.record_dispatch(
            actor=bureau, report=report, recipient="SZW", sent_on=today + datetime.timedelta(1)
        )
    dispatch = actions.record_dispatch(actor=bureau, report=report, recipient="SZW", sent_on=today)
    with pytest.raises(ActionError):
        actions.record_answer(
            actor=bureau, dispatch=dispatch, outcome="deels", answer="",
            answered_on=today - datetime.timedelta(days=3),
        )  # fmt: skip
    with pytest.raises(ActionError):
        actions.record_answer(
            actor=bureau, dispatch=dispatch, outcome="misschien", answer="", answered_on=today
        )
    dispatch.refresh_from_db()
    assert dispatch.outcome == ""
