"""Benchmark (not a test): the performance budget, measured with Lighthouse.

Builds the site (or takes a built one with --site), serves it on 127.0.0.1
the way a real host would (gzip for text types, the response headers of the
shipped server config deploy/nginx.conf, 404.html for a missing page), runs Lighthouse
12 (mobile preset: simulated slow 4G and a mid-range phone) in Debian's
Chromium on one page of each type, and prints a table: the four category
scores, LCP, TBT, CLS and the transfer size (every byte the page loaded,
compressed as sent). Then the targets that were missed, and the audits that
cost each page points.

Targets: performance >= 95, accessibility 100, best practices 100, SEO 100 on
every page type; the home page <= 150 KB transferred in total.

--large builds the synthetic large site (benchmarks/large_site.py: 2,000
articles and a 20,000-station province) and measures the home page there
(more with --pages): the site-wide search index grows with the articles, and
the home page must stay within budget at that size too.

The site is built with `site_url` set to the address it is served at, as a
real deployment's is (canonical links, share cards), from a copy of the
project. Lighthouse is installed on first use into benchmarks/node_modules
with `npm ci --prefix benchmarks` (versions pinned in benchmarks/package.json
and package-lock.json). The JSON reports are kept in a temporary folder,
printed at the end.

Usage: .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--large]
           [--pages home,article,...] [--runs N]
Environment: CHROME_PATH (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))
from conftest import build_env, copy_project  # noqa: E402

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --lang=zh-CN"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
HOME_BUDGET_KB = 150

# -- The local host ------------------------------------------------------------------

COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def readme_headers() -> dict[str, str]:
    """The response headers of the shipped server config, deploy/nginx.conf
    (README, "Publishing"), read from it so that the benchmark's host stays
    what operators run. Cache-Control is per path (`cache_control`, the
    config's locations)."""
    from nginx_server import declared_headers

    found = declared_headers()
    if "Content-Security-Policy" not in found:
        sys.exit("deploy/nginx.conf: no Content-Security-Policy header (add_header ... always;) to serve")
    return found


# deploy/nginx.conf's cache rules: files named by their content for good,
# our own assets an hour, everything else revalidated.
_HASHED = re.compile(
    r"^/assets/(?:javascripts|stylesheets)/(?:.+/)?[^/]+\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$"
    r"|^/pagefind/.*\.pf_(?:meta|index|fragment|filter)$"
)


def cache_control(path: str) -> str:
    if _HASHED.match(path):
        return "public, max-age=31536000, immutable"
    if path.startswith("/assets/"):
        return "public, max-age=3600"
    return "no-cache"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types like a real host."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript",
                      ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
                      ".ics": "text/calendar", ".webmanifest": "application/manifest+json"}
    headers_to_send: dict[str, str] = {}
    _gzip_cache: dict[tuple[str, float], bytes] = {}
    _lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        path = Path(self.translate_path(self.path))
        status = 200
        if path.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            status, path, url_path = 404, Path(self.directory) / "404.html", "/404.html"
        data = path.read_bytes()
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        compress = ctype.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            key = (str(path), path.stat().st_mtime)
            with self._lock:
                packed = self._gzip_cache.get(key)
            if packed is None:
                packed = gzip.compress(data, 6)
                with self._lock:
                    self._gzip_cache[key] = packed
            data = packed
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", cache_control(url_path))
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(data)


class GzipServer:
    """A threaded local web server for `root` on 127.0.0.1 (port chosen at start)."""

    def __init__(self, root: Path, port: int = 0) -> None:
        _Handler.headers_to_send = readme_headers()
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> GzipServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- Building -----------------------------------------------------------------------


