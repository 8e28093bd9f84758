"""Knowledge that stays right, in real browsers: a reader has a thread about version 12 of the
Tozo guidance open with a half-written reply; an editor publishes version 13 and the banner
appears live, with one notification; a moderator verifies an answer valid until tomorrow and
the reader sees it on top; after the worker's expiry run the badge turns "verlopen"."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from community.models import Notification, NotificationKind
from groups import actions as forum
from groups.knowledge import actions
from groups.models import GroupRole
from tests import factories
from tests.browser.conftest import logged_in_page
from tests.conftest import skip_or_fail
from tests.knowledge.conftest import publish_version

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_banner_verification_and_expiry_reach_an_open_thread_live(live_server_url, browser):
    if not settings.REDIS_URL:
        # The editor's publish and the worker run in this process; their events reach the
        # Daphne process through the Redis channel layer.
        skip_or_fail("REDIS_URL is not set: events cannot cross to the server process")
    guidance = factories.make_guidance(versions=12)
    group = factories.ThinkGroupFactory(name="Werk en inkomen Utrecht")
    moderator = factories.MemberFactory(display_name="Mo de Moderator")
    reader = factories.MemberFactory(display_name="Ruud Lezer")
    factories.add_to_group(moderator, group, role=GroupRole.MODERATOR)
    factories.add_to_group(reader, group)
    thread = factories.make_thread(
        group=group, author=reader, title="Inkomenstoets Tozo", body="Hoe toets ik het inkomen?"
    )
    actions.link_thread(member=reader, thread=thread, page_id=guidance.pk, number=12)
    answer = forum.reply(
        member=moderator, thread=thread, body="Tel het inkomen van de partner mee (par. 4.2)."
    )
    # The reply notification read: the bell starts at zero.
    Notification.objects.filter(recipient=reader).update(read_at=timezone.now())
    url = f"{live_server_url}{thread.get_absolute_url()}"
    contexts = []
    try:
        context_r, page_r = logged_in_page(browser, live_server_url, reader)
        context_m, page_m = logged_in_page(browser, live_server_url, moderator)
        contexts += [context_r, context_m]
        page_r.goto(url)
        half_written = "Bij ons rekenen we het partnerinkomen"
        page_r.fill("#reply-form textarea[name=body]", half_written)
        page_m.goto(url)
        page_r.wait_for_function(
            "document.querySelector('[data-readers-count]').textContent.includes('1 collega')"
        )
        assert page_r.locator("[data-knowledge-banner]").count() == 0

        # The editor publishes version 13.
        publish_version(guidance, 13, "Partnerinkomen telt voortaan mee.")
        page_r.wait_for_selector("[data-knowledge-banner]")
        banner = page_r.locator("[data-knowledge-banner]").inner_text()
        assert "Deze discussie gaat over versie 12 van de Handreiking Tozo" in banner
        assert "Versie 13 is nu geldend" in banner
        page_r.wait_for_function(
            "document.querySelector('[data-notification-count]')"
            ".getAttribute('data-notification-count') === '1'"
        )
        assert page_r.input_value("#reply-form textarea[name=body]") == half_written
        assert (
            Notification.objects.filter(recipient=reader, kind=NotificationKind.KNOWLEDGE).count()
            == 1
        )
        page_r.click("[data-knowledge-banner] summary")
        _shot(page_r, "knowledge-1-banner-live.png")

        # The moderator verifies the answer, valid until tomorrow.
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        page_m.click(f'li[data-number="{answer.number}"] a.post-verify')
        page_m.fill("input[name=valid_until]", tomorrow.isoformat())
        _shot(page_m, "knowledge-2-verify-form.png")
        page_m.get_by_role("button", name="Verifiëren", exact=True).click()
        page_m.wait_for_selector('#knowledge-panel[data-verified="active"]')
        page_r.wait_for_selector('#knowledge-panel[data-verified="active"]')
        panel = page_r.locator("#knowledge-panel").inner_text()
        assert "Geverifieerd door Mo de Moderator" in panel
        assert "partner" in panel
        assert page_r.input_value("#reply-form textarea[name=body]") == half_written
        _shot(page_r, "knowledge-3-verified-live.png")

        # The worker's expiry run, the day after tomorrow.
        assert actions.expire_due(today=tomorrow + datetime.timedelta(days=1)) == 1
        page_r.wait_for_selector('#knowledge-panel[data-verified="expired"]')
        assert "verlopen – mogelijk verouderd" in page_r.locator("#knowledge-panel").inner_text()
        _shot(page_r, "knowledge-4-expired-live.png")
        page_r.goto(f"{live_server_url}{group.get_absolute_url()}")
        row = page_r.locator(f"#thread-{thread.pk}").inner_text()
        assert "verlopen – mogelijk verouderd" in row
        _shot(page_r, "knowledge-5-list-badge.png")
    finally:
        for context in contexts:
            context.close()
