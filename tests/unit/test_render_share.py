"""The last pages rendered on two cores (hooks/mhsite/common/render_share.py),
with a real fork, around a stand-in for MkDocs' build module: its loop calls
the module's `_build_page` for each page, as MkDocs 1.6's `build()` does.
Every page is written once with its bytes, whichever process renders it;
what the fork logs and collects reaches the build; a fork that fails,
crashes or hangs leaves its pages to the build."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mhsite.common.render_share import RenderShare, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="the share forks: POSIX other than macOS only")

log = logging.getLogger("mkdocs.test_render_share")


@dataclass(eq=False)
class FakeFile:
    name: str
    page: FakePage | None = None


@dataclass(eq=False)
class FakePage:
    file: FakeFile
    shared: bool


@dataclass
class Site:
    """A stand-in MkDocs: its pages, what each process wrote, how a page renders."""

    out: Path
    files: list[FakeFile] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # the pages this process rendered (what a plugin would collect)
    fail: str = ""  # a page whose rendering raises, in any process
    fail_in_fork: str = ""  # ... raises only in the fork
    crash_in_fork: str = ""  # ... kills the fork
    hang_in_fork: str = ""  # ... never ends in the fork
    parent: int = field(default_factory=os.getpid)

    def module(self) -> types.SimpleNamespace:
        return types.SimpleNamespace(_build_page=self.build_page)

    def build_page(self, page: FakePage, config, doc_files, nav, env, dirty=False, excluded=False) -> None:
        name = page.file.name
        in_fork = os.getpid() != self.parent
        if name == self.fail or (in_fork and name == self.fail_in_fork):
            raise RuntimeError(f"error on {name}")
        if in_fork and name == self.crash_in_fork:
            os.kill(os.getpid(), signal.SIGKILL)
        if in_fork and name == self.hang_in_fork:
            time.sleep(3600)
        time.sleep(0.002)  # rendering takes time: both processes get pages
        log.warning(f"rendered {name}")
        self.seen.add(name)
        (self.out / f"{name}.html").write_text(f"<p>{name}</p>", encoding="utf-8")
        (self.out / f"{name}.pid").write_text(str(os.getpid()), encoding="utf-8")

    def loop(self, module: types.SimpleNamespace) -> None:
        """MkDocs' loop: the module's function looked up at each call."""
        for file in self.files:
            module._build_page(file.page, None, self.files, None, None, False, excluded=False)


def make_site(tmp_path: Path, unshared: int = 40, shared: int = 200) -> Site:
    site = Site(tmp_path)
    for number in range(unshared + shared):
        file = FakeFile(f"p{number:04d}")
        file.page = FakePage(file, shared=number >= unshared)
        site.files.append(file)
    return site


def share_of(site: Site, module: types.SimpleNamespace, **kwargs) -> RenderShare:
    share = RenderShare(
        module,
        lambda page: page.shared,
        collect=lambda: site.seen,
        merge=site.seen.update,
        **kwargs,
    )
    share.install()
    return share


def render_all(site: Site, caplog: pytest.LogCaptureFixture, level: int = logging.DEBUG, **options) -> RenderShare:
    """MkDocs' loop over every page with the share in place, then closed
    (on_post_build); every page must be written, with its own bytes."""
    module = site.module()
    share = share_of(site, module, **options)
    with caplog.at_level(level):
        site.loop(module)
        share.close()
    assert module._build_page == site.build_page  # the original is back
    assert sorted(path.stem for path in site.out.glob("*.html")) == [file.name for file in site.files]
    for file in site.files:
        assert (site.out / f"{file.name}.html").read_text() == f"<p>{file.name}</p>"
    return share


def writers(site: Site) -> dict[str, int]:
    return {path.stem: int(path.read_text()) for path in site.out.glob("*.pid")}


def rendered_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.getMessage().startswith("rendered ")]


def test_both_processes_render_and_every_page_is_written_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = make_site(tmp_path)
    share = render_all(site, caplog)
    names = [file.name for file in site.files]
    by = writers(site)
    forked = {name for name, pid in by.items() if pid != os.getpid()}
    assert forked, "the fork rendered no page"
    assert len(forked) < 200, "the build rendered none of the shared pages"
    assert all(site.files[number].name not in forked for number in range(40)), "the fork rendered an unshared page"
    # The shared pages: the build's from the first, the fork's from the last, meeting once.
    shared = names[40:]
    first_forked = min(shared.index(name) for name in forked)
    assert set(shared[first_forked:]) == forked
    assert share.forked_pages == len(forked)
    # Every page's message said once, by the build (the fork's when they
    # met), in page order, as one process would.
    assert rendered_messages(caplog) == [f"rendered {name}" for name in names]
    assert all(record.process == os.getpid() for record in caplog.records)
    # What the fork collected is the build's.
    assert site.seen == set(names)


def test_the_forks_warnings_are_counted_by_the_builds_handlers(tmp_path: Path) -> None:
    # MkDocs' strict mode counts the warnings of the `mkdocs` logger with a handler.
    counted: list[str] = []

    class Count(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            counted.append(record.getMessage())

    handler = Count(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        site = make_site(tmp_path)
        module = site.module()
        share = share_of(site, module)
        site.loop(module)
        share.close()
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert any(pid != os.getpid() for pid in writers(site).values())
    assert sorted(message for message in counted if message.startswith("rendered ")) == [f"rendered {f.name}" for f in site.files]


@pytest.mark.parametrize("how", ["fail_in_fork", "crash_in_fork"])
def test_a_fork_that_fails_leaves_its_pages_to_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture, how: str) -> None:
    site = make_site(tmp_path)
    setattr(site, how, site.files[-1].name)  # the fork's first page
    share = render_all(site, caplog)
    names = [file.name for file in site.files]
    assert set(writers(site).values()) == {os.getpid()}  # the fork wrote nothing before it failed
    assert sorted(rendered_messages(caplog)) == [f"rendered {name}" for name in names]
    assert share.forked_pages == 0
    assert site.seen == set(names)
    # Said, with why: a fork that always fails would double the rendering time unnoticed.
    failures = [r.getMessage() for r in caplog.records if "第二个进程出错" in r.getMessage()]
    assert len(failures) == 1
    assert ("RuntimeError: error on" if how == "fail_in_fork" else "退出码 -9") in failures[0]


def test_a_fork_failing_after_some_pages_has_them_written_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = make_site(tmp_path, unshared=100, shared=100)
    site.fail_in_fork = site.files[-10].name  # after the fork has written nine
    render_all(site, caplog)
    names = [file.name for file in site.files]
    assert set(writers(site).values()) == {os.getpid()}  # every page the fork took, written again here
    # Its messages not said: the build's own are, once each.
    assert sorted(rendered_messages(caplog)) == [f"rendered {name}" for name in names]


class DiesHoldingTheLock(RenderShare):
    """A fork killed (the OOM killer) while it holds the lock the two share."""

    def _claim_high(self) -> int | None:
        if self._lock.acquire():
            os.kill(os.getpid(), signal.SIGKILL)
        return None


def test_a_fork_that_dies_holding_the_lock_does_not_stop_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = make_site(tmp_path, unshared=100, shared=50)
    module = site.module()
    share = DiesHoldingTheLock(module, lambda page: page.shared, collect=lambda: site.seen, merge=site.seen.update, stall=1.0)
    share.install()
    start = time.monotonic()
    with caplog.at_level(logging.INFO):
        site.loop(module)
        share.close()
    assert time.monotonic() - start < 30
    assert sorted(path.stem for path in tmp_path.glob("*.html")) == [file.name for file in site.files]
    assert set(writers(site).values()) == {os.getpid()}
    assert any("没有交还锁" in record.getMessage() for record in caplog.records)


def test_a_page_the_fork_wrote_is_rendered_again_when_asked_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # Skipped once, in MkDocs' loop; another plugin asking for it later gets it rendered.
    site = make_site(tmp_path)
    module = site.module()
    share = share_of(site, module)
    site.loop(module)
    last = site.files[-1]
    assert writers(site)[last.name] != os.getpid()
    module._build_page(last.page, None, site.files, None, None, False, excluded=False)
    share.close()
    assert writers(site)[last.name] == os.getpid()


def test_an_error_on_a_page_is_the_builds(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    site.fail = site.files[-3].name  # a page the fork takes
    module = site.module()
    share = share_of(site, module)
    with pytest.raises(RuntimeError, match=f"error on {site.fail}"):
        site.loop(module)
    share.close()
    assert module._build_page == site.build_page


def test_a_fork_that_hangs_is_stopped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = make_site(tmp_path, unshared=100, shared=50)
    site.hang_in_fork = site.files[-1].name
    start = time.monotonic()
    render_all(site, caplog, logging.INFO, stall=1.0)
    assert time.monotonic() - start < 30
    assert set(writers(site).values()) == {os.getpid()}
    assert any("没有进展" in record.getMessage() for record in caplog.records)


def test_closing_mid_loop_stops_the_fork(tmp_path: Path) -> None:
    # A build that fails in the middle (on_build_error, on_shutdown): the fork must not go on writing.
    site = make_site(tmp_path, unshared=5, shared=400)
    site.hang_in_fork = site.files[-50].name
    module = site.module()
    share = share_of(site, module)
    for file in site.files[:10]:
        module._build_page(file.page, None, site.files, None, None, False, excluded=False)
    pid = share._pid
    assert pid
    share.close()
    assert module._build_page == site.build_page
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no process left behind


def test_one_shared_page_is_not_worth_a_fork(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = make_site(tmp_path, unshared=10, shared=1)
    share = render_all(site, caplog)
    assert set(writers(site).values()) == {os.getpid()}
    assert share.forked_pages == 0


_ORPHAN = """
import os, sys, time, types
sys.path.insert(0, sys.argv[1])
from mhsite.common.render_share import RenderShare