def build(project: Path, site: Path, site_url: str) -> float:
    """Build `project` into `site` with `site_url` (the address it is served at)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^site_url: .*$", f"site_url: {site_url}", text)
    if n != 1:
        sys.exit("mkdocs.yml: no site_url line to point at the local server")
    config.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", "mkdocs.yml",
         "--site-dir", str(site)],
        cwd=project, env=build_env(), capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{(result.stdout + result.stderr)[-4000:]}")
    return time.perf_counter() - start


# -- Page types ---------------------------------------------------------------------


def _first(site: Path, pattern: str) -> str:
    found = sorted(p.parent.relative_to(site).as_posix() for p in site.glob(pattern))
    if not found:
        raise LookupError(pattern)
    return found[0] + "/"


def _station(site: Path) -> str:
    """The richest station page: the centre (with children), else the first."""
    data = json.loads((site / "stations/stations.json").read_text(encoding="utf-8"))
    stations = data["stations"]
    chosen = next((s for s in stations if s["kind"] == "centre"), stations[0])
    return f"stations/{chosen['id']}/"


PAGE_TYPES: dict[str, Callable[[Path], str]] = {
    "home": lambda site: "",
    "article": lambda site: _first(site, "articles/*/index.html"),
    "lesson": lambda site: _first(site, "lessons/*/*/index.html"),
    "guide": lambda site: _first(site, "guides/*/index.html"),
    "hotlines": lambda site: "hotlines/",
    "locator": lambda site: "stations/",
    "station": _station,
    "self-check": lambda site: _first(site, "self-check/*/index.html"),
    # Lighthouse does not audit a page answered with status 404, so the
    # not-found page is measured at its own address (the same HTML).
    "404": lambda site: "404.html",
    "events": lambda site: "events/",
    "news": lambda site: "news/",
    # Not in the default list: the section index that grows with the articles.
    "articles-index": lambda site: "articles/",
}
OPTIONAL = {"events", "news"}  # measured when the site has them
DEFAULT = [name for name in PAGE_TYPES if name != "articles-index"]


def page_paths(site: Path, names: list[str]) -> list[tuple[str, str]]:
    chosen = []
    for name in names:
        try:
            path = PAGE_TYPES[name](site)
        except (LookupError, OSError):
            if name in OPTIONAL:
                continue
            raise
        target = site / (path + "index.html" if path == "" or path.endswith("/") else path)
        if not target.is_file():
            if name in OPTIONAL:
                continue
            sys.exit(f"page type {name}: {target} was not built")
        chosen.append((name, path))
    return chosen


# -- Lighthouse ---------------------------------------------------------------------


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    print("installing Lighthouse: npm ci --prefix benchmarks", file=sys.stderr)
    subprocess.run(["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"], check=True)


def run_lighthouse(url: str, report: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROME)
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{(result.stdout + result.stderr)[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def figures(lhr: dict) -> dict[str, float]:
    if lhr.get("runtimeError"):
        raise RuntimeError(f"{lhr['finalDisplayedUrl']}: {lhr['runtimeError']}")
    audits = lhr["audits"]
    row = {c: round((lhr["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    row["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    row["tbt"] = audits["total-blocking-time"]["numericValue"]
    row["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    row["kb"] = audits["total-byte-weight"]["numericValue"] / 1024
    row["requests"] = len(audits["network-requests"]["details"]["items"])
    return row


def lost_points(lhr: dict) -> dict[str, float]:
    """Audits that cost a category points: {"category: audit-id": score}."""
    found = {}
    for cid in CATEGORIES:
        for ref in lhr["categories"][cid]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                found[f"{cid}: {ref['id']}"] = audit["score"]
    return found


def median_row(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in rows) for key in rows[0]}


def print_table(results: list[tuple[str, str, dict[str, float]]], runs: int) -> None:
    note = f"median of {runs} runs" if runs > 1 else "one run"
    print(f"\nLighthouse 12, mobile preset ({note}); transfer = every byte loaded, as sent (gzip)")
    head = f"{'page':<14} {'path':<34} {'perf':>4} {'a11y':>4} {'BP':>4} {'SEO':>4} {'LCP s':>6} {'TBT ms':>6} {'CLS':>6} {'KB':>7} {'req':>4}"
    print(head)
    print("-" * len(head))
    for name, path, r in results:
        shown = "/" + path if len(path) < 33 else "/…" + path[-32:]
        print(
            f"{name:<14} {shown:<34} {r['performance']:>4.0f} {r['accessibility']:>4.0f} {r['best-practices']:>4.0f} "
            f"{r['seo']:>4.0f} {r['lcp']:>6.2f} {r['tbt']:>6.0f} {r['cls']:>6.3f} {r['kb']:>7.1f} {r['requests']:>4.0f}"
        )


def check_targets(results: list[tuple[str, str, dict[str, float]]]) -> list[str]:
    missed = []
    for name, _, r in results:
        for category, target in TARGETS.items():
            if r[category] < target:
                missed.append(f"{name}: {category} {r[category]:.0f} < {target}")
        if name == "home" and r["kb"] > HOME_BUDGET_KB:
            missed.append(f"home: {r['kb']:.1f} KB > {HOME_BUDGET_KB} KB")
    return missed


def print_losses(losses: dict[str, dict[str, float]]) -> None:
    """The audits that cost points: those on every page once, then each page's own."""
    if not any(losses.values()):
        return
    everywhere = set.intersection(*(set(items) for items in losses.values())) if losses else set()
    print("\naudits that cost points (lowest score in any run):")
    for audit in sorted(everywhere):
        print(f"  every page: {audit} ({min(items[audit] for items in losses.values()):.2f})")
    for name, items in losses.items():
        own = ", ".join(f"{audit} ({score:.2f})" for audit, score in sorted(items.items()) if audit not in everywhere)
        if own:
            print(f"  {name}: {own}")


