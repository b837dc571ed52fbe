"""Benchmark (not a test): the performance budget, measured with Lighthouse.

Builds the site (or takes a built one with --site), serves it on 127.0.0.1
as a real host does (tests/local_host.py: HTTP/1.1 with keep-alive,
ETag and Last-Modified with 304 answers, gzip, the response headers and
caching of deploy/nginx.conf, 404.html for a missing page), runs Lighthouse
12 (mobile preset: simulated slow 4G and a mid-range phone) in Debian's
Chromium on one page of each type, and prints a table: the four category
scores, LCP, TBT, CLS and the transfer size (every byte the page loaded,
compressed as sent). Then the targets that were missed, and the audits that
cost each page points.

**The page's clock.** What some pages show depends on the hour in the
resident's browser: the hotline directory says when no local line is
answering, activities that ended since the build are hidden. Each page type
is measured at the clocks of `--clock` (default `day,night`: 15:00 and 20:00
Beijing time on the build's day, 2026-11-23, when the local line is open and
closed and when an activity of that evening has ended since the build; or
any ISO 8601 time with its offset). The local host puts a small script at
the top of each page's <head> that sets the page's `Date` to that moment,
and allows it by its hash in that response's Content-Security-Policy
(tests/page_clock.py; Lighthouse runs its own Chromium, where DevTools'
`Page.addScriptToEvaluateOnNewDocument` is not ours to call). It adds about
300 bytes to each page.

**Against plain Material, in the same run.** Unless --no-plain, the
benchmark also builds the same Markdown as a plain Material site in Chinese
(benchmarks/projects.py: our hooks' pages and Markdown, no hooks, no
templates, styles or colours of ours: Material as it comes, with the site's
features), serves it the same way, and measures the home page and an article
of both, alternating, `--compare-runs` times each (default 5), and prints the
medians side by side with the ratios: targets LCP <= 1.0 x plain Material's,
transfer <= plain Material's. That anchor has no site search: Material's own
search plugin, on by default, downloads its whole index on every first view
(its bundle asks for search/search_index.json as the page loads), so without
it plain Material is the lighter anchor. `--plain-search` measures Material
as it comes, with that search, beside it (row "plain+srch"); the targets stay
judged against the anchor without search.

**Before and after, in the same run.** `--baseline REF` (a git revision,
e.g. `main` or `HEAD~3`) also builds the project as it was at REF (`git
archive`) and measures it beside this one, in every table. A baseline that
no longer builds in strict mode is built without it (said so).

Targets: performance >= 95, accessibility, best practices and SEO 100 on
every page type at every clock; CLS 0; the home page <= 150 KB transferred
in total.

--large builds the synthetic large site (benchmarks/large_site.py: 2,000
articles and a 20,000-station province) and measures the home page there
(more with --pages).

Lighthouse is installed on first use into benchmarks/node_modules with `npm
ci --prefix benchmarks` (versions pinned in benchmarks/package.json and
package-lock.json). Each Lighthouse run takes about 12 s on the 2-core
machine; the default run (11 page types at two clocks, then 2 pages x 2
sites x 5) about 11 minutes with the builds. The JSON reports are kept in
a temporary folder, printed at the end.

Usage: .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--large]
           [--pages home,article,...] [--runs N] [--clock day,night,ISO...]
           [--no-plain] [--plain-search] [--compare-runs N] [--baseline REF]
Environment: CHROME_PATH (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (ROOT / "tests", BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from local_host import Host  # noqa: E402
from projects import copy_project, plain_project, revision_project  # noqa: E402
from site_build import TEST_EPOCH, build_env  # noqa: E402

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --lang=zh-CN"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
HOME_BUDGET_KB = 150
CHINA = timezone(timedelta(hours=8))
# The build's day (the benchmark's builds are pinned to it, as the tests').
BUILD_DAY = datetime.fromtimestamp(int(TEST_EPOCH), CHINA).date()
CLOCK_TIMES = {"day": clock_time(15, 0), "night": clock_time(20, 0)}

# -- Building -----------------------------------------------------------------------


def build(project: Path, site: Path, site_url: str, *, strict: bool = True) -> float:
    """Build `project` into `site` with `site_url` (the address it is served at)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^site_url: .*$", f"site_url: {site_url}", text)
    if n != 1:
        sys.exit("mkdocs.yml: no site_url line to point at the local server")
    config.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict", "--clean",
         "--config-file", "mkdocs.yml", "--site-dir", str(site)],
        cwd=project, env=build_env(), capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{(result.stdout + result.stderr)[-4000:]}")
    return time.perf_counter() - start


