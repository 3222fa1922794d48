"""The package as an embedding program gets it: a plain (non-editable) install, used from another folder.

The project is built into a wheel and installed without its dependencies into a
fresh virtual environment that borrows this environment's installed packages (but
not its editable install of the project); a program run from an empty folder then
builds an index of fictional releases, searches it and extracts persons, and a
second program that only searches reports which modules it loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from benchmarks.startup import HEAVY

from support import CORPUS

ROOT = Path(__file__).resolve().parent.parent

BUILD_AND_SEARCH = """
import json, sys
import indexer
report = indexer.rebuild(indexer.resolve(data_dir="releases", index_dir="index"))
with indexer.open_index("index") as index:
    results = index.search("klimatkrav", filters={"year": ["2021", "2022", "2023", "2024"]})
    persons = indexer.extract_persons("– Det går bra, säger generaldirektör Inger Ek.")
    print(json.dumps({
        "file": indexer.__file__, "indexed": report.indexed, "total": results.total,
        "first": results.hits[0].title if results.hits else None,
        "published_type": type(results.hits[0].published).__name__ if results.hits else None,
        "persons": [[p.name, p.role] for p in persons],
    }))
"""

SEARCH_ONLY = """
import json, sys
import indexer
with indexer.open_index("index") as index:
    total = index.search("upphandling").total
print(json.dumps({"total": total, "heavy": [m for m in json.loads(sys.argv[1]) if m in sys.modules]}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python of a fresh venv with the project's wheel installed (dependencies borrowed)."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip())  # fmt: skip
    # This environment's packages, as a plain path: its .pth files (the editable install) are not run.
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    (wheel,) = wheels.glob("pressarkiv-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return python


def _run(python: Path, script: str, folder: Path, *args: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSARKIV_") or k == "PRESSARKIV_CACHE"}
    done = subprocess.run(
        [python, "-c", script, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_installed_package_builds_searches_and_extracts_from_another_folder(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "releases")
    built = _run(installed, BUILD_AND_SEARCH, tmp_path)
    assert Path(str(built["file"])).is_relative_to(installed.parent.parent)  # the wheel, not the checkout
    assert built["indexed"] == len(list(CORPUS.glob("*.txt")))
    assert isinstance(built["total"], int) and built["total"] > 0
    assert built["published_type"] == "date"
    assert built["persons"] == [["Inger Ek", "generaldirektör"]]

    searched = _run(installed, SEARCH_ONLY, tmp_path, json.dumps(HEAVY))
    assert isinstance(searched["total"], int) and searched["total"] > 0
    assert searched["heavy"] == []
