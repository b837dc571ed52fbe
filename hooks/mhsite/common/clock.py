"""The build's two clocks: the moment the output describes, and today's date
for the checks.

Same commit, same output: everything the build writes that depends on the time
(which activities are upcoming, the calendars' DTSTAMP, the news feeds'
lastBuildDate, the sitemap's lastmod, the next 精防日, hence sw.js's version)
takes it from the build's Clock (`moment`, `build_date`), one moment per build:

1. SOURCE_DATE_EPOCH when set (the reproducible-builds convention; the tests
   pin it);
2. else the time of the last commit (`git log -1 --format=%ct`), when the files
   the build reads (mkdocs.yml, docs/, overrides/, hooks/) have no uncommitted
   changes: a published commit is built on the day it is made, and building it
   again, tomorrow or on another machine, gives the same bytes;
3. else now (a dirty work tree, as an editor previewing with `./run serve`
   has, or no git at all): that output is of no commit, so it shows the site
   as it would be now.

The checks that protect residents read the Clock's `today` instead: a hotline not
verified for too long must stop publication on the day it becomes too old, not
on the day of the last commit (which may be months before). `today` is
SOURCE_DATE_EPOCH's date when set, else today's date in China, whatever the
git history says. The checks only log or stop the build; they never write into
the output, so the real date there costs no reproducibility. The pages and
feeds never say how many days ago something was: that would tie them to the
real date.

`read_clock(root, inputs)` reads both once: the plugin calls it at the start
of each build (on_config) and every step gets the Clock, so that every page
of a build agrees on the moment; a command without a build (`./run check`,
`./run new`) reads it once for itself. No module reads the clock again
while a build runs. No MkDocs here.
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
    """The moment a build's output describes, where it came from, and the
    date of the checks. Read once (`read_clock`), then passed on."""

    moment: datetime  # aware, in China's time, whole seconds
    source: Literal["SOURCE_DATE_EPOCH", "commit", "now"]
    reason: str = ""  # for "now": why not the commit (dirty tree, no git…)
    # The checks' date (stale hotlines, dates written in the future, overdue
    # reviews, new pages): SOURCE_DATE_EPOCH's date when set, else the real
    # date in China, never the commit's. None: the moment's date.
    checks_date: date | None = None

    @property
    def build_date(self) -> date:
        """The date the output describes (the moment's, in China): the next
        精防日, which years' holidays the pages know."""
        return self.moment.date()

    @property
    def today(self) -> date:
        """Today's date in China for the checks (see `checks_date`)."""
        return self.checks_date or self.moment.date()


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


def read_clock(root: Path | None = None, inputs: Sequence[Path] = ()) -> Clock:
    """Read the clock, once per build or command: the moment the output
    describes (`resolve`: SOURCE_DATE_EPOCH, else the last commit of `root`
    when `inputs` have no uncommitted change, else now) and the checks' date
    (SOURCE_DATE_EPOCH's date, else the real date in China)."""
    clock = resolve(root, inputs)
    epoch = _epoch()
    checks = (_from_epoch(epoch) if epoch is not None else _now()).date()
    return Clock(clock.moment, clock.source, clock.reason, checks)
