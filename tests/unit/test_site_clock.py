"""The build's clock (mhsite.common.clock): which moment a build's output
describes, and which date the checks use (README, "Dates and reproducibility").

Real git repositories in a temporary folder, with commit times set through
GIT_COMMITTER_DATE, so the expected moment is known exactly."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mhsite.common import clock as site_clock
from mhsite.common.clock import CHINA

# 2026-11-23 12:00 in China (tests/conftest.py TEST_EPOCH).
COMMIT = 1795406400
COMMIT_TIME = datetime(2026, 11, 23, 12, 0, tzinfo=CHINA)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(autouse=True)
def no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def git(repo: Path, *args: str, when: int = COMMIT) -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": f"@{when}", "GIT_AUTHOR_DATE": f"@{when}"}
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=repo, env=env, check=True, capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# 首页\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / ".gitignore").write_text("__pycache__/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one")
    return root


def near_now(moment: datetime) -> bool:
    return abs(moment - datetime.now(CHINA)) < timedelta(minutes=2)


def test_a_clean_tree_gives_the_commit_time(repo):
    clock = site_clock.read_clock(repo, [repo / "docs", repo / "mkdocs.yml"])
    assert (clock.source, clock.moment) == ("commit", COMMIT_TIME)
    assert clock.build_date == COMMIT_TIME.date()
    assert str(clock.moment.tzinfo) == "Asia/Shanghai"


def test_the_latest_commit_counts(repo):
    (repo / "docs/index.md").write_text("# 首页\n\n更新\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "two", when=COMMIT + 86400)
    assert site_clock.read_clock(repo).moment == COMMIT_TIME + timedelta(days=1)


@pytest.mark.parametrize("change", ["modified", "untracked", "staged"])
def test_an_uncommitted_change_to_an_input_gives_now(repo, change):
    if change == "modified":
        (repo / "docs/index.md").write_text("# 改了\n", encoding="utf-8")
    elif change == "untracked":
        (repo / "docs/new.md").write_text("# 新页\n", encoding="utf-8")
    else:
        (repo / "docs/new.md").write_text("# 新页\n", encoding="utf-8")
        git(repo, "add", "docs/new.md")
    clock = site_clock.read_clock(repo, [repo / "docs", repo / "mkdocs.yml"])
    assert clock.source == "now" and near_now(clock.moment)
    assert "未提交的修改" in clock.reason and "docs/" in clock.reason


def test_changes_outside_the_inputs_and_ignored_files_keep_the_commit_time(repo):
    (repo / "notes.txt").write_text("operator's own notes\n", encoding="utf-8")
    (repo / "docs/__pycache__").mkdir()
    (repo / "docs/__pycache__/x.pyc").write_bytes(b"\0")
    clock = site_clock.read_clock(repo, [repo / "docs", repo / "mkdocs.yml"])
    assert (clock.source, clock.moment) == ("commit", COMMIT_TIME)


def test_no_repository_gives_now(tmp_path):
    clock = site_clock.read_clock(tmp_path, [tmp_path])
    assert clock.source == "now" and near_now(clock.moment)
    assert "git" in clock.reason


def test_source_date_epoch_wins_over_the_commit(repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(COMMIT + 3600))
    (repo / "docs/index.md").write_text("# 改了\n", encoding="utf-8")  # dirty: still the variable
    clock = site_clock.read_clock(repo)
    assert (clock.source, clock.moment) == ("SOURCE_DATE_EPOCH", COMMIT_TIME + timedelta(hours=1))
    assert clock.today == COMMIT_TIME.date()


def test_the_checks_use_the_real_date_not_the_commits(repo):
    # The commit is from 2026-11-23; a hotline unverified for too long must be
    # caught on the day it becomes too old, whenever the last commit was.
    clock = site_clock.read_clock(repo)
    assert clock.build_date == COMMIT_TIME.date()
    assert clock.today == datetime.now(CHINA).date()


def test_one_moment_per_build(tmp_path, monkeypatch):
    # Without a commit the moment is "now", taken once: every page of a build
    # agrees on which activities have ended, however long the build takes.
    # The clock is read once into a Clock value, which every step is given.
    ticks = iter(range(1000))
    monkeypatch.setattr(site_clock, "_now", lambda: COMMIT_TIME + timedelta(seconds=next(ticks)))
    clock = site_clock.read_clock(tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        clock.moment = COMMIT_TIME  # type: ignore[misc]  # no step can move the build's moment
    assert site_clock.read_clock(tmp_path).moment != clock.moment  # read again: another moment


def test_commit_time_in_utc_is_the_same_instant(repo):
    clock = site_clock.read_clock(repo)
    assert clock.moment.astimezone(timezone.utc) == datetime.fromtimestamp(COMMIT, timezone.utc)
