"""The search page in a real browser (Debian's Chromium via Playwright), served by waitress."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import waitress
from flask import Flask

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} saknas, men CI ska ha installerat den", pytrace=False)
    pytest.skip(f"{CHROMIUM} saknas: webbläsartesterna körs inte", allow_module_level=True)

from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server_url(app: Flask) -> Iterator[str]:
    """The app served by waitress on a free loopback port, in a background thread."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright never downloads a browser of its own."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(params=[True, False], ids=["med-js", "utan-js"])
def javascript(request: pytest.FixtureRequest) -> bool:
    """Whether the page runs JavaScript: the page must work both ways."""
    return request.param


@pytest.fixture
def page(browser: Browser, javascript: bool) -> Iterator[Page]:
    """A fresh page in its own context; console errors (such as CSP violations) fail the test."""
    context = browser.new_context(java_script_enabled=javascript, locale="sv-SE")
    tab = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url')})")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


def test_search_filter_and_open_a_release(page: Page, server_url: str, javascript: bool) -> None:
    page.goto(server_url + "/")
    page.get_by_label("Sökord").fill("upphandling")
    page.get_by_role("button", name="Sök", exact=True).click()

    status = page.get_by_role("status")
    expect(status).to_have_text("2 träffar för ”upphandling”")
    expect(page).to_have_url(re.compile(r"[?&]q=upphandling"))
    expect(page.locator(".snippet mark").first).to_be_visible()

    hint = page.get_by_text("Sökningen uppdateras när du markerar ett val.")
    if javascript:
        expect(hint).to_be_visible()
    else:
        expect(hint).to_be_hidden()
    person = page.get_by_role("checkbox", name=re.compile(r"^Åsa Olsson"))
    person.check()
    if not javascript:
        page.get_by_role("button", name="Filtrera").click()

    expect(status).to_have_text("1 träff för ”upphandling”")
    expect(page).to_have_url(re.compile(r"person=%C3%85sa(\+|%20)Olsson"))
    expect(person).to_be_checked()
    if javascript:
        expect(person).to_be_focused()

    title = "Grunden lagd för rätt stöd i sunda offentliga affärer"
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("Datum saknas")).to_be_visible()
    expect(page.get_by_role("link", name="08-586 217 85")).to_be_visible()


def test_skip_link_is_the_first_stop(page: Page, server_url: str) -> None:
    page.goto(server_url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_search_page_fits_the_screen(
    page: Page, server_url: str, width: int, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server_url + "/?q=upphandling")
    expect(page.get_by_role("status")).to_have_text("2 träffar för ”upphandling”")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"sidan är {overflow} px för bred vid {width} px"
    shot = tmp_path / f"sok-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