def build_baseline(project: Path, site: Path, site_url: str) -> float:
    try:
        return build(project, site, site_url)
    except SystemExit as failed:
        print(f"note: the baseline does not build in strict mode; built without it:\n{str(failed)[-800:]}", file=sys.stderr)
        return build(project, site, site_url, strict=False)


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
COMPARED = ["home", "article"]  # against plain Material


def page_path(site: Path, name: str) -> str | None:
    try:
        path = PAGE_TYPES[name](site)
    except (LookupError, OSError):
        if name in OPTIONAL:
            return None
        raise
    target = site / (path + "index.html" if path == "" or path.endswith("/") else path)
    if not target.is_file():
        if name in OPTIONAL:
            return None
        sys.exit(f"page type {name}: {target} was not built")
    return path


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
    row["fcp"] = audits["first-contentful-paint"]["numericValue"] / 1000
    row["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    row["tbt"] = audits["total-blocking-time"]["numericValue"]
    row["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    row["kb"] = audits["total-byte-weight"]["numericValue"] / 1024
    row["requests"] = len(audits["network-requests"]["details"]["items"])
    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    row["blocking"] = len(blocking)
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


# -- Runs ---------------------------------------------------------------------------


@dataclass
class Served:
    label: str  # "this", "baseline", "plain", "plain+srch"
    site: Path
    host: Host


@dataclass
class Result:
    site: str
    clock: str
    page: str
    path: str
    row: dict[str, float]
    runs: int
    losses: dict[str, float] = field(default_factory=dict)


class Runner:
    def __init__(self, reports: Path) -> None:
        self.reports = reports
        self.count = 0

    def once(self, served: Served, clock: datetime | None, path: str) -> dict:
        served.host.clock = clock
        self.count += 1
        return run_lighthouse(served.host.url + path, self.reports / f"{self.count:04d}.json")

    def measure(self, sites: list[Served], clocks: dict[str, datetime | None], names: list[str], runs: int) -> list[Result]:
        """Every page type of every site at every clock, `runs` times (sites alternating)."""
        results = []
        for clock_name, clock in clocks.items():
            for name in names:
                paths = {s.label: page_path(s.site, name) for s in sites}
                rows: dict[str, list[dict]] = {s.label: [] for s in sites if paths[s.label] is not None}
                losses: dict[str, dict[str, float]] = {label: {} for label in rows}
                for _ in range(runs):
                    for served in sites:
                        if paths[served.label] is None:
                            continue
                        lhr = self.once(served, clock, paths[served.label])
                        rows[served.label].append(figures(lhr))
                        for audit, score in lost_points(lhr).items():
                            losses[served.label][audit] = min(score, losses[served.label].get(audit, 1.0))
                for label, got in rows.items():
                    results.append(Result(label, clock_name, name, paths[label] or "", median_row(got), runs, losses[label]))
                print(f"  {name} at {clock_name}: done", file=sys.stderr)
        return results


# -- Printing -----------------------------------------------------------------------


def print_table(results: list[Result], title: str) -> None:
    print(f"\n{title}")
    head = (f"{'page':<12} {'clock':<11} {'site':<10} {'perf':>4} {'a11y':>4} {'BP':>4} {'SEO':>4} {'FCP s':>6} {'LCP s':>6} "
            f"{'TBT ms':>6} {'CLS':>6} {'KB':>7} {'req':>4} {'block':>5}  path")
    print(head)
    print("-" * (len(head) + 20))
    for r in results:
        row = r.row
        print(
            f"{r.page:<12} {r.clock:<11} {r.site:<10} {row['performance']:>4.0f} {row['accessibility']:>4.0f} "
            f"{row['best-practices']:>4.0f} {row['seo']:>4.0f} {row['fcp']:>6.2f} {row['lcp']:>6.2f} {row['tbt']:>6.0f} "
            f"{row['cls']:>6.3f} {row['kb']:>7.1f} {row['requests']:>4.0f} {row['blocking']:>5.0f}  /{r.path}"
        )


def check_targets(results: list[Result]) -> list[str]:
    missed = []
    for r in results:
        if r.site != "this":
            continue
        where = f"{r.page} at {r.clock}"
        for category, target in TARGETS.items():
            if r.row[category] < target:
                missed.append(f"{where}: {category} {r.row[category]:.0f} < {target}")
        if r.row["cls"] > 0:
            missed.append(f"{where}: CLS {r.row['cls']:.3f} > 0")
        if r.page == "home" and r.row["kb"] > HOME_BUDGET_KB:
            missed.append(f"{where}: {r.row['kb']:.1f} KB > {HOME_BUDGET_KB} KB")
    return missed


def print_losses(results: list[Result]) -> None:
    mine = [r for r in results if r.site == "this" and r.losses]
    if not mine:
        return
    print("\naudits that cost points (this site, lowest score in any run):")
    for r in mine:
        print(f"  {r.page} at {r.clock}: " + ", ".join(f"{audit} ({score:.2f})" for audit, score in sorted(r.losses.items())))


def print_comparison(results: list[Result]) -> list[str]:
    """Ours against plain Material (and the baseline against it): LCP and bytes."""
    missed = []
    by = {(r.site, r.page): r for r in results}
    print("\nagainst plain Material (medians; ratio = site / plain Material; targets: LCP <= 1.00, KB <= 1.00)")
    print(f"{'page':<9} {'site':<10} {'runs':>4} {'FCP s':>6} {'LCP s':>6} {'KB':>7} {'req':>4} {'LCP ratio':>9} {'KB ratio':>8}")
    for page in COMPARED:
        plain = by.get(("plain", page))
        if plain is None:
            continue
        for site in ("plain", "plain+srch", "baseline", "this"):
            r = by.get((site, page))
            if r is None:
                continue
            lcp_ratio, kb_ratio = r.row["lcp"] / plain.row["lcp"], r.row["kb"] / plain.row["kb"]
            print(f"{page:<9} {site:<10} {r.runs:>4} {r.row['fcp']:>6.2f} {r.row['lcp']:>6.2f} {r.row['kb']:>7.1f} "
                  f"{r.row['requests']:>4.0f} {lcp_ratio:>9.2f} {kb_ratio:>8.2f}")
            if site == "this":
                if lcp_ratio > 1.0:
                    missed.append(f"{page}: LCP {lcp_ratio:.2f} x plain Material's")
                if kb_ratio > 1.0:
                    missed.append(f"{page}: transfer {kb_ratio:.2f} x plain Material's")
    return missed


# -- Main ---------------------------------------------------------------------------


def parse_clocks(value: str, day: date) -> dict[str, datetime | None]:
    clocks: dict[str, datetime | None] = {}
    for item in value.split(","):
        item = item.strip()
        if item in CLOCK_TIMES:
            clocks[item] = datetime.combine(day, CLOCK_TIMES[item], CHINA)
        elif item == "real":
            clocks[item] = None
        else:
            when = datetime.fromisoformat(item)
            if when.tzinfo is None:
                sys.exit(f"--clock {item}: give the offset too, e.g. 2026-11-23T20:00+08:00")
            clocks[when.astimezone(CHINA).strftime("%m-%d %H:%M")] = when
    return clocks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="serve this built site instead of building one")
    parser.add_argument("--large", action="store_true", help="build and measure the synthetic large site")
    parser.add_argument("--pages", help=f"comma-separated page types (default: all but articles-index; with --large: home). Types: {', '.join(PAGE_TYPES)}")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and clock (the table shows medians)")
    parser.add_argument("--clock", default="day,night",
                        help="the page's clock: day (15:00), night (20:00) on the build's day, real, or ISO times with their offset")
    parser.add_argument("--no-plain", action="store_true", help="do not build and measure plain Material")
    parser.add_argument("--plain-search", action="store_true",
                        help="also measure plain Material as it comes, with its own search plugin (one more site: "
                             "--compare-runs more runs of home and article)")
    parser.add_argument("--compare-runs", type=int, default=5, help="runs of home and article, ours and plain Material's")
    parser.add_argument("--baseline", metavar="REF", help="also build and measure the project at this git revision")
    args = parser.parse_args()
    if args.plain_search and (args.no_plain or args.site):
        parser.error("--plain-search measures beside the plain site: not with --no-plain or --site")
    names = args.pages.split(",") if args.pages else (["home"] if args.large else DEFAULT)
    unknown = set(names) - set(PAGE_TYPES)
    if unknown:
        parser.error(f"unknown page types: {', '.join(sorted(unknown))}")
    clocks = parse_clocks(args.clock, BUILD_DAY if not args.site else datetime.now(CHINA).date())
    ensure_lighthouse()
    reports = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    started = time.perf_counter()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        sites: list[Served] = []
        hosts = []
        try:
            if args.site:
                host = Host(args.site.resolve()).__enter__()
                hosts.append(host)
                sites.append(Served("this", args.site.resolve(), host))
                print("note: --site: canonical links point where that build's site_url says", file=sys.stderr)
            else:
                kinds = (["this"] + (["baseline"] if args.baseline else []) + ([] if args.no_plain else ["plain"])
                         + (["plain+srch"] if args.plain_search else []))
                label = "synthetic large site (2,000 articles, 20,000 stations)" if args.large else "sample site"
                this_project = None
                for kind in kinds:
                    site = tmp_path / f"site-{kind}"
                    site.mkdir()
                    host = Host(site).__enter__()
                    hosts.append(host)
                    work = tmp_path / kind
                    if kind == "baseline":
                        project = revision_project(work / "project", args.baseline)
                        if args.large:
                            from large_site import enlarge

                            enlarge(project)
                    elif kind == "plain":
                        project = plain_project(this_project, work / "project", work, defaults=True)
                    elif kind == "plain+srch":  # the same Markdown dump as "plain"
                        project = plain_project(this_project, work / "project", tmp_path / "plain", defaults=True, search=True)
                    elif args.large:
                        from large_site import make_large_project

                        project = make_large_project(work / "project")
                    else:
                        project = copy_project(work / "project")
                    if kind == "this":
                        this_project = project
                    print(f"building the {label}: {kind}{' ' + args.baseline if kind == 'baseline' else ''}…", file=sys.stderr)
                    seconds = (build_baseline if kind == "baseline" else build)(project, site, host.url)
                    print(f"built in {seconds:.1f} s", file=sys.stderr)
                    sites.append(Served(kind, site, host))
            names_seen = ", ".join(f"{s.label} at {s.host.url}" for s in sites)
            print(f"site: {'large' if args.large else 'sample' if not args.site else args.site}; {names_seen}")
            print(f"clocks: " + ", ".join(f"{k} = {v.isoformat() if v else 'the real time'}" for k, v in clocks.items()))
            runner = Runner(reports)
            ours = [s for s in sites if not s.label.startswith("plain")]
            results = runner.measure(ours, clocks, names, args.runs)
            note = f"median of {args.runs} runs" if args.runs > 1 else "one run"
            print_table(results, f"Lighthouse 12, mobile preset ({note}); transfer = every byte loaded, as sent (gzip); "
                                 "block = render-blocking resources Lighthouse lists")
            missed = check_targets(results)
            compared: list[Result] = []
            if any(s.label == "plain" for s in sites):
                first_clock = next(iter(clocks.items()))
                compared = runner.measure(sites, dict([first_clock]), [n for n in COMPARED], args.compare_runs)
                print_table(compared, f"home and article against plain Material, median of {args.compare_runs} runs, alternating")
                missed += print_comparison(compared)
            print("\ntargets: perf >= 95, a11y/BP/SEO = 100, CLS 0, home <= 150 KB"
                  + ("; LCP and transfer <= plain Material's" if compared else "") + ": " + ("all met" if not missed else "MISSED"))
            for line in missed:
                print(f"  missed: {line}")
            print_losses(results)
            if args.large:
                site = sites[0].site
                index = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
                if index:
                    print(f"large site: search index {sum(p.stat().st_size for p in index) / 1024:.0f} KB in {len(index)} files, "
                          "fetched a piece at a time when searching (benchmarks/search.py)")
        finally:
            for host in hosts:
                host.__exit__(None, None, None)
    print(f"\n{runner.count} Lighthouse runs, {(time.perf_counter() - started) / 60:.1f} min in all; JSON reports: {reports}")


if __name__ == "__main__":
    main()
