"""The search pages in a real browser (Debian's Chromium via Playwright), served by waitress.

Every flow runs twice: with JavaScript (refinements swap the results in place and keep the
address in step) and without (plain links and forms), over the fictional corpus.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from support import CHROMIUM, KARIN, MAJA

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} saknas, men CI ska ha installerat den", pytrace=False)
    pytest.skip(f"{CHROMIUM} saknas: webbläsartesterna körs inte", allow_module_level=True)

from playwright.sync_api import Browser, ConsoleMessage, Page, expect  # noqa: E402


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


def totals(app: Flask, **args: object) -> int:
    """The number of hits of a search, asked through the JSON API."""
    return app.test_client().get("/api/search", query_string=args).get_json()["total"]


def hits_word(total: int) -> str:
    return f"{total} träff" if total == 1 else f"{total} träffar"


def test_refine_page_and_follow_links(
    page: Page,
    server_url: str,
    javascript: bool,
    corpus_app: Flask,
) -> None:
    q = "upphandling"
    expected = {
        "all": totals(corpus_app, q=q),
        "maja": totals(corpus_app, q=q, person=MAJA),
        "both": totals(corpus_app, q=q, person=[MAJA, KARIN]),
        "2020": totals(corpus_app, q=q, person=[MAJA, KARIN], year="2020"),
    }
    assert expected["all"] > expected["both"] > expected["maja"] > expected["2020"] > 0
    status = page.get_by_role("status")

    def refine() -> None:
        """Without JavaScript a ticked box takes effect when the form is sent."""
        if not javascript:
            page.get_by_role("button", name="Filtrera").click()

    page.goto(server_url + "/")
    page.get_by_label("Sökord").fill(q)
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(status).to_have_text(f"{expected['all']} träffar för ”{q}”")
    expect(page.locator(".snippet mark").first).to_be_visible()
    if javascript:  # from here on, refinements must not reload the page
        page.evaluate("window.stillTheSamePage = true")

    maja = page.get_by_role("checkbox", name=re.compile(rf"^{MAJA} "))
    maja_label = page.locator("label", has_text=MAJA)
    count_before = maja_label.inner_text()
    maja.check()
    refine()
    expect(status).to_have_text(f"{hits_word(expected['maja'])} för ”{q}”")
    expect(page).to_have_url(re.compile(r"person=Maja(\+|%20)Fiktivsson"))

    karin = page.get_by_role("checkbox", name=re.compile(rf"^{KARIN} "))
    karin.check()
    refine()
    expect(status).to_have_text(f"{hits_word(expected['both'])} för ”{q}”")
    expect(page).to_have_url(re.compile(r"person=Karin(\+|%20)Testberg"))
    expect(maja_label).to_have_text(count_before)  # a group's own filter leaves its counts alone
    expect(maja).to_be_checked()
    expect(karin).to_be_checked()
    if javascript:
        expect(karin).to_be_focused()

    page.get_by_role("checkbox", name=re.compile(r"^2020 ")).check()
    refine()
    expect(status).to_have_text(f"{hits_word(expected['2020'])} för ”{q}”")
    expect(page.locator(".hit")).to_have_count(expected["2020"])
    expect(page.locator(".hit-meta time").first).to_have_attribute("datetime", re.compile("^2020-"))

    page.get_by_role("link", name=re.compile(r"^År: 2020")).click()
    expect(status).to_have_text(f"{hits_word(expected['both'])} för ”{q}”")
    expect(page.get_by_role("link", name=re.compile(r"^År: 2020"))).to_have_count(0)
    expect(page).not_to_have_url(re.compile("year="))

    page.get_by_role("link", name="Nästa sida").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("ol.hits")).to_have_attribute("start", "11")
    expect(page.get_by_role("link", name="Sida 2")).to_have_attribute("aria-current", "page")
    if javascript:
        expect(page.locator("#resultat-rubrik")).to_be_focused()
        assert page.evaluate("window.stillTheSamePage") is True
        page.go_back()  # history: the address and the results go back together
        expect(page).not_to_have_url(re.compile(r"page=2"))
        expect(page.locator("ol.hits")).to_have_attribute("start", "1")
        expect(status).to_have_text(f"{hits_word(expected['both'])} för ”{q}”")

    first = page.locator(".hit-title a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    facts = page.get_by_role("complementary")
    person_link = facts.get_by_role("link").first
    person = person_link.inner_text()
    person_link.click()
    expect(page).to_have_url(re.compile(r"/person/[a-z-]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(person)
    expect(page.get_by_role("heading", name="Pressmeddelanden", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()


def test_timeline_year_sets_the_year_filter(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=upphandling")
    page.get_by_role("link", name=re.compile(r"^2019: \d+ träff")).click()
    expect(page).to_have_url(re.compile(r"year=2019"))
    expect(page.get_by_role("checkbox", name=re.compile(r"^2019 "))).to_be_checked()
    expect(page.get_by_role("link", name=re.compile(r"^2019: .*\(valt\)"))).to_have_attribute(
        "aria-current", "true"
    )


def test_person_list_narrows_as_you_type(page: Page, server_url: str, javascript: bool) -> None:
    page.goto(server_url + "/")
    persons = page.locator("#facet-person li.checkbox")
    total = persons.count()
    box = page.get_by_label("Visa bara personer som innehåller")
    if not javascript:
        expect(box).to_be_hidden()
        page.locator("#facet-person summary").click()  # every value is one click away
        expect(persons.last).to_be_visible()
        return
    box.fill("prov")
    visible = page.locator("#facet-person li.checkbox:visible")
    expect(visible.first).to_be_visible()
    names = visible.locator("input").evaluate_all("boxes => boxes.map(b => b.value)")
    assert names and all("prov" in name.lower() for name in names)
    assert len(names) < total
    expect(page.locator("#facet-filter-person-count")).to_have_text(
        f"{len(names)} av {total} visas"
    )
    box.press("Enter")  # narrows only; the search is not sent
    expect(page).to_have_url(server_url + "/")


def test_skip_links_are_the_first_stops(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=upphandling")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Tab")
    to_results = page.get_by_role("link", name="Hoppa till sökresultaten")
    expect(to_results).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#resultat-rubrik")).to_be_focused()


@pytest.mark.parametrize("width", [1280, 640, 375, 320], ids=["1280", "200-procent", "375", "320"])
def test_search_page_fits_the_screen(
    page: Page, server_url: str, width: int, tmp_path: Path, javascript: bool
) -> None:
    """No sideways scrolling at phone widths or at 200 % zoom (1280 px shown at 640 CSS px)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server_url + f"/?q=upphandling&person={MAJA}&year=2016")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ träffar för ”upphandling”$"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"sidan är {overflow} px för bred vid {width} px"
    shot = tmp_path / f"sok-{width}-{'js' if javascript else 'utan-js'}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
