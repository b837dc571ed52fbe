"""Same commit, same output, without SOURCE_DATE_EPOCH too (README, "Dates and
reproducibility").

The project is copied into a temporary git repository with one commit whose
time is set (GIT_COMMITTER_DATE), and built the way `./run site` and the
publishing workflow build it: no SOURCE_DATE_EPOCH. Two builds must be equal
byte for byte, every file; every output that depends on the time (the
calendars' DTSTAMP, the news feeds' lastBuildDate, the sitemap's lastmod, and
so sw.js's version) must follow the commit's time, and equal a build with
SOURCE_DATE_EPOCH set to it. The checks that protect residents (a hotline
not verified for too long) still use the real date.

The commits are dated a few days before the real now, and the sample
hotlines verified the day before: the checks run on the real date, and a
build with SOURCE_DATE_EPOCH (which pins both clocks) must find no `verified`
date in its future. With the shipped dates the builds here would one day stop
on hotlines not verified for too long, as the real build intends.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from feed_checks import rfc822
from mhsite.offline.worker import worker_data
from mhsite.common.clock import CHINA

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

COMMIT = int(datetime.now(timezone.utc).timestamp()) - 3 * 86400 - 1234
LATER = COMMIT + 86400 + 3600 + 1  # the same tree committed again a day and an hour later
VERIFIED = re.compile(r"^(\s+verified: )\d{4}-\d{2}-\d{2}", re.M)


def china_today():
    return datetime.now(CHINA).date()


def git(repo: Path, *args: str, when: int) -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": f"@{when}", "GIT_AUTHOR_DATE": f"@{when}"}
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=repo, env=env, check=True, capture_output=True,
    )


def git_project(target: Path, commit_time: int, verified) -> Path:
    """A copy of the project (with its .gitignore) committed at `commit_time`,
    the hotlines verified on `verified`."""
    project = copy_project(target)
    shutil.copy2(ROOT / ".gitignore", project / ".gitignore")
    hotlines = project / "docs/_data/hotlines.yml"
    text, count = VERIFIED.subn(rf"\g<1>{verified.isoformat()}", hotlines.read_text(encoding="utf-8"))
    assert count >= 3
    hotlines.write_text(text, encoding="utf-8")
    git(project, "init", "-q", when=commit_time)
    git(project, "add", "-A", when=commit_time)
    git(project, "commit", "-q", "-m", "the site", when=commit_time)
    return project


def build(project: Path, site: Path, epoch: str | None = None) -> Path:
    result = mkdocs_build(project, site, epoch=epoch)  # epoch None: no SOURCE_DATE_EPOCH
    assert result.returncode == 0, result.output
    assert "构建时间取现在的时间" not in result.output, "the tree must be clean: " + result.output
    return site


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    verified = datetime.fromtimestamp(COMMIT, timezone.utc).astimezone(CHINA).date() - timedelta(days=1)
    return git_project(tmp_path_factory.mktemp("repo") / "project", COMMIT, verified)


@pytest.fixture(scope="module")
def first(repo, tmp_path_factory) -> Path:
    return build(repo, tmp_path_factory.mktemp("first") / "site")


def test_two_builds_of_one_commit_are_byte_identical(repo, first, tmp_path):
    second = build(repo, tmp_path / "second")
    a, b = files(first), files(second)
    assert len(a) > 100
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == []


def moments(site: Path) -> dict[str, object]:
    """Every time-dependent output of a build."""
    stamps = set(re.findall(rb"DTSTAMP:(\d{8}T\d{6}Z)", b"".join(p.read_bytes() for p in site.rglob("*.ics"))))
    feeds = {
        name: rfc822(re.search(r"<lastBuildDate>([^<]+)</lastBuildDate>", (site / name).read_text(encoding="utf-8")).group(1))
        for name in ("feed_rss_created.xml", "feed_rss_updated.xml")
    }
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    worker = worker_data((site / "sw.js").read_text(encoding="utf-8"))
    return {"dtstamp": stamps, "feeds": set(feeds.values()), "lastmod": lastmods, "sw": worker["version"]}


def test_time_dependent_outputs_follow_the_commit_time(repo, first, tmp_path):
    commit = datetime.fromtimestamp(COMMIT, timezone.utc)
    seen = moments(first)
    assert seen["dtstamp"] == {commit.strftime("%Y%m%dT%H%M%SZ").encode()}
    assert seen["feeds"] == {commit}
    assert seen["lastmod"] == {commit.strftime("%Y-%m-%d")}  # MkDocs' own format: the UTC date

    # The same tree committed a day later: every moment moves with it, and
    # sw.js gets a new version (its hash covers them).
    git(repo, "commit", "-q", "--amend", "--no-edit", "--date", f"@{LATER}", when=LATER)
    later = build(repo, tmp_path / "later")
    moved = moments(later)
    when = datetime.fromtimestamp(LATER, timezone.utc)
    assert moved["dtstamp"] == {when.strftime("%Y%m%dT%H%M%SZ").encode()}
    assert moved["feeds"] == {when}
    assert moved["lastmod"] == {when.strftime("%Y-%m-%d")}
    assert moved["sw"] != seen["sw"]

    # Without the variable, the commit's time is what SOURCE_DATE_EPOCH would give.
    pinned = build(repo, tmp_path / "pinned", epoch=str(LATER))
    assert files(pinned) == files(later)
    git(repo, "commit", "-q", "--amend", "--no-edit", "--date", f"@{COMMIT}", when=COMMIT)  # as the fixture had it


def test_an_unverified_hotline_stops_publication_by_the_real_date(tmp_path):
    # Committed 200 days ago, the numbers verified the day before: 1 day old
    # by the commit's date, 201 days by today's, over the crisis lines' limit
    # of 90 (docs/_data/hotlines.yml meta.verify_every_days) and over 2 × 90.
    # The real date wins. A date passing never fails a preview (an urgent fix
    # must go out): it is a notice there; publish mode refuses it (issue 15).
    today = china_today()
    commit = int((datetime.now(timezone.utc) - timedelta(days=200)).timestamp())
    verified = datetime.fromtimestamp(commit, timezone.utc).astimezone(CHINA).date() - timedelta(days=1)
    days = (today - verified).days
    project = git_project(tmp_path / "project", commit, verified)
    result = mkdocs_build(project, tmp_path / "site", epoch=None)
    assert result.returncode == 0, result.output
    assert f"号码已有 {days} 天未核实" in result.output
    refused = mkdocs_build(project, tmp_path / "published", epoch=None, publish=True)
    assert refused.returncode != 0
    assert f"hotlines[0] (national-12356).verified: 已有 {days} 天未核实（这是求助热线" in refused.output


@pytest.mark.skipif(shutil.which("taskset") is None, reason="taskset (util-linux) is not installed: one core cannot be forced")
def test_one_core_and_two_give_the_same_site(project_copy: Path, tmp_path: Path) -> None:
    """On one core the build makes everything itself; on two a helper process
    makes the station pages' bodies and the search documents
    (hooks/mhsite/common/background.py): the same bytes either way, with
    another hash seed in the one-core build (the helper inherits the build's)."""
    import sys

    from site_build import build_env

    two = mkdocs_build(project_copy, tmp_path / "two")
    assert two.returncode == 0, two.output[-3000:]
    env = build_env() | {"PYTHONHASHSEED": "7919"}
    one = subprocess.run(
        ["taskset", "-c", "0", sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", "mkdocs.yml",
         "--site-dir", str(tmp_path / "one")],
        cwd=project_copy, env=env, capture_output=True, text=True, timeout=900,
    )
    assert one.returncode == 0, (one.stdout + one.stderr)[-3000:]
    a, b = files(tmp_path / "two"), files(tmp_path / "one")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
