"""``python -m indexer harvest``: its output, the index it updates, the release page, resuming."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from harvest_site import Site, serve

import indexer
from indexer.cli import main
from indexer.config import CONTACT_URL_ENV, DEFAULT_TOPICS, SOURCES_ENV
from searchui import create_app

TOPICS = DEFAULT_TOPICS
SKOLA = "/aktuellt/skola-for-upphandlare/"
CONTACT = "https://pressarkiv.example.invalid/kontakt"


@pytest.fixture
def site() -> Iterator[Site]:
    """The fictional site without waits: no Crawl-delay, Retry-After 0."""
    with serve(Site(crawl_delay=None, retry_after="0")) as served:
        yield served


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv(SOURCES_ENV, raising=False)
    monkeypatch.setenv(CONTACT_URL_ENV, CONTACT)
    return CliRunner()


def harvest_args(tmp_path: Path, *extra: str) -> list[str]:
    return ["harvest", *extra, "--data", str(tmp_path / "data"), "--index", str(tmp_path / "index"),
            "--topics", str(TOPICS), "--delay", "0"]  # fmt: skip


def test_harvest_prints_a_summary_and_brings_the_index_up_to_date(
    runner: CliRunner, site: Site, tmp_path: Path
) -> None:
    first = runner.invoke(main, harvest_args(tmp_path, site.url()))
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[0] == (
        "Hämtning: 5 nya, 0 ändrade, 0 oförändrade, 1 misslyckade, 0 borta; 12 anrop, varav 0 villkorliga"
    )
    assert first.stdout.splitlines()[1].startswith("Inget index fanns, så hela indexet byggdes: 5 nya, 0 ändrade")
    assert f"Misslyckades: {site.url('/aktuellt/borttagen/')}: finns inte (svarade 404)" in first.stderr
    second = runner.invoke(main, harvest_args(tmp_path, site.url()))
    assert second.exit_code == 0, second.output
    lines = second.stdout.splitlines()
    assert lines[0] == (
        "Hämtning: 0 nya, 0 ändrade, 5 oförändrade, 1 misslyckade, 0 borta; 6 anrop, varav 5 villkorliga"
    )
    assert lines[1].startswith("0 nya, 0 ändrade, 0 borttagna, 5 oförändrade, 0 överhoppade")
    with indexer.open_index(tmp_path / "index") as index:
        results = index.search("upphandlingsskola")
        assert [hit.id for hit in results.hits] == ["skola-for-upphandlare"]
        release = index.get("skola-for-upphandlare")
    assert release is not None and release.url == site.url(SKOLA) and release.fetched is not None


def test_changed_page_is_reindexed(runner: CliRunner, site: Site, tmp_path: Path) -> None:
    from dataclasses import replace

    runner.invoke(main, harvest_args(tmp_path, site.url()))
    page = site.pages["/nyheter/2024/ny-vagledning/"]
    site.pages[page.path] = replace(page, lead="Vägledningen om innovationsupphandling har fått en kortversion.")
    result = runner.invoke(main, harvest_args(tmp_path, site.url()))
    assert result.stdout.splitlines()[0].startswith("Hämtning: 0 nya, 1 ändrade, 4 oförändrade")
    assert result.stdout.splitlines()[1].startswith("0 nya, 1 ändrade, 0 borttagna, 4 oförändrade")
    with indexer.open_index(tmp_path / "index") as index:
        assert [hit.id for hit in index.search("kortversion").hits] == ["ny-vagledning"]


def test_release_page_links_the_original_and_the_json_has_it(runner: CliRunner, site: Site, tmp_path: Path) -> None:
    runner.invoke(main, harvest_args(tmp_path, site.url()))
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "index", "DATA_DIR": tmp_path / "data"})
    client = app.test_client()
    html = client.get("/release/skola-for-upphandlare").get_data(as_text=True)
    assert f'Originalet: <a href="{site.url(SKOLA)}">{site.url(SKOLA)}</a>' in html
    assert '<span class="fetched">(hämtat ' in html
    assert "Adressen angiven av redaktör" not in html  # the harvest's address, not a curator's
    data = client.get("/api/releases/skola-for-upphandlare").get_json()
    assert data["url"] == site.url(SKOLA) and data["fetched"].endswith("+00:00")
    assert data["provenance"]["url"] == "harvest" and "url" not in data["edited"]


def test_sources_file_is_harvested_without_a_url(runner: CliRunner, site: Site, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nname = "Exempelmyndigheten"\nurl = "{site.url()}"\ninclude = [\'/nyheter/\\d{{4}}/\']\n',
        encoding="utf-8",
    )
    result = runner.invoke(main, harvest_args(tmp_path, "--sources", str(sources)))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Hämtning: 1 nya, 0 ändrade, 0 oförändrade, 0 misslyckade, 0 borta")
    assert "Utelämnade: 1 utanför webbplatsen, 6 utanför urvalet (include/exclude)" in result.stderr


def test_contact_url_comes_from_the_environment_and_the_flag(runner: CliRunner, site: Site, tmp_path: Path) -> None:
    runner.invoke(main, harvest_args(tmp_path, site.url("/sitemap-nyheter.xml")))
    assert site.asked[0].headers["user-agent"] == f"Pressarkiv/{indexer.__version__} (+{CONTACT})"
    site.asked.clear()
    runner.invoke(main, harvest_args(tmp_path, site.url("/sitemap-nyheter.xml"), "--contact-url", "https://x.invalid/"))
    assert site.asked[0].headers["user-agent"] == f"Pressarkiv/{indexer.__version__} (+https://x.invalid/)"


def test_dry_run_builds_no_index(runner: CliRunner, site: Site, tmp_path: Path) -> None:
    result = runner.invoke(main, harvest_args(tmp_path, site.url(), "--dry-run"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Provkörning, inget sparades: 6 nya")
    assert not (tmp_path / "data").exists() and not (tmp_path / "index").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://example.invalid/"], "Fel: URL: 'ftp://example.invalid/' är ingen webbadress"),
        (
            ["--include", "(", "https://example.invalid/"],
            "Fel: --include: '(' är inget giltigt reguljärt uttryck",
        ),
        (["--sources", "saknas.toml"], "saknas.toml: källfilen finns inte: ange en URL eller skapa filen"),
    ],
)
def test_bad_arguments_are_clear_errors(runner: CliRunner, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(main, harvest_args(tmp_path, *args))
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[[source]]\nname = "A"\nurl = "https://a.invalid/"\ninclud = []\n',
            r"source\[0\]\.includ: okänd nyckel",
        ),
        ('[[source]]\nname = "A"\n', r"source\[0\]\.url: ska vara en webbadress"),
        (
            '[[source]]\nname = "A"\nurl = "https://a.invalid/"\ninclude = ["["]\n',
            r"source\[0\]\.include: '\['",
        ),
        ('name = "A"\n', "ska bestå av tabeller \\[\\[source\\]\\]"),
        ("[[source]\n", "kan inte läsas"),
    ],
)
def test_bad_sources_file_names_the_entry(runner: CliRunner, tmp_path: Path, toml: str, message: str) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(toml, encoding="utf-8")
    result = runner.invoke(main, harvest_args(tmp_path, "--sources", str(sources)))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Fel: {sources}") and __import__("re").search(message, result.stderr)


def test_a_site_that_cannot_be_harvested_fails_the_run(runner: CliRunner, tmp_path: Path) -> None:
    with serve(Site(crawl_delay=None, fixed={"/robots.txt": (404, {}, b"")})) as site:
        result = runner.invoke(main, harvest_args(tmp_path, site.url()))
    assert result.exit_code == 1
    assert "inga sidor kunde listas" in result.stderr and not (tmp_path / "index").exists()


def test_killed_harvest_resumes_where_it_stopped(runner: CliRunner, tmp_path: Path) -> None:
    reached, release = threading.Event(), threading.Event()
    with serve(Site(crawl_delay=None, scripted={})) as site:
        site.held["/aktuellt/upptagen/"] = (reached, release)
        env = {**os.environ, CONTACT_URL_ENV: CONTACT}
        process = subprocess.Popen([sys.executable, "-m", "indexer", *harvest_args(tmp_path, site.url())],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # fmt: skip
        try:
            assert reached.wait(timeout=120), "the harvest never reached the third page"
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        release.set()
        del site.held["/aktuellt/upptagen/"]
        folder = tmp_path / "data" / f"127.0.0.1-{site.port}"
        assert sorted(p.name for p in folder.glob("*.html")) == [
            "klimatkrav-i-vardupphandling.html", "skola-for-upphandlare.html",
        ]  # fmt: skip
        site.asked.clear()
        result = runner.invoke(main, harvest_args(tmp_path, site.url()))
    assert result.exit_code == 0, result.output
    assert "Fortsatte en avbruten hämtning: 2 sidor var redan klara" in result.stderr
    assert {r.path for r in site.page_requests()} == {
        "/aktuellt/upptagen/", "/aktuellt/flyttad/", "/aktuellt/ny-adress/", "/aktuellt/borttagen/",
        "/nyheter/2024/ny-vagledning/",
    }  # fmt: skip
    assert result.stdout.startswith("Hämtning: 3 nya, 0 ändrade, 0 oförändrade, 1 misslyckade")
    assert "5 nya" in result.stdout.splitlines()[1]  # the index has all five


def test_interrupted_harvest_says_the_next_one_goes_on(
    runner: CliRunner, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import indexer.harvest.run

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(indexer.harvest.run, "save_page", interrupt)
    result = runner.invoke(main, harvest_args(tmp_path, site.url()))
    assert result.exit_code == 1
    assert "Fel: avbruten; nästa hämtning fortsätter där den här slutade" in result.stderr


def test_the_read_side_never_imports_the_harvest() -> None:
    code = (
        "import sys, indexer, indexer.search, indexer.cli, searchui; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'feedparser', 'tomlkit') "
        "or m.startswith('indexer.harvest')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
