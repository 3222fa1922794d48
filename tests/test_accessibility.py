"""axe-core in headless Chromium: no WCAG 2.1 A or AA violation on any kind of page, at 1 280, 375 and 320 px.

axe-core comes from npm (``npm ci`` installs package.json's dev dependencies). Where it or
Chromium is missing the tests are skipped, except in CI (``CI`` set), where they must run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import KARIN, MAJA

AXE = Path(__file__).parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

if not AXE.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{AXE} saknas: kör `npm ci` först", pytrace=False)
    pytest.skip(f"{AXE} saknas (kör `npm ci`): tillgänglighetstesterna körs inte", allow_module_level=True)

from playwright.sync_api import Browser, Page, expect  # noqa: E402

PAGES = {
    "sok": "/",
    "sok-med-filter": f"/?q=upphandling&person={MAJA}&person={KARIN}&year=2020&from=2016-01-01",
    "inga-traffar": f"/?q=klimatkarv&year=2015&person={KARIN}",
    "rattad-sokning": "/?q=klimatkarv",
    "filterlista": "/filtrera/person?q=upphandling",
    "pressmeddelande": "/release/r01_klimatkrav_fordon",
    "pressmeddelande-fran-sokning": "/release/r01_klimatkrav_fordon?sok=q%3Dklimatkrav%26page%3D2",
    "person": "/person/maja-fiktivsson",
    "organisation": "/organisation/pahittade-myndigheten",
    "organisation-sida-2": "/organisation/pahittade-myndigheten?page=2",
    "amne": "/amne/hallbarhet-och-klimat",
    "tillganglighet": "/tillganglighet",
    "404": "/finns-inte",
    "400": "/?page=tusen",
}
WIDTHS = [1280, 375, 320]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp: the page forbids inline scripts, and axe is injected as one.
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)",
        WCAG_21_AA,
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}" for v in found]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_wcag_violations(page: Page, server_url: str, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server_url + path)
    assert violations(page) == []


@pytest.mark.parametrize("width", [375, 320])
def test_open_filters_on_a_phone_have_no_wcag_violations(page: Page, server_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server_url + PAGES["sok-med-filter"])
    page.locator("summary", has_text="Filtrera").click()
    expect(page.get_by_role("checkbox", name=re.compile(rf"^{MAJA}\s"))).to_be_visible()
    assert violations(page) == []


def test_search_page_after_a_refinement_has_no_wcag_violations(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=upphandling")
    page.get_by_role("checkbox", name=re.compile(rf"^{MAJA}\s")).check()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ träff"))
    expect(page).to_have_url(re.compile("person="))
    page.get_by_label("Sortera").select_option("newest")
    expect(page).to_have_url(re.compile("sort=newest"))
    assert violations(page) == []


def test_full_list_narrowed_by_typing_has_no_wcag_violations(page: Page, server_url: str) -> None:
    page.goto(server_url + "/filtrera/person")
    page.get_by_label("Visa bara personer som innehåller").fill("test")
    expect(page.locator("#facet-filter-person-count")).to_have_text(re.compile(r"^\d+ av \d+ visas$"))
    assert violations(page) == []
