"""A second CPU core for the build. No MkDocs here.

MkDocs builds on one core. Some of our work is a pure function of its
input (a station page's body, with its poster's QR code; a page's search
document from its HTML): it can run in a helper process while MkDocs goes
on with the next pages, and its result is picked up when it is needed. On
the 2-core machines the project is built on, that takes the station pages'
bodies (about 1.5 s per 1,000 stations) and the search documents off the
build's path.

Shapes:
- `Background(cores)`: one helper process when the machine has a core to
  spare (`cores`: the cores this process may use, default: as the OS
  says; a CPU quota without a cpuset is not seen), else none, and
  everything runs in the build's own process; so too when the system
  cannot start one (no POSIX semaphores, no processes left).
- `background.submit(function, *args)` -> a `concurrent.futures.Future`;
  `function` must be a module-level function of the `mhsite` package (the
  helper imports it by name) whose arguments and result pickle.
- `result(future, fallback)`: the future's result, or `fallback()` when the
  helper could not give it (it died, killed or out of memory; the arguments
  did not pickle; the work raised): a build never fails because the helper
  did, and the fallback, the same work made here, reports its own errors
  as any other step of the build.
- Order: there is one helper, and it runs tasks in the order they were
  submitted; a task may leave something in its module for the next ones
  (a large input sent once: stations/pages.py, `remember_context`).
- `background.close()`: stops the helper; called at the end of every build
  (and when a build fails), so `mkdocs serve` starts one per rebuild.

The helper process is spawned (a fresh interpreter, not a fork of the build
with its threads and open files), so results are the same whichever process
computes them, and two builds of one commit stay byte-identical.
"""

from __future__ import annotations

import logging
import os
import signal
import site
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger("mkdocs.mhsite")

# The folder that holds the mhsite package (hooks/). MkDocs puts it on the
# import path only while it imports the hook; the helper adds it itself.
PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])


def available_cores() -> int:
    """The cores this process may run on (a cpuset's limit included; a CPU
    quota, `docker --cpus`, is not)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def end_with_parent(parent: int) -> None:
    """On Linux, this process (a fork of the build, the build's helper)
    killed when the build is (a CI job's time limit, SIGKILL, the OOM
    killer), not left working for nobody (prctl PR_SET_PDEATHSIG);
    elsewhere it ends by itself once its work is done."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build ended before the call
        os._exit(1)


class Background:
    """One helper process for pure work, or none (see the module's docstring)."""

    def __init__(self, cores: int | None = None) -> None:
        cores = available_cores() if cores is None else cores
        self._pool: ProcessPoolExecutor | None = None
        if cores > 1:
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=get_context("spawn"),
                    # A standard-library function, so the fresh interpreter can
                    # call it before it can import anything of ours.
                    initializer=site.addsitedir,
                    initargs=(PACKAGE_PARENT,),
                )
                # Its first task: to end with the build. A killed build (a CI
                # time limit, the OOM killer) otherwise left it waiting, for
                # ever, on a queue whose other end it holds itself.
                self._pool.submit(end_with_parent, os.getpid())
            except (OSError, ImportError, NotImplementedError) as exc:
                log.debug(f"build helper process not available ({exc!r}): everything runs in the build's process")
                self._pool = None

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        if self._pool is not None:
            try:
                return self._pool.submit(function, *args)
            except Exception as exc:  # noqa: BLE001 - gone, or could not start (EAGAIN, ENOMEM): the rest runs here
                log.debug(f"build helper process stopped ({exc!r}): the rest runs in the build's process")
                self.close()
        done: Future[T] = Future()
        try:
            done.set_result(function(*args))
        except Exception as exc:  # raised again by result(), as the helper's would be
            done.set_exception(exc)
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def result(future: Future[T], fallback: Callable[[], T]) -> T:
    """`future`'s result; `fallback()` if the helper could not give it."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - whatever it was, the fallback does the work here
        log.debug(f"build helper process: a task failed ({exc!r}): done in the build's process")
        return fallback()
