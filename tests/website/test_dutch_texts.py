"""The single texts testers ran into: the admin's lists and detail views, the log-in page, the
thread header, search_check, the 404 in development, the favicon, the demo events' times."""

from __future__ import annotations

import contextlib
import io
import random

import pytest
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone, translation

from groups import actions as forum
from groups.moderation import actions as moderation
from groups.moderation.models import ModerationAction
from tests import factories
from tests.website.crawl import page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def bureau_client(client, bureau):
    client.force_login(bureau)
    return client


def test_think_group_list_in_the_admin_has_dutch_column_names(bureau_client):
    factories.ThinkGroupFactory()
    page = bureau_client.get("/beheer/think_groups/").content.decode()
    assert "Member count" not in page and "Thread count" not in page
    assert "Leden" in page and "Discussies" in page


def test_admin_menu_says_dutch_labels(bureau_client):
    page = bureau_client.get("/beheer/").content.decode()
    assert '"Community"' not in page and '"Dashboard"' not in page
    assert "Leden en domeinen" in page and "Moderatie-overzicht" in page


def test_platform_suspension_reads_as_dutch_with_the_whole_platform(bureau_client, bureau):
    member = factories.MemberFactory(display_name="Tessa Akkerman")
    suspension = moderation.suspend_member(
        moderator=bureau, member=member, days=3, reason="Herhaald grof taalgebruik"
    )
    assert " until " not in str(suspension) and "Tessa Akkerman tot " in str(suspension)
    page = bureau_client.get(f"/beheer/schorsingen/inspect/{suspension.pk}/").content.decode()
    texts = " ".join(page_texts(page)[0])
    assert "None" not in texts and "het hele platform" in texts
    assert "until" not in texts
    listing = bureau_client.get("/beheer/schorsingen/").content.decode()
    assert "het hele platform" in listing


def test_moderation_log_shows_a_readable_change_in_amsterdam_time(bureau_client, bureau):
    group = factories.ThinkGroupFactory()
    author = factories.MemberFactory()
    factories.add_to_group(author, group)
    thread = forum.start_thread(member=author, group=group, title="Een vraag", body="Tekst")
    moderation.lock_thread(moderator=bureau, thread=thread, reason="Afgerond")
    entry = ModerationAction.objects.get(kind="lock")
    page = bureau_client.get(f"/beheer/moderatielog/inspect/{entry.pk}/").content.decode()
    assert "{'" not in page and "is_locked" not in page
    assert "gesloten: Nee" in page and "gesloten: Ja" in page
    local = timezone.localtime(entry.created_at).strftime("%H:%M")
    assert local in page


def test_member_list_in_the_admin_says_ja_not_true(bureau_client):
    factories.MemberFactory()
    page = bureau_client.get("/beheer/members/").content.decode()
    assert "True" not in page and "Ja" in page


def test_log_in_page_offers_forgot_password_once(client):
    page = client.get(reverse("account_login")).content.decode()
    assert page.count("Wachtwoord vergeten?") == 1


def test_sign_up_password_help_says_je(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert "Uw wachtwoord" not in page
    assert "Je wachtwoord mag niet alleen uit cijfers bestaan" in page


def test_thread_header_has_no_dangling_separator(client):
    group = factories.ThinkGroupFactory()
    author = factories.MemberFactory()
    factories.add_to_group(author, group)
    thread = forum.start_thread(member=author, group=group, title="Een vraag", body="Tekst")
    client.force_login(author)
    page = client.get(thread.get_absolute_url()).content.decode()
    meta = page.split('class="thread-meta"')[1].split("</p>")[0]
    assert "·" not in meta


def test_locked_thread_is_gesloten_and_closed_group_besloten(client):
    group = factories.ThinkGroupFactory()
    author = factories.MemberFactory()
    factories.add_to_group(author, group)
    thread = forum.start_thread(member=author, group=group, title="Een vraag", body="Tekst")
    type(thread).objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(author)
    meta = client.get(thread.get_absolute_url()).content.decode().split('class="thread-meta"')[1]
    assert "Gesloten" in meta.split("</p>")[0] and "Besloten" not in meta.split("</p>")[0]


def test_search_check_speaks_dutch():
    group = factories.ThinkGroupFactory()
    author = factories.MemberFactory()
    factories.add_to_group(author, group)
    forum.start_thread(member=author, group=group, title="Een vraag", body="Tekst")
    out = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("search_check", stdout=out)
    text = out.getvalue()
    assert "post:" not in text and "thread:" not in text
    assert "Berichten:" in text and "Discussies:" in text


def test_search_help_says_je(client):
    page = client.get(reverse("search:search")).content.decode()
    assert "Zo zoekt u" not in page and "Zo zoek je" in page


def test_development_shows_the_dutch_404_not_the_url_list(client, settings):
    settings.DEBUG = True
    for path in ("/bestaat-niet/", "/denkgroepen/bestaat/niet/hier/", "/nergens.txt"):
        response = client.get(path)
        assert response.status_code == 404
        page = response.content.decode()
        assert "Pagina niet gevonden" in page, path
        assert "URLconf" not in page and "Using the URLconf" not in page


def test_favicon_is_served(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    assert 'rel="icon"' in client.get("/").content.decode()


def test_demo_events_run_at_the_times_their_texts_say():
    from website import demo
    from website.management.commands.load_demo import DemoContext
    from website.models import EventPage

    ctx = DemoContext(
        command=BaseCommand(stdout=io.StringIO()),
        rng=random.Random(1),
        threads=0,
        posts=0,
        members=3,
    )
    demo.load(ctx)
    times = {
        page.slug: (
            timezone.localtime(page.start).strftime("%H:%M"),
            timezone.localtime(page.end).strftime("%H:%M"),
        )
        for page in EventPage.objects.all()
    }
    assert times["regiobijeenkomst-noord"] == ("14:00", "16:30")
    assert times["webinar-schuldhulp"] == ("15:00", "16:00")
    assert times["jubileumcongres-10-jaar-sam"][0] == "09:30"
