"""The build's long-lived objects kept out of Python's garbage collector. No
MkDocs here.

CPython's cyclic collector walks every object it tracks in each full
collection, and starts one each time the objects made since the last have
grown by a quarter. A build that reads a province's data makes a million
long-lived objects in seconds (stations.yml's 20,000 stations, their models
and phone numbers) and then keeps them to its end: the collector walked them
again and again, 3.4 s of full collections while they were made, then again
while the pages were read (the large site: 9.3 s in all, against 3.2 s for
plain Material on the same pages; `benchmarks/build_speed.py`).

- `long_lived()`: a block whose objects stay for the build: no collection
  while it runs, and what it made is frozen (`gc.freeze`: never walked
  again) at its end.
- `keep()`: every object alive now frozen (after MkDocs has read the pages,
  which live until the end of the build).
- `release(collect)`: everything frozen given back to the collector, and
  with `collect` collected at once: at the start of a rebuild (`mkdocs
  serve` rebuilds in one process: the last build's objects must go before
  the next `long_lived()` block, which would freeze them again) and at the
  end of the session.

Nothing here changes what a build makes; a cycle of garbage made inside a
frozen block waits for `release()`, which for `mkdocs build` is the end of
the process.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def keep() -> None:
    gc.freeze()


def release(collect: bool = False) -> None:
    gc.unfreeze()
    if collect:
        gc.collect()
