"""The site builds the same with ProperDocs as with MkDocs.

ProperDocs is a maintained fork of MkDocs 1.6 (README, "Engine"). Installed
beside MkDocs, its own command (`python -m properdocs`) redirects every
`import mkdocs...` of Material and of our hooks to its own modules, so one
environment can build with either engine. These tests build the real project
with ProperDocs (`--strict`, same clock as conftest's `site_dir`) and compare
it with the MkDocs build file by file, so that switching engines is a choice
we can make at any time and not a migration.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult, mkdocs_build

# What legitimately differs between the engines, and is set aside before comparing;
# every other byte of every file must be equal.
#
# 1. HTML pages: Material writes the engine into every page's head:
#      <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">              (MkDocs)
#      <meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">   (ProperDocs)
#    Only the engine part is replaced; Material's version stays compared.
_GENERATOR = re.compile(r'(<meta name="generator" content="mkdocs-)([^,"]*)(, mkdocs-material-)')
# 2. sw.js, the offline worker (hooks/offline.py): its "version" is a hash of
#    every other built file, so it follows from (1). The rest of it (the list of
#    files saved at install, the code) stays compared.
_WORKER_VERSION = re.compile(r'("version":")[0-9a-f]+(")')


def properdocs_build(project: Path, site: Path, *extra: str) -> BuildResult:
    """Run `properdocs build --strict` on the project's mkdocs.yml, as conftest runs MkDocs."""
    if importlib.util.find_spec("properdocs") is None:
        pytest.fail("properdocs is not installed: it is pinned in requirements-test.txt (./run test installs it)")
    return mkdocs_build(project, site, *extra, engine="properdocs")


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = properdocs_build(ROOT, tmp_path_factory.mktemp("properdocs-site"))
    if result.returncode != 0:
        pytest.fail(f"the site does not build with ProperDocs:\n{result.output}")
    return result.site


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _engine(html: str) -> str:
    match = _GENERATOR.search(html)
    assert match, "no generator meta tag: Material's base template changed, review _GENERATOR"
    return match.group(2)


def _normalised(name: str, data: bytes) -> str | None:
    """The file's text with what legitimately differs set aside; None: compare bytes."""
    if name.endswith(".html"):
        return _GENERATOR.sub(r"\1ENGINE\3", data.decode("utf-8"))
    if name == "sw.js":
        return _WORKER_VERSION.sub(r"\1VERSION\2", data.decode("utf-8"))
    return None


def _readable_diff(name: str, mkdocs: str, properdocs: str, limit: int = 60) -> str:
    lines = list(
        difflib.unified_diff(
            mkdocs.splitlines(), properdocs.splitlines(),
            f"mkdocs/{name}", f"properdocs/{name}", n=2, lineterm="",
        )
    )
    shown = [line if len(line) <= 240 else line[:240] + " …" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"… {len(lines) - limit} more diff lines")
    return "\n".join(shown)


def test_the_properdocs_build_is_really_made_by_properdocs(site_dir: Path, properdocs_site: Path) -> None:
    # Without this, a ProperDocs that quietly handed over to the installed MkDocs
    # would make the comparison below compare MkDocs with itself.
    assert _engine((properdocs_site / "index.html").read_text(encoding="utf-8")).startswith("ProperDocs ")
    assert not _engine((site_dir / "index.html").read_text(encoding="utf-8")).startswith("ProperDocs")


def test_properdocs_builds_the_same_site_as_mkdocs(site_dir: Path, properdocs_site: Path) -> None:
    mkdocs_files, properdocs_files = _files(site_dir), _files(properdocs_site)
    only_mkdocs = sorted(mkdocs_files.keys() - properdocs_files.keys())
    only_properdocs = sorted(properdocs_files.keys() - mkdocs_files.keys())
    assert not only_mkdocs and not only_properdocs, (
        f"the engines publish different files:\n  only MkDocs: {only_mkdocs}\n  only ProperDocs: {only_properdocs}"
    )

    differing: list[str] = []
    first_diff = ""
    for name, path in mkdocs_files.items():
        ours, theirs = path.read_bytes(), properdocs_files[name].read_bytes()
        if ours == theirs:
            continue
        ours_text = _normalised(name, ours)
        if ours_text is not None:
            theirs_text = _normalised(name, theirs)
            if ours_text == theirs_text:
                continue
            if not first_diff:
                first_diff = _readable_diff(name, ours_text, theirs_text)
        elif not first_diff:
            # The search index, sitemap, feeds, JSON, CSS, images: byte for byte.
            if name.endswith((".json", ".xml", ".js", ".css", ".txt", ".ics", ".svg")):
                first_diff = _readable_diff(name, ours.decode("utf-8", "replace"), theirs.decode("utf-8", "replace"))
            else:
                first_diff = f"{name}: {len(ours)} bytes with MkDocs, {len(theirs)} bytes with ProperDocs"
        differing.append(name)
    assert not differing, (
        f"{len(differing)} of {len(mkdocs_files)} files differ between MkDocs and ProperDocs: {differing[:20]}\n"
        f"first difference:\n{first_diff}"
    )


def test_properdocs_strict_mode_stops_on_a_warning_from_our_hooks(project_copy: Path, tmp_path: Path) -> None:
    # Our hooks log to "mkdocs.hooks.*"; ProperDocs counts warnings on its own
    # "properdocs" logger and re-parents "mkdocs" under it. An unsafe phrase is a
    # warning and nothing else, so only strict mode can stop this build.
    page = project_copy / "docs/editors/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n他后来自杀成功了。\n", encoding="utf-8")
    result = properdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0, result.output
    assert "docs/editors/index.md:" in result.output and "请写“因自杀离世”" in result.output
    assert "Aborted with 1 warnings in strict mode" in result.output
