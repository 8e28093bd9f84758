"""The bureau dashboard: its figures checked against the data, and the page that shows them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Post
from groups.moderation.dashboard import figures, week_starts
from groups.moderation.models import Flag
from tests import factories


@pytest.fixture
def data(group, author, bureau):
    """Werk en inkomen: 3 posts this week; zorg: 2 posts three weeks ago, 1 long ago."""
    now = timezone.now()
    zorg_group = factories.ThinkGroupFactory(name="Wmo-loket", domain=factories.domain("zorg"))
    factories.add_to_group(author, zorg_group)
    busy = factories.make_thread(group=group, author=author, title="Drukke discussie")
    factories.make_posts(thread=busy, author=author, count=2)
    quiet = factories.make_thread(group=zorg_group, author=author, title="Rustige discussie")
    factories.make_posts(thread=quiet, author=author, count=2)
    quiet_posts = list(quiet.posts.order_by("number"))
    Post.objects.filter(pk__in=[p.pk for p in quiet_posts[:2]]).update(
        created_at=now - timedelta(weeks=3)
    )
    Post.objects.filter(pk=quiet_posts[2].pk).update(created_at=now - timedelta(weeks=20))

    reporters = [factories.MemberFactory() for _ in range(5)]
    target = busy.posts.get(number=2)
    open_recent = Flag.objects.create(post=target, reporter=reporters[0], reason="spam")
    open_old = Flag.objects.create(post=target, reporter=reporters[1], reason="spam")
    Flag.objects.filter(pk=open_old.pk).update(created_at=now - timedelta(days=5))
    Flag.objects.filter(pk=open_recent.pk).update(created_at=now - timedelta(hours=2))
    for reporter, hours in zip(reporters[2:], [2, 4, 10], strict=True):
        created = now - timedelta(days=1, hours=hours)
        Flag.objects.create(
            post=target,
            reporter=reporter,
            reason="inappropriate",
            created_at=created,
            resolved_at=created + timedelta(hours=hours),
            resolved_by=bureau,
            resolution="dismissed",
        )
    return {"now": now, "busy": busy, "quiet": quiet, "zorg_group": zorg_group}


@pytest.mark.django_db
def test_figures_match_the_data(data, group):
    fig = figures(data["now"])
    assert (fig.open_flags, fig.open_posts) == (2, 1)
    assert dict(fig.flag_ages) == {
        "minder dan een dag": 1,
        "1 tot 3 dagen": 0,
        "3 tot 7 dagen": 1,
        "meer dan 7 dagen": 0,
    }
    assert fig.handled_flags == 3
    assert fig.median_handle_hours == 4.0
    weeks = week_starts(data["now"])
    assert fig.weeks == weeks and len(weeks) == 12
    by_domain = {s.label: s.values for s in fig.domains}
    assert by_domain["Werk en inkomen"][-1] == 3 and sum(by_domain["Werk en inkomen"]) == 3
    assert by_domain["Zorg"][-4] + by_domain["Zorg"][-5] == 2 and sum(by_domain["Zorg"]) == 2
    assert sum(by_domain["Jeugd"]) == 0
    counts = {g.name: n for g, n in fig.groups}
    assert counts[group.name] == 3 and counts["Wmo-loket"] == 2
    assert [t.title for t in fig.threads] == ["Drukke discussie", "Rustige discussie"]
    assert [t.recent for t in fig.threads] == [3, 2]


@pytest.mark.django_db
def test_dashboard_page_shows_the_figures_a_chart_and_its_table(client, bureau, data):
    client.force_login(bureau)
    response = client.get("/beheer/moderatie-dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<li data-figure="open-flags"><strong>2</strong>' in page
    assert "4.0 u" in page or "4,0 u" in page
    assert 'role="img"' in page and '<title id="activiteit-domeinen-title">' in page
    assert "Berichten per week per domein" in page
    assert '<th scope="row">Wmo-loket</th><td>Zorg</td><td>2</td>' in page
    assert "Drukke discussie" in page


@pytest.mark.django_db
def test_dashboard_is_for_the_bureau_only(client, moderator):
    client.force_login(moderator)
    response = client.get("/beheer/moderatie-dashboard/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_the_data(
    client, bureau, data, group, author, django_assert_max_num_queries
):
    client.force_login(bureau)
    with django_assert_max_num_queries(40) as before:
        client.get("/beheer/moderatie-dashboard/")
    for n in range(5):
        thread = factories.make_thread(group=group, author=author, title=f"Extra onderwerp {n}")
        Flag.objects.create(post=thread.posts.get(), reporter=bureau, reason="spam")
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/beheer/moderatie-dashboard/")
