"""A message that tells an editor or operator to run a command names the
command that does it (issue 14): `./run publish` with uncommitted changes
said 「要发布，请先提交，再用 ./run site 构建」, but ./run site is a preview
that accepts sample data; publishing is ./run publish."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config

from mhsite.plugin import SitePlugin

ROOT = Path(__file__).resolve().parents[2]
COMMAND = re.compile(r"\./run ([a-z]+)")


def run_commands() -> set[str]:
    """The commands ./run knows: the patterns of its `case`."""
    return set(re.findall(r"^  ([a-z]+)\)$", (ROOT / "run").read_text(encoding="utf-8"), re.M))


def test_every_command_a_message_names_is_one_of_run() -> None:
    known = run_commands()
    assert {"site", "publish", "check", "serve", "new", "csp", "schemas"} <= known
    named = {
        (str(path.relative_to(ROOT)), command)
        for path in sorted((ROOT / "hooks").rglob("*.py"))
        for command in COMMAND.findall(path.read_text(encoding="utf-8"))
    }
    assert named, "no ./run command named in hooks/: the pattern is wrong"
    unknown = sorted((path, command) for path, command in named if command not in known)
    assert not unknown, f"messages name commands ./run does not have: {unknown}"


@pytest.fixture
def unsettled_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project copy outside any git work tree: its build's moment is now."""
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("MH_PUBLISH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return tmp_path


def clock_message(project: Path, caplog: pytest.LogCaptureFixture) -> str:
    config = load_config(str(project / "mkdocs.yml"))
    with caplog.at_level(logging.INFO, logger="mkdocs.mhsite"):
        SitePlugin()._read_clock(config)
    messages = [r.getMessage() for r in caplog.records if "构建时间取现在的时间" in r.getMessage()]
    assert len(messages) == 1, caplog.text
    return messages[0]


def test_a_build_of_no_commit_says_publishing_is_run_publish(unsettled_project: Path, caplog: pytest.LogCaptureFixture) -> None:
    message = clock_message(unsettled_project, caplog)
    assert "要发布，请先提交，再运行 ./run publish" in message
    assert "./run site" not in message


def test_run_publish_of_no_commit_names_run_publish(
    unsettled_project: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MH_PUBLISH", "1")  # as ./run publish sets it
    message = clock_message(unsettled_project, caplog)
    assert "这次正式发布的网站与任何提交都对不上；要发布，请先提交，再运行 ./run publish" in message
    assert "./run site" not in message
