"""Benchmark (not a test): what a first visit downloads, the offline
worker's install included.

A resident opens the home page for the first time (a fresh browser: empty
cache, no worker). The page loads, registers the offline worker (sw.js),
which installs: it saves the home page, the hotline directory and its print
view, the offline page and what they load; then the page hands it its own
address and files (it was opened before the worker was there). This script
builds the sample site, serves it on 127.0.0.1 (tests/local_host.py: HTTP/1.1,
gzip, the headers and caching of deploy/nginx.conf), opens the home page in
Debian's Chromium (Selenium), waits until the worker has saved everything and
nothing has been asked for for two seconds, and prints every response the
server sent: path, status, bytes (body as sent + headers), how often.

It does so twice: with a server that sends validators (ETag, Last-Modified:
a page asked again is "304 Not Modified") and with one that sends none
(every request gets the whole file). Targets (issue 17): everything <= 150 KB
either way, and nothing fetched twice but the pages the install revalidates
(which a server without validators sends again in full); never a file whose
name carries its content's hash (Material's *.<hash>.min.js/css).

    .venv/bin/python benchmarks/first_visit.py [--site DIR] [--page PATH]

Set-up once: Selenium is a test requirement (`.venv/bin/python -m pip install
-r requirements-test.txt`, or any `./run test`). About 30 s.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (ROOT / "tests", ROOT / "hooks", BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from chromium import make_driver  # noqa: E402
from local_host import Host, Sent  # noqa: E402
from mhsite.offline.worker import worker_data  # noqa: E402
from site_build import copy_project  # noqa: E402

BUDGET_KB = 150
HASHED = re.compile(r"(^|/)[^/]+\.[0-9a-f]{8}\.min\.(js|css)$|\.pf_(meta|index|fragment|filter)$")

SAVED = """
const done = arguments[arguments.length - 1];
(async () => {
  const out = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) out.push(request.url);
  }
  return out;
})().then(done, (e) => done({error: String(e)}));
"""


def is_page(path: str) -> bool:
    return path.endswith("/") or path.endswith(".html")


def first_visit(site: Path, page: str, validators: bool, quiet: float = 2.0, timeout: float = 60) -> list[Sent]:
    """Everything the server sent while a fresh browser opened `page` and the
    worker installed and saved the page."""
    precache = worker_data((site / "sw.js").read_text(encoding="utf-8"))["precache"]
    with Host(site, validators=validators) as host:
        driver = make_driver()
        try:
            driver.get(host.url + page)
            wanted = {host.url + p for p in precache} | {host.url + page}
            end = time.monotonic() + timeout
            while True:
                saved = driver.execute_async_script(SAVED)
                if isinstance(saved, list) and wanted <= set(saved):
                    break
                if time.monotonic() > end:
                    missing = sorted(wanted - set(saved if isinstance(saved, list) else []))
                    raise SystemExit(f"the worker did not save everything in {timeout:.0f} s: {missing[:5]}")
                time.sleep(0.2)
            # Then nothing more for `quiet` seconds.
            count = -1
            while count != len(host.log):
                count = len(host.log)
                time.sleep(quiet)
        finally:
            driver.quit()
        return host.take()


def report(label: str, sent: list[Sent]) -> list[str]:
    """Print the responses; return what missed the targets."""
    by_path: dict[str, list[Sent]] = defaultdict(list)
    for s in sent:
        by_path[urlsplit(s.path).path].append(s)
    total = sum(s.total for s in sent)
    print(f"\n== {label}: {total / 1024:.1f} KB in {len(sent)} responses (bodies as sent + headers)")
    print(f"{'path':<58} {'n':>2} {'status':<9} {'KB':>7}")
    for path, items in sorted(by_path.items(), key=lambda kv: -sum(s.total for s in kv[1])):
        statuses = ",".join(str(s.status) for s in items)
        print(f"{path[-58:]:<58} {len(items):>2} {statuses:<9} {sum(s.total for s in items) / 1024:>7.1f}")
    missed = []
    if total > BUDGET_KB * 1024:
        missed.append(f"{label}: {total / 1024:.1f} KB > {BUDGET_KB} KB")
    for path, items in by_path.items():
        full = [s for s in items if s.status == 200]
        if HASHED.search(path) and len(items) > 1:
            missed.append(f"{label}: {path} (content-hashed) asked {len(items)} times")
        elif not is_page(path) and len(full) > 1:
            missed.append(f"{label}: {path} downloaded {len(full)} times")
        elif is_page(path) and len(items) > 2:
            missed.append(f"{label}: {path} asked {len(items)} times")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (its sw.js's path must be /)")
    parser.add_argument("--page", default="", help="the first page opened (default: the home page)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="first-visit-") as tmp:
        if args.site:
            site = args.site.resolve()
        else:
            import lighthouse

            site = Path(tmp) / "site"
            print("building the sample site…", file=sys.stderr)
            seconds = lighthouse.build(copy_project(Path(tmp) / "project"), site, "https://example.org/")
            print(f"built in {seconds:.1f} s", file=sys.stderr)
        missed: list[str] = []
        totals = {}
        for validators in (True, False):
            label = "server with validators (ETag, Last-Modified)" if validators else "server without validators"
            sent = first_visit(site, args.page, validators)
            totals[label] = sum(s.total for s in sent)
            missed += report(label, sent)
            counts = Counter(urlsplit(s.path).path for s in sent)
            twice = sorted(p for p, n in counts.items() if n > 1)
            print(f"asked more than once: {', '.join(twice) if twice else 'nothing'}")
    print(f"\nfirst visit of /{args.page} with the offline worker's install: "
          + "; ".join(f"{label}: {kb / 1024:.1f} KB" for label, kb in totals.items()))
    print(f"targets: <= {BUDGET_KB} KB, nothing downloaded twice, no content-hashed file asked twice: "
          + ("all met" if not missed else "MISSED"))
    for line in missed:
        print(f"  missed: {line}")


if __name__ == "__main__":
    main()
