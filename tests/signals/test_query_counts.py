"""Query counts of the signal pages do not grow with the signals on them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups import actions as forum
from groups.signals import actions
from tests import factories

from .conftest import mark


def _add_signals(n, *, thread, theme, group, bureau):
    for _ in range(n):
        writer = factories.MemberFactory()
        factories.add_to_group(writer, group)
        post = forum.reply(member=writer, thread=thread, body="Ook bij ons gaat het mis.")
        signal, _ = mark(writer, post, theme)
        actions.decide_consent(member=writer, signal=signal, allow=True)
        actions.accept_signal(actor=bureau, signal=signal)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url_name", "as_bureau"),
    [
        ("theme", False),
        ("themes", False),
        ("mine", False),
        ("signal_desk:index", True),
        ("signal_desk:themes", True),
    ],
)
def test_signal_pages_do_not_grow_with_signals(
    url_name, as_bureau, thread, theme, open_group, bureau, marker, client
):
    if url_name == "theme":
        url = theme.get_absolute_url()
    elif ":" in url_name:
        url = reverse(url_name)
    else:
        url = reverse(f"groups:signals:{url_name}")
    client.force_login(bureau if as_bureau else marker)
    _add_signals(2, thread=thread, theme=theme, group=open_group, bureau=bureau)
    few = _count(client, url)
    _add_signals(5, thread=thread, theme=theme, group=open_group, bureau=bureau)
    assert _count(client, url) == few


def test_thread_page_queries_are_the_same_with_signals(thread, theme, open_group, bureau, client,
                                                      marker):  # fmt: skip
    client.force_login(marker)
    url = thread.get_absolute_url()
    client.get(url)  # first visit: read state, session
    without = _count(client, url)
    _add_signals(4, thread=thread, theme=theme, group=open_group, bureau=bureau)
    client.get(url)
    assert _count(client, url) == without
    # The markers are in the page (rendered from the same query's annotations).
    assert "Signaal voor beleid: Terugvordering Tozo" in client.get(url).content.decode()