def measure(site: Path, url: str, names: list[str], runs: int, reports: Path) -> list[tuple[str, str, dict[str, float]]]:
    results = []
    losses: dict[str, dict[str, float]] = {}  # page type: {audit: lowest score in any run}
    for name, path in page_paths(site, names):
        rows = []
        for run in range(runs):
            lhr = run_lighthouse(url + path, reports / f"{name}-{run + 1}.json")
            rows.append(figures(lhr))
            page_losses = losses.setdefault(name, {})
            for audit, score in lost_points(lhr).items():
                page_losses[audit] = min(score, page_losses.get(audit, 1.0))
        results.append((name, path, median_row(rows)))
        print(f"  {name}: done", file=sys.stderr)
    print_table(results, runs)
    missed = check_targets(results)
    print("\ntargets: perf >= 95, a11y/BP/SEO = 100, home <= 150 KB: " + ("all met" if not missed else "MISSED"))
    for line in missed:
        print(f"  missed: {line}")
    print_losses(losses)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="serve this built site instead of building one")
    parser.add_argument("--large", action="store_true", help="build and measure the synthetic large site")
    parser.add_argument("--pages", help=f"comma-separated page types (default: all but articles-index; with --large: home). Types: {', '.join(PAGE_TYPES)}")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the table shows medians)")
    args = parser.parse_args()
    names = args.pages.split(",") if args.pages else (["home"] if args.large else DEFAULT)
    unknown = set(names) - set(PAGE_TYPES)
    if unknown:
        parser.error(f"unknown page types: {', '.join(sorted(unknown))}")
    ensure_lighthouse()
    reports = Path(tempfile.mkdtemp(prefix="lighthouse-"))

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.site:
            site = args.site.resolve()
            port = 0
        else:
            site, port = tmp_path / "site", free_port()
        with GzipServer(site, port) as server:
            if not args.site:
                if args.large:
                    from large_site import make_large_project

                    project = make_large_project(tmp_path / "project")
                    label = "synthetic large site (2,000 articles, 20,000 stations)"
                else:
                    project = copy_project(tmp_path / "project")
                    label = "sample site"
                print(f"building the {label}…", file=sys.stderr)
                seconds = build(project, site, server.url)
                print(f"built in {seconds:.1f} s", file=sys.stderr)
            else:
                print("note: --site: canonical links point where that build's site_url says", file=sys.stderr)
            print(f"site: {'large' if args.large else 'sample' if not args.site else site}, served at {server.url}")
            results = measure(site, server.url, names, args.runs, reports)
            if args.large:
                home = next((r for n, _, r in results if n == "home"), None)
                if home:
                    print(f"\nlarge site: home page transfer {home['kb']:.1f} KB (budget {HOME_BUDGET_KB} KB)")
                index = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
                if index:
                    print(f"large site: search index {sum(p.stat().st_size for p in index) / 1024:.0f} KB in {len(index)} files, "
                          "fetched a piece at a time when searching (benchmarks/search.py)")
    print(f"\nLighthouse JSON reports: {reports}")


if __name__ == "__main__":
    main()
