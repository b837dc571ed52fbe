"""The test tiers (tests/conftest.py): every test is in exactly one of unit,
build and browser, told from what it uses, never by hand; a test that cannot
be given its tier fails, and so does one that builds or starts Chromium where
its tier says it does not. Run as pytest runs them: a throw-away project with
our conftest.py and pytest.ini, and a few tests of each kind (collected or
run; nothing here builds the site or starts a browser)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

UNIT = '''
from conftest import mkdocs_build

def test_pure():
    assert 1 + 1 == 2

def test_asks_for_the_built_site(site_dir):
    pass

def test_builds_behind_its_tier(tmp_path):
    mkdocs_build(tmp_path, tmp_path / "site")
'''

OTHERS = '''
import pytest
from conftest import make_driver

def test_in_chromium(browser):
    pass

def test_on_the_built_site(site_dir):
    pass

def test_reads_a_file():
    pass

@pytest.mark.unit
def test_marked_unit_by_hand(project_copy):
    pass

@pytest.mark.build
def test_marked_as_it_is(site_dir):
    pass

def test_starts_chromium_behind_its_tier():
    make_driver()
'''


def pytest_in(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
                          cwd=project, capture_output=True, text=True, timeout=120)


def make_project(tmp_path: Path) -> Path:
    (tmp_path / "tests/unit").mkdir(parents=True)
    # conftest.py and the plain modules it imports (building, Chromium).
    for name in ("conftest.py", "site_build.py", "chromium.py"):
        shutil.copy2(TESTS / name, tmp_path / "tests" / name)
    shutil.copy2(TESTS.parent / "pytest.ini", tmp_path / "pytest.ini")
    (tmp_path / "tests/unit/test_u.py").write_text(UNIT, encoding="utf-8")
    (tmp_path / "tests/test_x.py").write_text(OTHERS, encoding="utf-8")
    return tmp_path


# Prints each collected test with its tier marks, once conftest.py has given them.
LIST_TIERS = '''
def pytest_collection_finish(session):
    for item in session.items:
        print("tiers", item.nodeid, ",".join(m.name for m in item.iter_markers() if m.name in ("unit", "build", "browser")))
'''


def test_each_test_gets_the_tier_of_what_it_uses(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "list_tiers.py").write_text(LIST_TIERS, encoding="utf-8")
    result = pytest_in(project, "--collect-only", "-p", "list_tiers")
    assert result.returncode == 0, result.stdout + result.stderr
    tiers = dict(line.split()[1:] if len(line.split()) == 3 else (line.split()[1], "")
                 for line in result.stdout.splitlines() if line.startswith("tiers "))
    assert tiers == {
        "tests/test_x.py::test_in_chromium": "browser",
        "tests/test_x.py::test_on_the_built_site": "build",
        "tests/test_x.py::test_reads_a_file": "build",
        "tests/test_x.py::test_marked_unit_by_hand": "unit",  # its own mark only: it fails (below)
        "tests/test_x.py::test_marked_as_it_is": "build",
        "tests/test_x.py::test_starts_chromium_behind_its_tier": "build",
        "tests/unit/test_u.py::test_pure": "unit",
        "tests/unit/test_u.py::test_asks_for_the_built_site": "",  # none: it fails (below)
        "tests/unit/test_u.py::test_builds_behind_its_tier": "unit",
    }


def test_a_test_without_its_tier_or_beyond_it_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = pytest_in(project, "-rfE", "tests/unit", "tests/test_x.py::test_reads_a_file",
                       "tests/test_x.py::test_marked_unit_by_hand", "tests/test_x.py::test_starts_chromium_behind_its_tier")
    out = result.stdout
    assert result.returncode == 1, out
    assert "2 failed, 2 passed, 2 errors" in out, out
    assert ("tests/unit/test_u.py::test_asks_for_the_built_site: no tier: tests/unit/ holds the unit tier "
            "(no build, no browser), but this test uses site_build, site_dir: move it to a test file in tests/") in out
    assert ("tests/test_x.py::test_marked_unit_by_hand: no tier: marked unit by hand, but it is a build test "
            "(tests/conftest.py gives the tier: remove the mark)") in out
    assert ("tests/unit/test_u.py::test_builds_behind_its_tier builds the site, which a unit test may not "
            "(only build or browser") in out
    assert ("tests/test_x.py::test_starts_chromium_behind_its_tier starts Chromium, which a build test may not "
            "(only browser") in out
