"""Browser: the site, the API docs and the Wagtail admin work under the strict CSP.

An editor logs into /beheer/, opens the page editor, adds an author row (a widget that
Wagtail would start with an inline script), opens the image chooser and the group
chooser, and then visits the site's main pages and a thread with its live socket. Every
``securitypolicyviolation`` event, CSP console error and page error is recorded; none
may occur.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories as f
from tests.browser.test_newsroom import admin_login

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

LISTEN = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def record_problems(context) -> list[str]:
    problems: list[str] = []
    context.expose_binding("__cspViolation", lambda _source, text: problems.append(text))
    context.add_init_script(LISTEN)

    def on_page(page):
        page.on(
            "console",
            lambda msg: (
                problems.append(f"console: {msg.text}")
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))

    context.on("page", on_page)
    return problems


@pytest.mark.django_db(transaction=True)
def test_admin_and_site_work_under_the_policy(live_server_url, browser):
    base = live_server_url
    editor = f.MemberFactory(roles=["Redactie"], email="redactie-csp@example.nl")
    member = f.MemberFactory(email="lid-csp@example.nl")
    group = f.ThinkGroupFactory(name="Open Groep Armoede")
    f.add_to_group(member, group)
    thread = f.make_thread(group=group, author=member, title="Ervaringen met de Tozo")
    article = f.make_article(title="Tozo-update", tags=["Tozo"])
    f.make_author("Marieke de Wit")

    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    problems = record_problems(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    SHOTS.mkdir(parents=True, exist_ok=True)

    admin_login(page, base, editor.email)
    page.goto(f"{base}/beheer/pages/{article.pk}/edit/")
    page.wait_for_selector("#id_title")
    # An inline panel (started by admin-init.js): adding an author row works.
    rows = page.locator("[id^='inline_child_article_authors-']")
    before = rows.count()
    page.locator("#id_article_authors-ADD").click()
    # (A locator, not wait_for_function: that polls with eval, which the policy forbids.)
    rows.nth(before).wait_for(state="attached")
    # A chooser widget (started by admin-init.js): the image chooser opens its modal.
    page.locator("#id_image-chooser .unchosen button").click()
    page.wait_for_selector(".modal-content", state="visible")
    page.screenshot(path=str(SHOTS / "csp-image-chooser.png"))
    page.keyboard.press("Escape")
    # The publishing schedule dialog's date-time picker is started too.
    assert page.evaluate("!!document.querySelector('#id_go_live_at')")
    page.screenshot(path=str(SHOTS / "csp-page-editor.png"), full_page=True)

    # The group chooser of the call-out block, by its own page.
    page.goto(f"{base}/beheer/denkgroep-kiezer/")
    page.goto(f"{base}/beheer/")
    # The site's main pages, the API docs and a thread with its live socket.
    for path in ("/", "/nieuws/", article.url, "/denkgroepen/", "/zoeken/?q=tozo", "/api/docs"):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
    page.wait_for_selector("#swagger-ui .info")
    page.context.clear_cookies()
    from tests.browser.conftest import logged_in_page

    member_context, member_page = logged_in_page(browser, base, member, bypass_csp=False)
    member_problems = record_problems(member_context)
    try:
        member_page.on("pageerror", lambda exc: member_problems.append(f"pageerror: {exc}"))
        member_page.goto(f"{base}{thread.get_absolute_url()}")
        member_page.wait_for_load_state("networkidle")
        member_page.screenshot(path=str(SHOTS / "csp-thread.png"))
    finally:
        member_context.close()
    context.close()
    assert not problems, problems
    assert not member_problems, member_problems
