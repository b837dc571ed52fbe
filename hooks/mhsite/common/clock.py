"""The build's two clocks: the moment the output describes, and today's date
for the checks.

Same commit, same output: everything the build writes that depends on the time
(which activities are upcoming, the calendars' DTSTAMP, the news feeds'
lastBuildDate, the sitemap's lastmod, the next 精防日, hence sw.js's version)
takes it from `build_time()` / `build_date()`, one moment per build:

1. SOURCE_DATE_EPOCH when set (the reproducible-builds convention; the tests
   pin it);
2. else the time of the last commit (`git log -1 --format=%ct`), when the files
   the build reads (mkdocs.yml, docs/, overrides/, hooks/) have no uncommitted
   changes: a published commit is built on the day it is made, and building it
   again, tomorrow or on another machine, gives the same bytes;
3. else now (a dirty work tree, as an editor previewing with `./run serve`
   has, or no git at all): that output is of no commit, so it shows the site
   as it would be now.

The checks that protect residents read `today()` instead: a hotline not
verified for too long must stop publication on the day it becomes too old, not
on the day of the last commit (which may be months before). `today()` is
SOURCE_DATE_EPOCH's date when set, else today's date in China, whatever the
git history says. The checks only log or stop the build; they never write into
the output, so the real date there costs no reproducibility. The pages and
feeds never say how many days ago something was: that would tie them to the
real date.

`start_build(root, inputs)` (called by site_clock_hook.py at the start of
each build) fixes the moment once, so that every page of a build agrees on it;
without it (`./run new`, unit tests) each call resolves it afresh.
No MkDocs here.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
GIT_TIMEOUT_S = 10


@dataclass(frozen=True)
class Clock:
    """The moment a build's output describes, and where it came from."""

    moment: datetime  # aware, in China's time, whole seconds
    source: Literal["SOURCE_DATE_EPOCH", "commit", "now"]
    reason: str = ""  # for "now": why not the commit (dirty tree, no git…)


_started: Clock | None = None
# The command that started the session ("build", "serve"), set by
# site_clock_hook: a preview's moment is "now" without saying so each time.
session_command = "build"


def _epoch() -> int | None:
    """SOURCE_DATE_EPOCH as an integer, or None when unset or empty."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value else None


def _from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).astimezone(CHINA)


def _now() -> datetime:
    return datetime.now(CHINA).replace(microsecond=0)


def _git(root: Path, *args: str) -> str:
    """Run git in `root`; raises OSError / CalledProcessError / TimeoutExpired."""
    result = subprocess.run(
        # --no-optional-locks: a build must not hold up the editor's own git.
        ["git", "--no-optional-locks", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT_S,
        check=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    return result.stdout


def commit_clock(root: Path, inputs: Sequence[Path] = ()) -> Clock:
    """The last commit's time when `inputs` (paths inside `root`; all of the
    work tree when empty) have no uncommitted change, else now, with the
    reason."""
    try:
        changed = _git(root, "status", "--porcelain", "--untracked-files=normal", "--", *(str(p) for p in inputs))
        stamp = _git(root, "log", "-1", "--format=%ct").strip()
    except FileNotFoundError:
        return Clock(_now(), "now", "没有安装 git")
    except subprocess.CalledProcessError as exc:
        first = (exc.stderr or "").strip().splitlines()[:1]
        return Clock(_now(), "now", f"读不到 git 提交记录（{first[0] if first else exc.returncode}）")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Clock(_now(), "now", f"读不到 git 提交记录（{exc}）")
    if not stamp:
        return Clock(_now(), "now", "还没有任何提交")
    if changed.strip():
        files = [line[3:] for line in changed.splitlines() if line.strip()]
        shown = "、".join(files[:3]) + ("等" if len(files) > 3 else "")
        return Clock(_now(), "now", f"有未提交的修改（{shown}）")
    return Clock(_from_epoch(int(stamp)), "commit")


def resolve(root: Path | None = None, inputs: Sequence[Path] = ()) -> Clock:
    """The build's moment: SOURCE_DATE_EPOCH, else the commit of `root`, else now."""
    epoch = _epoch()
    if epoch is not None:
        return Clock(_from_epoch(epoch), "SOURCE_DATE_EPOCH")
    if root is None:
        return Clock(_now(), "now", "不在项目目录中构建")
    return commit_clock(root, inputs)


def start_build(root: Path, inputs: Sequence[Path] = ()) -> Clock:
    """Fix the moment of the build that is starting (see the module's docstring)."""
    global _started
    _started = resolve(root, inputs)
    return _started


def build_time() -> datetime:
    """The moment the build's output describes, in China's time: which
    activities have ended, whether an emergency campaign is on, DTSTAMP, the
    feeds' lastBuildDate."""
    return (_started or resolve()).moment


def build_date() -> date:
    """The date the build's output describes (build_time's date in China):
    the next 精防日, which years' holidays the pages know."""
    return build_time().date()


def today() -> date:
    """Today's date in China for the checks (stale hotlines, dates written in
    the future, overdue reviews) and for new pages: SOURCE_DATE_EPOCH's date
    when set, else the real date, never the commit's."""
    epoch = _epoch()
    return (_from_epoch(epoch) if epoch is not None else _now()).date()
