"""Demo content loads, is idempotent and holds no client data; the GDPR export."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from groups import actions, gdpr
from groups.models import Post, PostMention, ThinkGroup, Thread, Visibility

pytestmark = pytest.mark.django_db


def test_demo_loads_groups_and_discussions_and_is_idempotent():
    out = StringIO()
    call_command("load_demo", "--members", "12", "--threads", "30", "--posts", "240", stdout=out)
    assert ThinkGroup.objects.count() == 12
    assert ThinkGroup.objects.filter(slug="tozo-en-zelfstandigen").exists()
    assert set(ThinkGroup.objects.values_list("visibility", flat=True)) == set(Visibility.values)
    assert Thread.objects.count() == 30 and Post.objects.count() == 240
    assert "Denkgroepen: berichten" in out.getvalue()
    for thread in Thread.objects.all():
        numbers = list(thread.posts.values_list("number", flat=True))
        assert numbers == list(range(1, thread.last_number + 1))
    for group in ThinkGroup.objects.all():
        assert group.memberships.filter(role="moderator").exists()
        assert group.post_count == Post.objects.filter(thread__group=group).count()
    counts = (Thread.objects.count(), Post.objects.count(), PostMention.objects.count())
    call_command("load_demo", "--members", "12", "--threads", "30", "--posts", "240", stdout=out)
    assert (Thread.objects.count(), Post.objects.count(), PostMention.objects.count()) == counts


def test_demo_texts_hold_nothing_that_looks_like_client_data():
    from groups import demo_texts

    blob = repr(vars(demo_texts))
    assert not re.search(r"\b\d{9}\b", blob)  # citizen service numbers
    assert not re.search(r"\bNL\d{2}[A-Z]{4}\d{10}\b", blob)  # IBAN
    assert not re.search(r"\b0\d{9}\b|\+31", blob)  # phone numbers
    assert not re.search(r"[\w.]+@[\w.]+\.\w+", blob)  # e-mail addresses
    assert not re.search(r"\b\d{4} ?[A-Z]{2}\b", blob)  # postcodes


def test_gdpr_export_holds_the_members_forum_data(author, thread, open_group):
    post = actions.reply(member=author, thread=thread, body="Eerste versie")
    actions.edit_post(member=author, post=post, body="Tweede versie")
    data = gdpr.export(author)
    assert data["memberships"][0]["group"] == open_group.name
    assert data["threads"][0]["title"] == thread.title
    texts = [p["text"] for p in data["posts"]]
    assert "Tweede versie" in texts
    assert data["posts"][-1]["earlier_versions"][0]["text"] == "Eerste versie"
    assert data["followed_threads"][0]["thread"] == thread.title
    assert data["read_state"][0]["read_up_to"] == 2
