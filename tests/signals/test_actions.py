"""Marking, support, consent and the desk's write functions, with every permission edge."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from community.models import Notification
from groups import actions as forum
from groups.actions import ActionError
from groups.moderation import actions as moderation
from groups.signals import actions
from groups.signals.models import (
    Consent,
    Report,
    Signal,
    SignalLog,
    SignalMark,
    SignalStatus,
    Theme,
    ThemeFollow,
    ThemeStatus,
)
from tests import factories

from .conftest import mark


def test_marking_stores_one_signal_and_asks_the_author(marker, author, post, theme, scheme):
    signal, created = mark(marker, post, theme, scheme=scheme)
    assert created
    assert signal.theme == theme and signal.scheme == scheme
    assert signal.consent == Consent.PENDING
    note = Notification.objects.get(recipient=author)
    assert "geciteerd" in note.text
    assert note.url.endswith(f"/toestemming/{signal.pk}/")


def test_marking_twice_keeps_one_signal_and_one_mark(marker, post, theme):
    first, _ = mark(marker, post, theme)
    second, created = mark(marker, post, theme)
    assert second.pk == first.pk and not created
    assert Signal.objects.count() == 1
    assert SignalMark.objects.count() == 1
    first.refresh_from_db()
    assert first.mark_count == 1


def test_other_members_marking_count_as_support(signal, post, theme, open_group):
    for _ in range(3):
        colleague = factories.MemberFactory()
        factories.add_to_group(colleague, open_group)
        _again, created = mark(colleague, post, theme)
        assert created
    signal.refresh_from_db()
    assert Signal.objects.count() == 1
    assert signal.mark_count == 4 and signal.support_count == 3


def test_member_who_cannot_read_the_post_is_refused(outsider, private_post, theme):
    with pytest.raises(PermissionDenied):
        mark(outsider, private_post, theme)
    assert not Signal.objects.exists()


@pytest.mark.parametrize("state", ["is_hidden", "is_held", "is_deleted"])
def test_hidden_held_or_deleted_post_is_refused(marker, post, theme, state):
    setattr(post, state, True)
    post.save()
    with pytest.raises(PermissionDenied):
        mark(marker, post, theme)
    assert not Signal.objects.exists()


def test_group_moderator_cannot_mark_a_hidden_post_either(post, theme, open_group, bureau):
    moderation.hide_post(moderator=bureau, post=post, reason="Bevat klantgegevens")
    with pytest.raises(PermissionDenied):
        mark(bureau, post, theme)


def test_anonymous_and_suspended_members_are_refused(post, theme, marker):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    with pytest.raises(PermissionDenied):
        mark(AnonymousUser(), post, theme)
    marker.suspended_until = timezone.now() + timezone.timedelta(days=1)
    marker.save()
    with pytest.raises(PermissionDenied):
        mark(marker, post, theme)
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"sentence": "kort"}, "sentence"),
        ({"sentence": "x" * 301}, "sentence"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(marker, post, theme, kwargs, code):
    with pytest.raises(ActionError) as error:
        mark(marker, post, theme, **kwargs)
    assert error.value.code == code
    assert not Signal.objects.exists() and not SignalMark.objects.exists()


def test_hostile_theme_proposal_is_refused(marker, post):
    with pytest.raises(ActionError):
        actions.mark_post(
            member=marker, post=post, new_theme_name="<script>x</script>", kind="idee",
            sentence="Een voorstel voor beter beleid in de praktijk.",
        )  # fmt: skip
    assert not Theme.objects.filter(name__contains="script").exists()


def test_proposed_theme_waits_for_the_bureau(marker, post):
    signal, _ = actions.mark_post(
        member=marker, post=post, new_theme_name="Schulden bij jongeren", kind="idee",
        sentence="Jongeren met schulden verdienen een eigen aanpak.",
    )  # fmt: skip
    assert signal.theme.status == ThemeStatus.PROPOSED
    # A proposed theme is not offered to other members until the bureau accepts it.
    assert signal.theme not in Theme.objects.choosable()


def test_author_marking_own_post_decides_consent_at_once(author, post, theme):
    signal, _ = mark(author, post, theme, quote_consent=True)
    assert signal.consent == Consent.GIVEN
    assert not Notification.objects.filter(recipient=author).exists()


def test_only_the_author_decides_consent(signal, marker, author):
    with pytest.raises(PermissionDenied):
        actions.decide_consent(member=marker, signal=signal, allow=True)
    actions.decide_consent(member=author, signal=signal, allow=True)
    signal.refresh_from_db()
    assert signal.consent == Consent.GIVEN
    actions.decide_consent(member=author, signal=signal, allow=False)
    signal.refresh_from_db()
    assert signal.consent == Consent.WITHDRAWN
    assert SignalLog.objects.filter(signal=signal, kind="consent").count() == 2


def test_reject_needs_a_reason_and_tells_the_marker(signal, bureau, marker):
    with pytest.raises(ActionError):
        actions.reject_signal(actor=bureau, signal=signal, reason="  ")
    actions.reject_signal(actor=bureau, signal=signal, reason="Dit is een individuele klacht.")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REJECTED
    note = Notification.objects.filter(recipient=marker).latest("id")
    assert "individuele klacht" in note.text


def test_members_cannot_curate(signal, marker, theme, other_theme):
    for call in (
        lambda: actions.accept_signal(actor=marker, signal=signal),
        lambda: actions.move_signal(actor=marker, signal=signal, theme=other_theme),
        lambda: actions.reject_signal(actor=marker, signal=signal, reason="nee"),
        lambda: actions.merge_themes(actor=marker, source=theme, target=other_theme),
        lambda: actions.approve_quote(actor=marker, signal=signal, text="tekst"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW and signal.theme == theme


def test_accepting_into_a_proposed_theme_accepts_the_theme(marker, post, bureau):
    signal, _ = actions.mark_post(
        member=marker, post=post, new_theme_name="Schulden bij jongeren", kind="idee",
        sentence="Jongeren met schulden verdienen een eigen aanpak.",
    )  # fmt: skip
    actions.accept_signal(actor=bureau, signal=signal)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.ACCEPTED
    assert signal.theme.status == ThemeStatus.ACTIVE


def test_merging_themes_moves_signals_followers_and_reports(
    signal, bureau, theme, other_theme, marker
):
    import datetime

    actions.follow_theme(member=marker, theme=theme)
    report = actions.save_report(
        actor=bureau, title="Rapport over Tozo", themes=[theme],
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2027, 12, 1),
    )  # fmt: skip
    actions.merge_themes(actor=bureau, source=theme, target=other_theme)
    signal.refresh_from_db()
    theme.refresh_from_db()
    assert signal.theme == other_theme
    assert theme.status == ThemeStatus.MERGED and theme.merged_into == other_theme
    assert ThemeFollow.objects.filter(member=marker, theme=other_theme).exists()
    assert list(Report.objects.get(pk=report.pk).themes.all()) == [other_theme]
    # Marking with the old theme lands in the new one.
    colleague_post = forum.reply(member=marker, thread=signal.post.thread, body="Herkenbaar.")
    moved, _ = mark(marker, colleague_post, theme)
    assert moved.theme == other_theme


def test_deleting_a_theme_with_signals_needs_a_destination(signal, bureau, theme, other_theme):
    with pytest.raises(ActionError):
        actions.delete_theme(actor=bureau, theme=theme)
    assert Theme.objects.filter(pk=theme.pk).exists()
    actions.delete_theme(actor=bureau, theme=theme, move_to=other_theme)
    assert not Theme.objects.filter(pk=theme.pk).exists()
    signal.refresh_from_db()
    assert signal.theme == other_theme


def test_approval_needs_consent_and_is_audit_logged(signal, bureau, author):
    with pytest.raises(ActionError) as error:
        actions.approve_quote(actor=bureau, signal=signal, text="[naam] moet terugbetalen.")
    assert error.value.code == "consent"
    actions.decide_consent(member=author, signal=signal, allow=True)
    actions.approve_quote(actor=bureau, signal=signal, text="[naam] moet terugbetalen.")
    entry = SignalLog.objects.get(signal=signal, kind="approve_quote")
    assert entry.actor == bureau
    assert entry.after["quote"] == "[naam] moet terugbetalen."
    assert "Mevrouw Jansen" in entry.after["original"]


@pytest.mark.parametrize(
    "text",
    [
        "Bel haar op 06-12345678 over de Tozo.",
        "BSN 111222333 staat in het dossier.",
        "Anouk de Vries vertelt dat de Tozo terug moet.",  # the author's own name
    ],
)
def test_approval_refuses_text_with_personal_data(signal, bureau, author, text):
    actions.decide_consent(member=author, signal=signal, allow=True)
    with pytest.raises(ActionError):
        actions.approve_quote(actor=bureau, signal=signal, text=text)
    signal.refresh_from_db()
    assert signal.quote_approved_at is None


def test_private_group_name_in_a_quote_is_refused(author, private_post, theme, bureau):
    signal, _ = mark(author, private_post, theme, quote_consent=True)
    with pytest.raises(ActionError):
        actions.approve_quote(
            actor=bureau, signal=signal, text="In de Geheime Kring Noord zagen we dit."
        )


def test_edit_after_approval_needs_approval_again(signal, bureau, author):
    actions.decide_consent(member=author, signal=signal, allow=True)
    actions.approve_quote(actor=bureau, signal=signal, text="[naam] moet terugbetalen.")
    actions.accept_signal(actor=bureau, signal=signal)
    assert Signal.objects.quotable().filter(pk=signal.pk).exists()
    forum.edit_post(member=author, post=signal.post, body="Aangepaste tekst over de Tozo.")
    assert not Signal.objects.quotable().filter(pk=signal.pk).exists()
    signal.refresh_from_db()
    assert not signal.quote_is_current()


def test_quote_source_leaves_out_quoted_lines_and_mentions():
    from groups.signals.jobs import quote_source

    body = "> Eerder schreef iemand iets.\n\n@[Karin Wouters] ik zie dit ook in mijn wijk."
    assert quote_source(body) == "[naam] ik zie dit ook in mijn wijk."
