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

from indexer.config import DEFAULT_BASE_URL

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
        page_itself = message.location.get("url") == tab.url  # a 404 or 400 page: its status is no error
        if message.type == "error" and not (page_itself and "Failed to load resource" in message.text):
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
            page.get_by_role("button", name="Visa träffar").click()

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
    expect(page).to_have_url(re.compile(r"/person/[a-z-]+\?sok=q%3Dupphandling%26person%3DMaja"))
    expect(page.get_by_role("heading", level=1)).to_have_text(person)
    expect(page.get_by_role("heading", name="Pressmeddelanden", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()


def test_timeline_year_sets_the_year_filter(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=upphandling")
    page.get_by_role("link", name=re.compile(r"^2019: \d+ träff")).click()
    expect(page).to_have_url(re.compile(r"year=2019"))
    expect(page.get_by_role("checkbox", name=re.compile(r"^2019 "))).to_be_checked()
    expect(page.get_by_role("link", name=re.compile(r"^2019: .*\(valt\)"))).to_have_attribute("aria-current", "true")


def test_person_list_narrows_as_you_type(page: Page, server_url: str, javascript: bool) -> None:
    page.goto(server_url + "/")
    page.get_by_role("link", name=re.compile(r"^Visa alla \d+ personer$")).click()
    expect(page).to_have_url(server_url + "/filtrera/person")
    persons = page.locator("#facet-person li.checkbox")
    total = persons.count()
    box = page.get_by_label("Visa bara personer som innehåller")
    if not javascript:
        expect(box).to_be_hidden()
        expect(persons.last).to_be_visible()  # every value is listed
        return
    box.fill("prov")
    visible = page.locator("#facet-person li.checkbox:visible")
    expect(visible.first).to_be_visible()
    names = visible.locator("input").evaluate_all("boxes => boxes.map(b => b.value)")
    assert names and all("prov" in name.lower() for name in names)
    assert len(names) < total
    expect(page.locator("#facet-filter-person-count")).to_have_text(f"{len(names)} av {total} visas")
    box.press("Enter")  # narrows only; the search is not sent
    expect(page).to_have_url(server_url + "/filtrera/person")


def test_skip_links_are_the_first_stops(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=upphandling")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Tab")
    to_results = page.get_by_role("link", name="Hoppa till träffarna")
    expect(to_results).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#traffar")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".hit-title a").first).to_be_focused()  # the first hit: three tab stops in all


@pytest.mark.parametrize("width", [1280, 640, 375, 320], ids=["1280", "200-procent", "375", "320"])
def test_search_page_fits_the_screen(page: Page, server_url: str, width: int, tmp_path: Path, javascript: bool) -> None:
    """No sideways scrolling at phone widths or at 200 % zoom (1280 px shown at 640 CSS px)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server_url + f"/?q=upphandling&person={MAJA}&year=2016")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ träffar för ”upphandling”$"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"sidan är {overflow} px för bred vid {width} px"
    shot = tmp_path / f"sok-{width}-{'js' if javascript else 'utan-js'}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


# Phones first, reflow, the way back, light pages (issue 15)


def tabs_to(page: Page, target: str, most: int = 200) -> int:
    """How many Tab presses from the top of the page (loaded afresh) until ``target`` (a CSS selector) has focus."""
    page.goto(page.url)
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", target):
            return presses
    raise AssertionError(f"{target} nåddes inte med {most} tabbtryck")


def test_on_a_phone_the_hits_come_first_and_the_filters_open_from_a_button(
    page: Page, server_url: str, javascript: bool, corpus_app: Flask
) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server_url + f"/?q=upphandling&person={MAJA}")
    status = page.get_by_role("status")
    first_hit = page.locator(".hit").first
    expect(first_hit).to_be_visible()
    assert first_hit.bounding_box()["y"] < 1100  # the count and hits come first (was 3 300 px down)
    karin = page.get_by_role("checkbox", name=re.compile(rf"^{KARIN}\s"))
    expect(karin).to_be_hidden()
    toggle = page.locator("summary", has_text="Filtrera")
    expect(toggle).to_have_text("Filtrera (1 valt)")
    assert toggle.bounding_box()["y"] < first_hit.bounding_box()["y"]
    toggle.click()
    expect(karin).to_be_visible()
    karin.check()
    both = totals(corpus_app, q="upphandling", person=[MAJA, KARIN])
    apply = page.get_by_role("button", name=re.compile(r"^Visa (\d+ )?träffar$"))
    if javascript:  # the count on the button follows the ticked boxes
        expect(apply).to_have_accessible_name(f"Visa {both} träffar")
    else:
        expect(apply).to_have_accessible_name("Visa träffar")  # no number it cannot keep up to date
    apply.click()
    expect(status).to_have_text(f"{hits_word(both)} för ”upphandling”")
    expect(karin).to_be_hidden()  # closed again: the hits are in view
    expect(page.locator("summary", has_text="Filtrera")).to_have_text("Filtrera (2 valda)")
    if javascript:
        expect(page.locator("#resultat-rubrik")).to_be_focused()


@pytest.mark.parametrize("width", [320, 375])
def test_the_timeline_starts_at_the_newest_year(page: Page, server_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server_url + "/?q=upphandling")
    bars = page.locator(".timeline-bars")
    assert bars.evaluate("list => list.scrollWidth > list.clientWidth"), "the years should not all fit"
    box = bars.bounding_box()
    newest, oldest = page.locator(".timeline-column").nth(1), page.locator(".timeline-column").last
    expect(newest).to_contain_text("2025")  # after the unknown year, at the far right
    expect(oldest).to_contain_text("2015")
    inside = newest.bounding_box()
    assert box["x"] <= inside["x"] and inside["x"] + inside["width"] <= box["x"] + box["width"] + 1
    assert oldest.bounding_box()["x"] < box["x"]  # the oldest years are scrolled out to the left


def test_desktop_shows_the_filters_beside_the_hits_without_a_button(page: Page, server_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server_url + "/?q=upphandling")
    expect(page.locator("summary", has_text="Filtrera")).to_be_hidden()
    first_box = page.get_by_role("checkbox", name=re.compile(rf"^{MAJA}\s"))
    expect(first_box).to_be_visible()
    assert first_box.bounding_box()["x"] < page.locator(".hit").first.bounding_box()["x"]


PAGE_TYPES = {
    "sok": f"/?q=upphandling&person={MAJA}",
    "pressmeddelande": "/release/r01_klimatkrav_fordon?sok=q%3Dklimatkrav",
    "person": "/person/maja-fiktivsson",
    "amne": "/amne/sma-foretag-och-leverantorer",
    "organisation": "/organisation/pahittade-myndigheten",
    "filterlista": "/filtrera/organisation?q=upphandling",
    "tillganglighet": "/tillganglighet",
    "404": "/finns-inte",
    "400": "/?page=tusen",
}


@pytest.mark.parametrize("width", [1280, 375, 320])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_scrolls_sideways(page: Page, server_url: str, kind: str, width: int, tmp_path: Path) -> None:
    """WCAG 1.4.10: every page type reflows at 320 px (1 280 px at 400 %); screenshots for a look."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server_url + PAGE_TYPES[kind])
    if width < 768 and kind == "sok":
        page.locator("summary", has_text="Filtrera").click()  # the filters too
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{kind} är {overflow} px för bred vid {width} px"
    shot = tmp_path / f"{kind}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5_000


#: For each label: does any word break across lines, and is the count on its last word's line?
LABEL_LAYOUT = """labels => labels.map(label => {
  const text = label.firstChild, count = label.querySelector('.facet-count');
  const words = [...text.textContent.matchAll(/\\S+/g)];
  const lines = words.map(word => {
    const range = document.createRange();
    range.setStart(text, word.index); range.setEnd(text, word.index + word[0].length);
    return [...range.getClientRects()].map(r => Math.round(r.top));
  });
  const countLines = [...count.getClientRects()].map(r => Math.round(r.top));
  return {label: label.textContent, broken: lines.some(tops => new Set(tops).size > 1),
          countOnLastLine: new Set(countLines).size === 1 && Math.abs(countLines[0] - lines[lines.length - 1][0]) < 5};
})"""


@pytest.mark.parametrize("width", [1280, 320])
def test_facet_labels_never_break_a_word_and_keep_the_count_on_their_line(
    page: Page, browser: Browser, app: Flask, width: int
) -> None:
    """Long names (``Upphandlingsmyndigheten``, ``Kemikalieinspektionen``) in the sidebar and at 320 px."""
    from support import live_server

    with live_server(app) as shipped:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(shipped + "/")
        if width < 768:
            page.locator("summary", has_text="Filtrera").click()
        layout = page.locator(".checkbox label").evaluate_all(LABEL_LAYOUT)
    assert any("Upphandlingsmyndigheten" in item["label"] for item in layout)
    assert [item["label"] for item in layout if item["broken"]] == []
    assert [item["label"] for item in layout if not item["countOnLastLine"]] == []


def test_first_hit_takes_few_tab_stops(page: Page, server_url: str, javascript: bool) -> None:
    """Measured in tab stops from the top: through the skip link, and by tabbing on a phone."""
    page.goto(server_url + "/?q=upphandling")
    assert page.get_by_role("link", name="sida", exact=True).count() == 0
    page.set_viewport_size({"width": 375, "height": 800})
    plain = tabs_to(page, ".hit-title a")
    # skip links (2), site name, query, Sök, Filtrera, sort (and its button without JS), the timeline's
    # years, then the hit: no filter value and no "sida" link on the way
    years = page.locator("a.timeline-item").count()
    assert plain == 8 + years + (0 if javascript else 1), plain
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.url)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Hoppa till träffarna"
    page.keyboard.press("Tab")
    expect(page.locator(".hit-title a").first).to_be_focused()


def test_values_in_hits_are_links_named_by_the_value(page: Page, server_url: str) -> None:
    page.goto(server_url + f"/?q=klimatkrav&person={MAJA}")
    hit = page.locator(".hit").first
    link = hit.get_by_role("link", name=MAJA, exact=True)
    expect(link).to_have_attribute("href", re.compile(r"^/person/maja-fiktivsson\?sok="))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MAJA)


@pytest.mark.parametrize("via", ["release", "person", "organisation", "topic"])
def test_till_sokningen_returns_to_the_search_with_its_filters_and_page(
    page: Page, server_url: str, javascript: bool, via: str
) -> None:
    page.goto(server_url + "/")
    page.get_by_label("Sökord").fill("upphandling")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_role("checkbox", name=re.compile(rf"^{MAJA}\s")).check()
    if not javascript:
        page.get_by_role("button", name="Visa träffar").click()
    expect(page).to_have_url(re.compile("person="))
    page.get_by_role("link", name="Nästa sida").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    search = page.url
    status = page.get_by_role("status").inner_text()
    hit = page.locator(".hit").first
    if via == "release":
        hit.locator(".hit-title a").click()
    else:
        group = {"person": "Personer:", "organisation": "Organisationer:", "topic": "Ämnen:"}[via]
        hit.locator(".hit-facts div", has_text=group).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if via == "release":  # and on from the release to a person: the way back goes along
        page.get_by_role("complementary").get_by_role("link").first.click()
        expect(page).to_have_url(re.compile(r"/person/"))
    page.get_by_role("link", name="Till sökningen").click()
    expect(page).to_have_url(search.replace("%20", "+"))
    expect(page.get_by_role("status")).to_have_text(status)
    expect(page.get_by_role("checkbox", name=re.compile(rf"^{MAJA}\s"))).to_be_checked()
    expect(page.get_by_role("link", name="Sida 2")).to_have_attribute("aria-current", "page")


def test_the_release_marks_the_words_of_the_search_that_led_there(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=klimatkrav")
    page.get_by_role("link", name=re.compile(r"^Nya klimatkrav ska minska")).click()
    article = page.locator("article")
    expect(article.locator("mark").first).to_be_visible()
    assert {word.lower() for word in article.locator("p:not(.marked-note) mark").all_inner_texts()} >= {
        "klimatkrav",
        "klimatkraven",
    }
    expect(page.get_by_text("är markerade i texten")).to_be_visible()
    original = page.get_by_role("link", name=re.compile(r"pahittade-myndigheten\.invalid"))
    expect(original).to_be_visible()  # "Originalet", near the top
    page.goto(server_url + "/release/r01_klimatkrav_fordon")  # not from a search: nothing marked
    expect(page.locator("article mark")).to_have_count(0)


def test_show_all_values_then_choose_from_the_full_list(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=upphandling")
    organisations = page.locator("#facet-organisation input[type=checkbox]")
    shown = organisations.count()
    page.get_by_role("link", name=re.compile(r"^Visa alla \d+ organisationer$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationer att filtrera på")
    every = page.locator("#facet-organisation input[type=checkbox]")
    assert every.count() > shown
    last = every.last
    name = last.get_attribute("value")
    last.check()
    page.get_by_role("button", name="Visa träffar").click()
    expect(page).to_have_url(re.compile(r"/\?q=upphandling&organisation="))
    expect(page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(name)}\s"))).to_be_checked()


def test_a_shared_link_with_unknown_parameters_just_works(page: Page, server_url: str) -> None:
    response = page.goto(server_url + "/?q=upphandling&ref=nyhetsbrev&_ga=2.1&msclkid=abc&mc_cid=x")
    assert response is not None and response.status == 200
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ träffar för ”upphandling”$"))
    expect(page.locator("link[rel=canonical]")).to_have_attribute("href", DEFAULT_BASE_URL + "/?q=upphandling")


def test_sort_applies_on_change_with_javascript(page: Page, server_url: str, javascript: bool) -> None:
    page.goto(server_url + "/?q=upphandling")
    sort_button = page.get_by_role("button", name="Sortera")
    if javascript:
        page.evaluate("window.stillTheSamePage = true")
        expect(sort_button).to_be_hidden()
        page.get_by_label("Sortera").select_option("oldest")
        expect(page).to_have_url(re.compile(r"sort=oldest"))
        expect(page.get_by_label("Sortera")).to_be_focused()
        assert page.evaluate("window.stillTheSamePage") is True
    else:
        page.get_by_label("Sortera").select_option("oldest")
        sort_button.click()
        expect(page).to_have_url(re.compile(r"sort=oldest"))
    dates = page.locator(".hit-meta time").evaluate_all("times => times.map(t => t.dateTime)")
    assert dates == sorted(dates)


def test_organisation_and_person_pages_paginate(page: Page, server_url: str) -> None:
    page.goto(server_url + "/organisation/pahittade-myndigheten")
    total = int(re.search(r"Nämns i (\d+)", page.locator(".lead").inner_text()).group(1))
    assert total > 50
    expect(page.locator(".year-list li")).to_have_count(50)
    page.get_by_role("link", name="Nästa sida").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.locator(".year-list li")).to_have_count(total - 50)
    page.goto(server_url + "/person/maja-fiktivsson")
    roles = page.locator(".role-periods li")
    expect(roles).to_have_count(1)  # one role, whichever way the organisation is written
    expect(roles).to_contain_text("generaldirektör, Påhittade myndigheten")


def test_print_shows_the_text_without_navigation(page: Page, server_url: str) -> None:
    page.goto(server_url + "/release/r01_klimatkrav_fordon?sok=q%3Dklimatkrav")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Till sökningen")).to_be_hidden()
    expect(page.locator(".similar")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    after = page.locator(".release-facts a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert after.startswith('" (/person/')
    page.goto(server_url + "/?q=upphandling")
    expect(page.locator(".filter-panel")).to_be_hidden()
    expect(page.locator(".hit").first).to_be_visible()