class File:
    def __init__(self, name):
        self.name, self.page = name, self
        self.file = self

def build_page(page, *args):
    if os.getpid() != parent:
        time.sleep(3600)  # the fork: still busy when the build is killed

parent = os.getpid()
files = [File(str(n)) for n in range(10)]
module = types.SimpleNamespace(_build_page=build_page)
share = RenderShare(module, lambda page: True, collect=lambda: None, merge=lambda found: None)
share.install()
module._build_page(files[0], None, files, None, None, False, False)
print(share._pid, flush=True)
time.sleep(3600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_fork_ends_when_the_build_is_killed() -> None:
    # A CI time limit or the OOM killer ends the build with SIGKILL: no handler
    # of ours runs, and the fork must not go on writing pages.
    assert_ends_with_the_build(_ORPHAN)


def assert_ends_with_the_build(script: str) -> None:
    """`script`, a stand-in build, prints the pid of a process it started and
    waits; killed outright, that process must end too."""
    hooks = str(Path(__file__).resolve().parents[2] / "hooks")
    # stderr: a killed build's resource tracker says it cleaned up its semaphores (as it should).
    build = subprocess.Popen([sys.executable, "-c", script, hooks], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        started = int(build.stdout.readline())
        assert started != build.pid and _alive(started)
        build.kill()
        build.wait()
        deadline = time.monotonic() + 10
        while _alive(started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(started)
    finally:
        build.kill()
        build.stdout.close()


def _alive(pid: int) -> bool:
    """Running, not ended (an ended process no one has reaped yet is a zombie, Z)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


_HELPER = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from mhsite.common.background import Background

background = Background(cores=2)
print(background.submit(os.getpid).result(), flush=True)
time.sleep(3600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_helper_process_ends_when_the_build_is_killed() -> None:
    # common/background.py's helper held its own queue's other end and waited for ever.
    assert_ends_with_the_build(_HELPER)
