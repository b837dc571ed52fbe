"""Building the project as a user does, without pytest: shared by the tests
(conftest.py) and the benchmarks (benchmarks/*.py), which run after
`./run site` alone.

- `copy_project(target)`: what a build reads, copied (not .venv, site/, .git);
- `build_env(epoch, publish)`: the environment of a build whose "today" is
  `epoch` (SOURCE_DATE_EPOCH; TEST_EPOCH by default);
- `mkdocs_build(project, site, ...)`: `mkdocs build --strict` as ./run does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The date the sample data is checked against in tests and benchmarks
# (2026-11-23 12:00 in China): staleness rules depend on "today", and a test
# must not start failing because the calendar moved. The real build
# (./run site) uses today's date.
TEST_EPOCH = "1795406400"


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def build_env(epoch: str | None = TEST_EPOCH, publish: bool = False, share: str | None = None) -> dict[str, str]:
    """The environment of a test build: "today" is `epoch` (SOURCE_DATE_EPOCH),
    or the real clock when it is None; `publish`: publish mode (MH_PUBLISH=1,
    as ./run publish sets; never inherited from the shell); `share`:
    MH_RENDER_SHARE (README, "Build time"), unset by default."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("MH_PUBLISH", None)
    env.pop("MH_RENDER_SHARE", None)
    if publish:
        env["MH_PUBLISH"] = "1"
    if share is not None:
        env["MH_RENDER_SHARE"] = share
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def mkdocs_build(
    project: Path,
    site: Path,
    *extra: str,
    engine: str | None = None,
    epoch: str | None = TEST_EPOCH,
    publish: bool = False,
    share: str | None = None,
) -> BuildResult:
    """Run `mkdocs build --strict` as a user would, capturing its output.

    `engine`: mkdocs or properdocs; by default ENGINE, as in ./run (README,
    "Engine"). The config file is named: ProperDocs looks for properdocs.yml
    first and reads mkdocs.yml only as a fallback it says it will drop."""
    result = subprocess.run(
        [sys.executable, "-m", engine or os.environ.get("ENGINE", "mkdocs"), "build", "--strict", "--clean",
         "--config-file", "mkdocs.yml", "--site-dir", str(site), *extra],
        cwd=project,
        env=build_env(epoch, publish, share),
        capture_output=True,
        text=True,
        timeout=900,
    )
    return BuildResult(result.returncode, result.stdout + result.stderr, site)


def copy_project(target: Path, source: Path = ROOT) -> Path:
    """Copy what a build reads (not .venv, site/, .git) from `source` into `target`."""
    ignore = shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", ".pytest_cache", "node_modules")
    # deploy/: the build checks the pages' inline scripts against deploy/nginx.conf.
    for name in ("docs", "overrides", "hooks", "deploy"):
        shutil.copytree(source / name, target / name, ignore=ignore)
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    return target
