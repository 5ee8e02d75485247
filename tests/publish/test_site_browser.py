"""Look at the built site in a real browser (Debian's chromium through Playwright)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.publish.site import build_site
from newsdesk.write.edition import Edition
from tests.conftest import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO_ROOT / "test-artifacts"
EDITION_PATH = "editions/china-tech-2025-w11/index.html"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed at /usr/bin/chromium "
                              "(apt-get install chromium)"),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Keep the test output clean."""


@pytest.fixture
def served_site(editions: list[Edition], tmp_path: Path) -> Iterator[str]:
    """Build the site and serve it from 127.0.0.1; yields the base URL."""
    out = tmp_path / "site"
    build_site(editions, out, site_title="China Tech Weekly")
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def browser() -> Iterator[Any]:
    """A headless chromium; never downloads a browser."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def _open(browser: Any, url: str, problems: list[str], **context: Any) -> Any:
    """Open ``url`` in a fresh page that records console errors and failed requests."""
    page = browser.new_context(**context).new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # A request cut short by navigating on (net::ERR_ABORTED) is not a broken page; a
    # missing file shows up as an HTTP error below.
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}")
            if r.failure != "net::ERR_ABORTED" else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    return page


def test_edition_page_reads_well_in_a_browser(browser: Any, served_site: str,
                                              edition: Edition) -> None:
    problems: list[str] = []
    index = _open(browser, served_site + "index.html", problems,
                  viewport={"width": 1100, "height": 900})
    assert index.locator("h1").inner_text() == "China Tech Weekly"
    index.get_by_role("link", name=edition.title).click()
    index.wait_for_load_state("load")
    assert index.url == served_site + EDITION_PATH
    assert index.locator("h1").inner_text() == edition.title
    headlines = index.locator("h2.story-headline").all_inner_texts()
    assert headlines[0] == edition.leads[0].headline
    assert len(headlines) == len(edition.leads)
    assert index.get_by_role("heading", name="Also worth your attention").is_visible()
    assert "财新 Caixin" in index.locator("section.credits").inner_text()
    sources = {c.url for s in edition.leads + edition.also for c in s.sources}
    cite_hrefs = index.locator("span.cite a").evaluate_all("els => els.map(e => e.href)")
    assert cite_hrefs and set(cite_hrefs) <= sources
    assert index.evaluate("() => document.scripts.length") == 0
    assert index.evaluate("() => window.__xss === undefined")
    ARTIFACTS.mkdir(exist_ok=True)
    index.screenshot(path=str(ARTIFACTS / "edition.png"), full_page=True)
    index.locator("h2.story-headline a").first.click()
    index.wait_for_load_state("load")
    assert index.locator("h1").inner_text() == edition.leads[0].headline
    assert index.locator("ul.sources li").count() == len(edition.leads[0].sources)
    assert problems == []


def test_every_story_page_is_reachable(browser: Any, served_site: str) -> None:
    problems: list[str] = []
    page = _open(browser, served_site + EDITION_PATH, problems)
    hrefs = page.locator("h2.story-headline a, section.also a.more").evaluate_all(
        "els => els.map(e => e.href)")
    assert len(hrefs) == 5
    for href in hrefs:
        response = page.goto(href)
        assert response is not None and response.ok, href
        assert page.locator("h1").count() == 1
    assert problems == []


def test_mobile_viewport_has_no_horizontal_scroll(browser: Any, served_site: str) -> None:
    problems: list[str] = []
    page = _open(browser, served_site + EDITION_PATH, problems,
                 viewport={"width": 360, "height": 740}, device_scale_factor=2,
                 is_mobile=True, has_touch=True)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "edition-mobile.png"), full_page=True)
    assert problems == []


def test_skip_link_moves_focus_to_main(browser: Any, served_site: str) -> None:
    problems: list[str] = []
    page = _open(browser, served_site + EDITION_PATH, problems)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert problems == []
