"""Browser: an editor writes an interview, the bureau approves it, a visitor reads it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"newsroom-{name}.png"), full_page=True)


def admin_login(page, base: str, email: str) -> None:
    page.goto(f"{base}/beheer/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/beheer/$"))


@pytest.mark.django_db(transaction=True)
def test_editor_writes_interview_bureau_approves_visitor_reads(live_server_url, browser):
    from website.models import ArticlePage

    editor = f.MemberFactory(roles=["Redactie"], email="redactie@example.nl")
    bureau = f.MemberFactory(roles=["Bureau"], email="bureau@example.nl")
    f.make_tag("Tozo")
    f.make_tag("Coronacrisis")
    f.make_article(title="Eerdere Tozo-update", tags=["Tozo"], intro="Versie 12 verschenen.")
    news = f.news_index()

    # The editor writes an interview with two tags and submits it for moderation.
    editor_ctx = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = editor_ctx.new_page()
    page.set_default_timeout(15_000)
    admin_login(page, live_server_url, editor.email)
    assert "Dashboard" in page.content() or "Pagina's" in page.content()
    page.goto(f"{live_server_url}/beheer/pages/add/website/articlepage/{news.pk}/")
    page.fill("#id_title", "Interview: de Tozo in de praktijk")
    page.select_option("#id_kind", "interview")
    page.get_by_label("Tozo", exact=True).check()
    page.get_by_label("Coronacrisis", exact=True).check()
    page.fill("#id_intro", "Twee klantmanagers over een jaar Tozo aan de balie.")
    # Add an interview turn to the StreamField.
    page.locator("#body-root button.c-sf-add-button").first.click()
    page.get_by_text("Interviewbeurt", exact=True).click()
    page.locator("input[name='body-0-value-speaker']").fill("Marieke de Wit")
    page.locator("textarea[name='body-0-value-text']").fill("Iedere aanvraag is een verhaal.")
    shot(page, "1-editor-writes")
    page.evaluate("document.querySelector('button[name=\"action-submit\"]').click()")
    page.wait_for_url(re.compile(r".*/beheer/pages/\d+/edit/.*|.*/beheer/pages/\d+/$"))
    shot(page, "2-editor-submitted")
    article = ArticlePage.objects.get(title="Interview: de Tozo in de praktijk")
    assert not article.live
    assert article.workflow_in_progress
    editor_ctx.close()

    # The bureau approves it from the edit page.
    bureau_ctx = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = bureau_ctx.new_page()
    page.set_default_timeout(15_000)
    admin_login(page, live_server_url, bureau.email)
    shot(page, "3-bureau-dashboard")
    page.goto(f"{live_server_url}/beheer/pages/{article.pk}/edit/")
    page.evaluate(
        "() => { const b = document.querySelector('button[data-workflow-action-name=\"approve\"]');"
        " b.click(); }"
    )
    page.wait_for_timeout(1500)
    shot(page, "4-bureau-approves")
    article.refresh_from_db()
    assert article.live, "the bureau's approval did not publish the article"
    bureau_ctx.close()

    # An anonymous visitor finds it on /nieuws/, under its tag, in the tag feed, with related.
    visitor = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = visitor.new_page()
    page.goto(f"{live_server_url}/nieuws/")
    assert page.get_by_role("link", name="Interview: de Tozo in de praktijk").is_visible()
    shot(page, "5-news-list")
    page.goto(f"{live_server_url}/nieuws/tag/tozo/")
    assert page.get_by_role("link", name="Interview: de Tozo in de praktijk").is_visible()
    shot(page, "6-tag-page")
    feed = page.request.get(f"{live_server_url}/nieuws/tag/tozo/feed/")
    root = ET.fromstring(feed.body())  # noqa: S314 - our own feed
    assert "Interview: de Tozo in de praktijk" in [i.findtext("title") for i in root.iter("item")]
    page.goto(f"{live_server_url}{article.url}")
    assert page.locator(".interview-turn .speaker").inner_text() == "Marieke de Wit"
    assert page.get_by_role("heading", name="Gerelateerde artikelen").is_visible()
    assert page.get_by_role("link", name="Eerdere Tozo-update").is_visible()
    shot(page, "7-article")
    visitor.close()
