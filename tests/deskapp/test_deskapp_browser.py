"""An editor reviews, edits, approves and publishes a draft in a real browser (Debian's
chromium through Playwright) against the desk app served by uvicorn."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.write.editions import get_edition
from tests.deskapp.conftest import Desk
from tests.publish.editions import HOSTILE_CRLF
from tests.publish.test_site_browser import ARTIFACTS, CHROMIUM, _open, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed at /usr/bin/chromium "
                              "(apt-get install chromium)"),
]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_editor_reviews_edits_approves_and_publishes_in_the_browser(
    browser: Any, desk: Desk  # noqa: F811
) -> None:
    problems: list[str] = []
    page = _open(browser, desk.url + "/", problems, viewport={"width": 1100, "height": 900})
    assert page.locator("h1").inner_text() == "Editions"
    page.locator(f'a[href="/editions/{desk.edition_id}"]').click()
    page.wait_for_load_state("load")
    assert page.locator(".status").first.inner_text() == "draft"
    assert page.evaluate("() => document.scripts.length") == 0
    assert page.evaluate("() => window.__xss === undefined")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_load_state("load")
    page.get_by_label("Headline").first.fill("DeepSeek's R2 lands early")
    page.locator('input[name="story-0-s0-1"]').uncheck()
    page.get_by_label("section").last.select_option("lead")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk-edit.png"), full_page=True)
    page.get_by_role("button", name="Save as version 2").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("status").inner_text() == "Saved as a new version."
    assert page.locator("section.lead h2").first.inner_text() == "DeepSeek's R2 lands early"
    assert "Tencent open-sources Hunyuan video model" in page.locator(
        "section.lead h2").all_inner_texts()

    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("status").inner_text() == "Approved: it can be published."
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("status").inner_text().startswith("Published")
    assert page.locator(".status").first.inner_text() == "published"
    assert page.get_by_role("link", name="Edit", exact=True).count() == 0
    page.screenshot(path=str(ARTIFACTS / "desk-published.png"), full_page=True)

    with desk.store.session() as session:
        record, edition = get_edition(session, desk.edition_id)
        assert (record.status, record.version) == ("published", 2)
        assert edition.leads[0].headline == "DeepSeek's R2 lands early"
        # a headline the editor did not touch is kept as it was, line breaks and all
        assert HOSTILE_CRLF in [story.headline for story in edition.leads]
    site = (desk.home / "site" / "china-tech" / "index.html").read_text(encoding="utf-8")
    assert "China Roundup: week 11" in site
    assert problems == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_desk_reads_on_a_phone_without_sideways_scrolling(
    browser: Any, desk: Desk  # noqa: F811
) -> None:
    problems: list[str] = []
    for path in ("/", f"/editions/{desk.edition_id}", f"/editions/{desk.edition_id}/edit"):
        page = _open(browser, desk.url + path, problems,
                     viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1], (path, widths)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk-edit-mobile.png"), full_page=True)
    assert problems == []
