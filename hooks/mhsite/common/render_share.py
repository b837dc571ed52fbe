"""The last pages of a build rendered on two cores. No MkDocs here: the
build's module is handed in (plugin.py, `_share_rendering`).

MkDocs renders and writes the pages one at a time, in one loop of its
`build()` that calls the module's `_build_page(page, config, doc_files, nav,
env, dirty, excluded)` for each (mkdocs/commands/build.py, MkDocs 1.6 and
ProperDocs 1.6.7), and gives a plugin no supported way to share that out. A
province's site spends a third of its build there, on 20,000 station pages
(README, "Build time"). By the time the loop starts every page has been
read and converted, and rendering one depends on nothing another page's
rendering does: this module replaces the module's `_build_page` for the
build, and at its first call forks the build. The fork renders the shared
pages from the last one backwards while the build renders the pages before
them and then the shared ones from the first forwards; the two meet in
the middle (a lock and two numbers in shared memory), so however busy the
machine, neither waits long for the other.

Shapes:
- `RenderShare(module, shareable, collect, merge)`: `shareable(page)` says
  which pages the fork may render: pages whose rendering changes nothing
  the build reads afterwards except what `collect()` returns in the fork
  (it must pickle) and `merge(collected)` takes in the build. `install()`
  puts the replacement in place; `close()` (at the end of the build, or
  when it fails) waits for the fork or stops it and puts the original back.
- What the fork logs is said by the build when the two meet, in page
  order, through the same loggers: `--strict` counts its warnings like any
  other.
- Whatever goes wrong in the fork (an error on a page, a crash, the OOM
  killer, no progress or the lock not given back for `stall` seconds), the
  build renders the fork's pages itself, as if it had been alone, and says
  why in an info line: an error on a page is then raised by the build, with
  MkDocs' own message. A page written twice is written with the same bytes.
- A page the fork wrote is skipped once, in MkDocs' loop: asked for again
  (by another plugin), it is rendered.
- On Linux the fork ends with the build (`end_with_parent`).

Only where `os.fork` is safe to use: a POSIX system other than macOS
(whose system libraries may not survive a fork, and where Python itself
stopped forking by default). The fork shares the build's memory,
copy-on-write; the build's threads (the helper process's feeder, common/
background.py) are not in it, and it never touches them: its pages send
nothing to the helper. It ends with `os._exit`, never running the build's
exit handlers.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import selectors
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from typing import Any

from mhsite.common.background import end_with_parent

log = logging.getLogger("mkdocs.mhsite")

# Seconds the build waits without the fork taking a page before it stops
# it: a page renders in milliseconds, so this is a fork that hangs.
STALL = 120.0


def can_fork() -> bool:
    """`os.fork` exists and is safe to use here (see the module's docstring)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


class _Captured(logging.Handler):
    """The fork's log records, as (page's place, logger name, level, text),
    to be said by the build in page order."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[int, str, int, str]] = []
        self.position = -1  # of the page being rendered
        self._last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record is self._last:
            return  # the same record again, from a logger it propagated to
        self._last = record
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        self.records.append((self.position, record.name, record.levelno, text))


def _capture_logs() -> _Captured:
    """Every handler of the fork replaced by one that keeps the records:
    the fork says nothing itself, and counts nothing."""
    captured = _Captured()
    loggers = [logging.getLogger()]
    loggers += [logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    for logger in loggers:
        if logger.handlers:
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.addHandler(captured)
    return captured


class RenderShare:
    """The module's page rendering shared with a fork (see the module's docstring)."""

    def __init__(
        self,
        module: Any,
        shareable: Callable[[Any], bool],
        collect: Callable[[], Any],
        merge: Callable[[Any], None],
        stall: float = STALL,
    ) -> None:
        self._module = module
        self._original = module._build_page
        self._shareable = shareable
        self._collect = collect
        self._merge = merge
        self._stall = stall
        # waiting: not forked yet; sharing: the fork is rendering; joined: it
        # rendered its pages; alone: the build renders every page.
        self._mode = "waiting"
        self._pages: list[Any] = []  # the shared pages, in the loop's order
        self._position: dict[int, int] = {}  # id(page) → its place in _pages
        self._pid = 0
        self._parent = 0
        self._read = -1
        self._lock: Any = None
        # [0]: the first page the fork may still take (one past the build's
        # last); [1]: the first page the fork has taken.
        self._bounds: Any = None
        self.forked_pages = 0  # pages the fork rendered (once joined)

    def install(self) -> None:
        self._module._build_page = self._build_page

    def close(self) -> None:
        """The original put back; the fork, if it still runs, stopped (the
        loop has ended or failed: a fork still running then holds no page)."""
        if self._module._build_page == self._build_page:
            self._module._build_page = self._original
        if self._mode == "sharing":
            self._stop()
            self._mode = "alone"

    def _build_page(self, page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False, excluded: bool = False) -> None:
        if self._mode == "waiting":
            self._start(config, doc_files, nav, env, dirty)
        position = self._position.get(id(page))
        if position is not None and self._mode == "sharing" and self._claim_low(position) is False:
            self._join()  # the fork has this page and every one after it
        if position is not None and self._mode == "joined":
            # Written by the fork: skipped once (a later call, from another
            # plugin, renders it as MkDocs would).
            del self._position[id(page)]
            return
        self._original(page, config, doc_files, nav, env, dirty, excluded)

    # -- The build's side --------------------------------------------------------

    def _start(self, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool) -> None:
        self._mode = "alone"
        self._pages = [file.page for file in doc_files if file.page is not None and self._shareable(file.page)]
        if len(self._pages) < 2:
            return
        try:
            context = multiprocessing.get_context("fork")
            self._lock = context.Lock()
            self._bounds = context.RawArray("q", [0, len(self._pages)])
        except (OSError, ImportError, ValueError) as exc:  # no POSIX semaphores
            log.debug(f"render share: not available ({exc!r}); every page rendered here")
            return
        read, write = os.pipe()
        self._parent = os.getpid()
        # The fork's garbage collector leaves the build's objects alone, so
        # their memory is not copied into it page by page. (Given back here
        # after the fork unless they were frozen before: common/memory.py.)
        frozen_before = gc.get_freeze_count()
        gc.freeze()
        try:
            with warnings.catch_warnings():
                # Python 3.12 warns of forking a process with threads; the
                # fork never uses them (see the module's docstring).
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError as exc:
            if not frozen_before:
                gc.unfreeze()
            os.close(read)
            os.close(write)
            log.debug(f"render share: fork failed ({exc!r}); every page rendered here")
            return
        if pid == 0:
            os.close(read)
            self._fork_main(write, config, doc_files, nav, env, dirty)  # never returns
        if not frozen_before:
            gc.unfreeze()
        os.close(write)
        self._pid, self._read = pid, read
        self._position = {id(page): place for place, page in enumerate(self._pages)}
        self._mode = "sharing"

    def _claim_low(self, position: int) -> bool | None:
        """True: the build renders the page; False: the fork has it; None:
        the lock was not given back in `stall` seconds (the fork died
        holding it: the build renders every page from now on)."""
        if not self._lock.acquire(timeout=self._stall):
            self._stop()
            log.info(f"render share: 第二个进程 {self._stall:.0f} 秒没有交还锁，已停止；它的页面由构建进程渲染。")
            self._mode = "alone"
            return None
        try:
            if position < self._bounds[1]:
                self._bounds[0] = position + 1
                return True
            return False
        finally:
            self._lock.release()

    def _join(self) -> None:
        """Wait for the fork; its records said and its results merged, or
        (it failed) every page it took left for the build to render."""
        chunks: list[bytes] = []
        taken, since = self._bounds[1], time.monotonic()
        stalled = False
        with selectors.DefaultSelector() as selector:
            selector.register(self._read, selectors.EVENT_READ)
            while True:
                if selector.select(1.0):
                    chunk = os.read(self._read, 1 << 16)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    since = time.monotonic()
                elif self._bounds[1] != taken:
                    taken, since = self._bounds[1], time.monotonic()
                elif time.monotonic() - since > self._stall:
                    stalled = True
                    break
        if stalled:
            self._stop()
            log.info(f"render share: 第二个进程 {self._stall:.0f} 秒没有进展，已停止；它的页面由构建进程渲染。")
            self._mode = "alone"
            return
        os.close(self._read)
        self._read = -1
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            records, collected = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - cut short (killed, out of memory): the build renders the pages
            records, collected = None, "没有留下原因（被系统终止或内存不足？）"
        if status != 0 or records is None:
            code = os.waitstatus_to_exitcode(status)
            log.info(f"render share: 第二个进程出错（退出码 {code}：{collected}），它的页面由构建进程渲染（构建会慢一些，结果相同）。")
            self._mode = "alone"
            return
        # In page order, as one process would say them (sorted is stable:
        # a page's own messages keep their order).
        for _, name, level, text in sorted(records, key=lambda record: record[0]):
            logging.getLogger(name).log(level, text)
        self._merge(collected)
        self.forked_pages = len(self._pages) - self._bounds[0]
        self._mode = "joined"
        log.debug(f"render share: {self.forked_pages} of {len(self._pages)} pages rendered by the fork")

    def _stop(self) -> None:
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._pid = 0
        if self._read >= 0:
            os.close(self._read)
            self._read = -1

    # -- The fork's side ---------------------------------------------------------

    def _claim_high(self) -> int | None:
        with self._lock:
            high = self._bounds[1] - 1
            if high < self._bounds[0]:
                return None
            self._bounds[1] = high
            return high

    def _fork_main(self, write: int, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool) -> None:
        code, payload = 1, b""
        try:
            end_with_parent(self._parent)
            captured = _capture_logs()
            while (position := self._claim_high()) is not None:
                captured.position = position
                # excluded=False: shared only in `build`, whose pages are all included.
                self._original(self._pages[position], config, doc_files, nav, env, dirty, False)
            payload = pickle.dumps((captured.records, self._collect()), protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        except BaseException as exc:  # noqa: BLE001 - whatever it was, the build renders the pages again and says it
            payload = pickle.dumps((None, f"{type(exc).__name__}: {exc}"[:500]))
        finally:
            try:
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
            except BaseException:  # noqa: BLE001 - the build is gone, or the pipe is
                code = 1
            os._exit(code)
