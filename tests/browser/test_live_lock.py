"""A thread closed by a moderator closes the reply box of a reader who has it open, live,
without losing what the reader typed."""

import pytest

from groups.models import Thread
from tests import factories
from tests.browser.conftest import logged_in_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_closing_a_thread_closes_an_open_reply_box_and_keeps_the_text(
    live_server_url, browser, tmp_path, settings
):
    settings.FORUM_RATE_LIMITS_ENABLED = False
    group = factories.ThinkGroupFactory(name="Wachtlijsten in de Wmo")
    reader = factories.MemberFactory(display_name="Roos Lezer")
    author = factories.MemberFactory(display_name="Bas Schrijver")
    bureau = factories.MemberFactory(display_name="Saskia Bureau", roles=["Bureau"])
    for person in (reader, author):
        factories.add_to_group(person, group)
    thread = factories.make_thread(
        group=group,
        author=author,
        title="Hoe lang wachten jullie cliënten?",
        body="Bij ons zes weken.",
    )
    post = thread.posts.get(number=1)
    contexts = []
    try:
        context_r, page_r = logged_in_page(browser, live_server_url, reader)
        contexts.append(context_r)
        page_r.goto(live_server_url + thread.get_absolute_url())
        page_r.fill("#reply-form textarea[name=body]", "Bij ons is het inmiddels acht weken")
        page_r.wait_for_timeout(500)  # the socket subscribes

        context_b, page_b = logged_in_page(browser, live_server_url, bureau)
        contexts.append(context_b)
        page_b.goto(f"{live_server_url}/denkgroepen/moderatie/bericht/{post.pk}/")
        page_b.fill("#thread-reason", "Discussie afgerond")
        page_b.click(
            "form.moderation-form:has(#thread-reason) button[type=submit]:not([formaction])"
        )

        page_r.wait_for_selector("#reply-form [data-locked-notice]", timeout=3_000)
        assert page_r.locator("#reply-form textarea[name=body]").is_disabled()
        assert page_r.locator("#reply-form button[type=submit]").first.is_disabled()
        assert (
            page_r.input_value("#reply-form textarea[name=body]")
            == "Bij ons is het inmiddels acht weken"
        )
        page_r.screenshot(path=str(tmp_path / "thread-closed-live.png"), full_page=True)
        assert Thread.objects.get(pk=thread.pk).is_locked
    finally:
        for context in contexts:
            context.close()
