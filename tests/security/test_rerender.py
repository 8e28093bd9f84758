"""`manage.py rerender_posts` (issue 12, items 14-16, for posts stored before the fix):
HTML rendered by the old renderer is rendered again, mentions kept, nothing else touched."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from groups import actions as forum
from groups.models import Post, PostMention, PostRevision
from tests import factories

# What the renderer before issue 12 stored: the outside image fetched by every reader's
# browser, and a mention link broken open inside a link's title attribute.
OLD_HTML = (
    '<p><img src="http://evil.example/x.png" alt="kat"> '
    '<a href="https://evil.example" title="<a href="/leden/{pk}/">@Dirk Lezer</a>">klik</a> '
    "Vraag aan @Dirk Lezer</p>"
)
BODY = (
    '![kat](http://evil.example/x.png) [klik](https://evil.example "@[Dirk Lezer]") '
    "Vraag aan @[Dirk Lezer]"
)


def _run(*args) -> str:
    out = StringIO()
    call_command("rerender_posts", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_post(thread, author, reader):
    post = forum.reply(member=author, thread=thread, body=BODY)
    assert PostMention.objects.filter(post=post, member=reader).exists()
    stale = OLD_HTML.format(pk=reader.pk)
    Post.objects.filter(pk=post.pk).update(body_html=stale)
    PostRevision.objects.create(post=post, body=BODY, body_html=stale, edited_by=author)
    post.refresh_from_db()
    return post


def _assert_clean(html: str, reader) -> None:
    profile = reverse("community:profile", kwargs={"pk": reader.pk})
    assert "<img" not in html
    assert "evil.example/x.png" in html  # the image became a plain link, alt text kept
    assert "kat" in html
    assert 'title="@[Dirk Lezer]"' in html  # the title is text, not a link
    assert html.count(f'href="{profile}"') == 1  # only the mention in plain text
    assert f'<a href="{profile}" rel="nofollow ugc noopener">@Dirk Lezer</a>' in html


@pytest.mark.django_db
def test_old_html_is_rendered_again_and_mentions_stay_linked(old_post, reader):
    edited_at, edit_count = old_post.edited_at, old_post.edit_count
    output = _run()
    old_post.refresh_from_db()
    _assert_clean(old_post.body_html, reader)
    _assert_clean(PostRevision.objects.get(post=old_post).body_html, reader)
    assert (old_post.edited_at, old_post.edit_count) == (edited_at, edit_count)
    assert PostRevision.objects.filter(post=old_post).count() == 1
    assert "Klaar: 1 van 2 berichten en 1 eerdere versies opnieuw opgemaakt" in output


@pytest.mark.django_db
def test_a_dry_run_counts_and_changes_nothing(old_post):
    stale = old_post.body_html
    output = _run("--dry-run")
    old_post.refresh_from_db()
    assert old_post.body_html == stale
    assert PostRevision.objects.get(post=old_post).body_html == stale
    assert "Proefdraai: 1 van 2 berichten en 1 eerdere versies zouden veranderen" in output


@pytest.mark.django_db
def test_a_second_run_changes_nothing(old_post):
    _run()
    old_post.refresh_from_db()
    first = old_post.body_html
    assert "Klaar: 0 van 2 berichten en 0 eerdere versies" in _run()
    assert "0 van 2 berichten en 0 eerdere versies zouden veranderen" in _run("--dry-run")
    old_post.refresh_from_db()
    assert old_post.body_html == first


@pytest.mark.django_db
def test_progress_is_shown_per_batch(old_post, thread, author):
    factories.make_posts(thread=thread, author=author, count=3)
    output = _run("--batch-size", "2")
    assert "Berichten: 2/5 bekeken" in output
    assert "Berichten: 4/5 bekeken" in output
    assert "Berichten: 5/5 bekeken" in output


@pytest.mark.django_db
@pytest.mark.parametrize("count", [30, 60])
def test_sql_per_batch_does_not_grow_with_posts(
    count, thread, author, reader, django_assert_max_num_queries
):
    posts = factories.make_posts(
        thread=thread, author=author, count=count, body="Vraag {n} aan @[Dirk Lezer]"
    )
    PostMention.objects.bulk_create([PostMention(post=p, member=reader) for p in posts])
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(body_html="<p>oud</p>")
    # One batch: count, savepoint, posts, mentions, revisions, update, release, and the
    # empty batch that ends the run — the same for 30 posts as for 60.
    with django_assert_max_num_queries(10):
        _run("--batch-size", "100")
    assert Post.objects.filter(body_html="<p>oud</p>").count() == 0
