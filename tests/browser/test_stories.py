"""A practice story end to end in real browsers: a member writes a story with a client's name,
a town and a birth date; the assistant (the worker's job) marks all three; the member replaces
them and submits with public consent and an anonymous name; an editor sees the privacy check and
the bureau approves it in Wagtail's workflow; an anonymous visitor reads it without the
original name; the member withdraws consent and the article disappears."""

from pathlib import Path

import pytest

from tests import factories
from tests.browser.conftest import logged_in_page
from tests.conftest import skip_or_fail
from website.models import ArticlePage
from website.stories.models import Story, StoryStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _worker_round():
    """What the worker does between the member's save and the marks on their screen."""
    from core.anonymise import is_built
    from website.stories.jobs import analyse_stories

    if not is_built():
        skip_or_fail("deduce is not built: python -m core.anonymise --build")
    assert analyse_stories() == 1


def test_story_from_writing_to_withdrawal(live_server_url, browser):
    writer = factories.MemberFactory(display_name="Anouk de Schrijver")
    editor = factories.MemberFactory(display_name="Eva Redactie", roles=["Redactie"])
    bureau = factories.MemberFactory(display_name="Dirk Bureau", roles=["Bureau"])
    contexts = []
    try:
        context_w, page_w = logged_in_page(browser, live_server_url, writer)
        contexts.append(context_w)
        page_w.goto(f"{live_server_url}/verhalen/schrijven/")
        page_w.fill("input[name=title]", "Een gezin dat tussen wal en schip valt")
        page_w.fill(
            "textarea[name=situation]",
            "Klant Pieter de Vries uit Apeldoorn, geboren op 12-03-1984, kwam bij mij met "
            "een schuld bij de Belastingdienst.",
        )
        page_w.fill("textarea[name=action]", "Ik heb zijn aanvraag met voorrang behandeld.")
        page_w.fill("textarea[name=obstacles]", "De kostendelersnorm liet hem te weinig over.")
        page_w.fill(
            "textarea[name=helps]", "Ruimte om af te wijken als een gezin anders dakloos wordt."
        )
        page_w.get_by_role("button", name="Opslaan en laten nalezen door de assistent").click()
        page_w.wait_for_selector(".assistant-busy")
        _worker_round()
        # The page asks whether the assistant is done and reloads by itself.
        page_w.wait_for_selector(".assistant", timeout=15000)
        marks = page_w.locator("mark.finding").all_inner_texts()
        joined = " | ".join(marks)
        assert "Pieter de Vries" in joined and "Apeldoorn" in joined and "1984" in joined
        _shot(page_w, "stories-1-assistant-marks.png")

        town = page_w.get_by_label("“Apeldoorn”", exact=False)
        town.fill("een gemeente in Gelderland")
        page_w.get_by_role("button", name="Vervangingen bewaren").click()
        preview = page_w.locator(".preview").inner_text()
        assert "een gemeente in Gelderland" in preview
        assert "Pieter" not in preview and "Apeldoorn" not in preview and "1984" not in preview
        page_w.check("input[name=audience][value=public]")
        page_w.check("input[name=show_name][value='0']")
        page_w.fill("input[name=byline]", "een klantmanager uit Gelderland")
        page_w.check("input[name=consent]")
        _shot(page_w, "stories-2-preview-and-consent.png")
        page_w.get_by_role("button", name="Insturen naar de redactie").click()
        page_w.wait_for_selector('[data-status="submitted"]', timeout=40000)
        story = Story.objects.get(author=writer)
        article = ArticlePage.objects.get(pk=story.page_id)

        # The editor sees the privacy check in Wagtail.
        context_e, page_e = logged_in_page(browser, live_server_url, editor)
        contexts.append(context_e)
        page_e.goto(f"{live_server_url}/beheer/pages/{article.pk}/edit/")
        panel = page_e.locator(".story-privacy").inner_text()
        assert "Pieter de Vries" in panel and "een gemeente in Gelderland" in panel
        assert "Niets houdt publicatie tegen." in panel
        _shot(page_e, "stories-3-privacy-check.png")

        # The bureau approves the workflow's task: the story is published.
        context_b, page_b = logged_in_page(browser, live_server_url, bureau)
        contexts.append(context_b)
        page_b.goto(f"{live_server_url}/beheer/pages/{article.pk}/edit/")
        approve = page_b.locator(
            "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
        )
        assert "Goedkeuren" in approve.inner_text()
        # The action sits in the footer's "more actions" menu: a click as the menu would.
        with page_b.expect_navigation():
            approve.evaluate("button => button.click()")
        page_b.wait_for_load_state()
        article.refresh_from_db()
        assert article.live
        story.refresh_from_db()
        assert story.status == StoryStatus.PUBLISHED

        # An anonymous visitor reads it, without the original name, town or birth date.
        visitor = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        contexts.append(visitor)
        page_v = visitor.new_page()
        page_v.goto(f"{live_server_url}/nieuws/soort/praktijkverhaal/")
        page_v.get_by_role("link", name="Een gezin dat tussen wal en schip valt").first.click()
        body = page_v.locator("body").inner_text()
        assert "een gemeente in Gelderland" in body and "een klantmanager uit Gelderland" in body
        for original in ("Pieter", "Apeldoorn", "1984", "Anouk"):
            assert original not in body
        _shot(page_v, "stories-4-published.png")
        url = page_v.url

        # The member withdraws consent; the article is gone.
        page_w.goto(f"{live_server_url}/verhalen/{story.pk}/")
        page_w.get_by_role("button", name="Mijn toestemming intrekken").click()
        page_w.wait_for_selector('[data-status="withdrawn"]')
        _shot(page_w, "stories-5-withdrawn.png")
        response = page_v.goto(url)
        assert response.status == 404
        article.refresh_from_db()
        assert not article.live
    except Exception:
        for context in contexts:
            for open_page in context.pages:
                _shot(open_page, f"stories-failed-{contexts.index(context)}.png")
        raise
    finally:
        for context in contexts:
            context.close()
