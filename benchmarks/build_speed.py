"""Benchmark (not a test): what our hooks cost in build time.

Times clean builds (`mkdocs build --strict --clean` into an empty folder, as
`./run site` does) of

- the sample site (this project as it is), and
- the synthetic large site (benchmarks/large_site.py: 2,000 articles and the
  locator's 20,000-station province),

each with our hooks, and as a plain Material build of the same Markdown
without them, and prints the times and the ratio ours / plain (targets, issue
17: <= 1.2 on the large site, <= 1.3 on the sample).

Plain Material is built twice: as it comes, with its own search plugin over
the same pages (the anchor of the targets, of the kind issue 17 measured
when it was filed: 82.0 s on the large site then), and with no site search
at all, the stricter figure, printed beside it. Our site has a search
(Pagefind, one of our hooks), so its cost is in ours either way. Material's
search segments Chinese with jieba when it is installed, as Material's
documentation advises for Chinese; jieba is no dependency of this project:
`.venv/bin/pip install jieba==0.42.1` (the version the site had before
Pagefind) for that anchor. Without it the anchor is cheaper (the Chinese
not split into words) and the output says so.

"The same Markdown": the plain project is what our hooks leave, built by
Material alone (benchmarks/projects.py, plain_project, says how).
Our hooks' whole cost is in the difference: loading and
checking the data, generating pages, the HTML they add after Markdown (station
page bodies with their QR codes, activity facts), our templates (help bar,
header) and the offline worker (sw.js hashes the built site).

Each build runs in a fresh process; ours and plain alternate, and with
--runs N each is built N times and the medians are compared. The machine's
other work makes single timings noisy: use --runs 2 or more for figures you
report.

Usage: .venv/bin/python benchmarks/build_speed.py [--runs N] [--skip-large] [--skip-sample]
           [--articles N] [--stations N] [--areas N] [--profile FILE] [--phases]
--phases: also build each site once more, ours and plain (no search), timed
by MkDocs' steps and plugin events (build_phases.py), and print them side by
side.
--profile FILE: also build the large site (ours) once under cProfile and save
the statistics to FILE (read with `python -m pstats FILE`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

try:
    import resource  # POSIX: the builds' CPU time
except ImportError:
    resource = None

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))
from large_site import AREAS, ARTICLES, STATIONS, make_large_project  # noqa: E402
from projects import plain_project  # noqa: E402
from site_build import build_env, copy_project  # noqa: E402

# The ratios ours / plain issue 17 asks for.
SAMPLE_TARGET = 1.3
LARGE_TARGET = 1.2


class Timed(NamedTuple):
    wall: float  # seconds
    # CPU seconds of the build's process and every process it started and
    # waited for (the helper process, Pagefind): less moved by the machine's
    # other work than wall time, and what the build costs a CI runner; NaN
    # without the resource module (not POSIX).
    cpu: float


def mkdocs_build(project: Path, site: Path, env: dict[str, str] | None = None, profile: Path | None = None,
                 phases: Path | None = None) -> Timed:
    """One clean strict build in a fresh process, timed. `profile`: under
    cProfile, statistics to that file; `phases`: with build_phases.py, its
    {phase: seconds} to that file."""
    if site.exists():
        shutil.rmtree(site)
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    options = ["--strict", "--clean", "--config-file", "mkdocs.yml", "--site-dir", str(site)]
    if phases:
        command += [str(BENCH / "build_phases.py"), str(phases), *options]
    else:
        command += ["-m", "mkdocs", "build", *options]
    used = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
    start = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=env or build_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{(result.stdout + result.stderr)[-4000:]}")
    if not resource:
        return Timed(elapsed, float("nan"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Timed(elapsed, after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)


def compare(label: str, project: Path, work: Path, runs: int, target: float, phases: bool = False) -> tuple[float, float]:
    """Ours against plain Material with its own search (the anchor of the
    target) and without any search; returns (ours, anchor) medians."""
    jieba = importlib.util.find_spec("jieba") is not None
    if not jieba:
        print("  note: jieba is not installed: Material's search does not split the Chinese into words, a cheaper "
              "anchor than Material's set-up for Chinese (.venv/bin/pip install jieba==0.42.1)", file=sys.stderr)
    anchors = {
        "plain Material, its search": plain_project(project, work / "plain-search", work, search=True),
        "plain Material, no search": plain_project(project, work / "plain", work),
    }
    runs_of: dict[str, list[Timed]] = {"ours": []} | {name: [] for name in anchors}
    for _ in range(runs):
        runs_of["ours"].append(mkdocs_build(project, work / "site-ours"))
        for name, plain in anchors.items():
            runs_of[name].append(mkdocs_build(plain, work / "site-plain"))
        print(f"  {label}: " + ", ".join(f"{name} {t[-1].wall:.1f} s" for name, t in runs_of.items()), file=sys.stderr)
    pages = sum(1 for _ in (work / "site-ours").rglob("*.html"))
    medians = {name: statistics.median(t.wall for t in timed) for name, timed in runs_of.items()}
    cpu_medians = {name: statistics.median(t.cpu for t in timed) for name, timed in runs_of.items()}
    shown = lambda name: ", ".join(f"{t.wall:.1f}" for t in runs_of[name])  # noqa: E731
    ours = medians["ours"]
    print(f"{label} ({pages} HTML files); wall time, and CPU time (all the build's processes)")
    print(f"  with our hooks (Pagefind search):    {ours:6.1f} s  (runs: {shown('ours')}); CPU {cpu_medians['ours']:.1f} s")
    for name in anchors:
        print(f"  {name + ':':36} {medians[name]:6.1f} s  (runs: {shown(name)})  ratio ours / it: {ours / medians[name]:.2f}; "
              f"CPU {cpu_medians[name]:.1f} s, ratio {cpu_medians['ours'] / cpu_medians[name]:.2f}")
    anchor = medians["plain Material, its search"]
    print(f"  ratio ours / plain Material with its search ({'with' if jieba else 'WITHOUT'} jieba): "
          f"{ours / anchor:.2f}  (target <= {target})")
    if phases:
        print_phases(label.split(":")[0], project, anchors["plain Material, no search"], work)
    return ours, anchor


# build_phases.py's names, in the order a build runs them; an indented row
# is inside the one above it.
PHASES = [
    ("load_config", "loading mkdocs.yml (imports the hooks)"),
    ("on_config", "on_config"),
    ("on_files", "on_files"),
    ("on_nav", "on_nav"),
    ("_populate_page", "reading and converting the pages' Markdown"),
    ("on_page_markdown", "  of which on_page_markdown"),
    ("on_page_content", "  of which on_page_content"),
    ("_build_theme_template", "the theme's own templates (404, sitemap)"),
    ("_build_page", "rendering and writing the pages"),
    ("on_page_context", "  of which on_page_context"),
    ("on_post_page", "  of which on_post_page"),
    ("on_post_build", "on_post_build"),
    ("total", "total (this process)"),
]


def print_phases(label: str, project: Path, plain: Path, work: Path) -> None:
    """One more build of each under build_phases.py: where the time goes."""
    times = {}
    for kind, source in (("ours", project), ("plain", plain)):
        out = work / f"phases-{kind}.json"
        mkdocs_build(source, work / f"site-{kind}", phases=out)
        times[kind] = json.loads(out.read_text(encoding="utf-8"))
    print(f"  where the time goes, {label} (one build each, seconds; build_phases.py):")
    print(f"    {'':44} {'ours':>7} {'plain':>7} {'more':>7}")
    for key, name in PHASES:
        ours, base = times["ours"].get(key, 0.0), times["plain"].get(key, 0.0)
        print(f"    {name:44} {ours:7.2f} {base:7.2f} {ours - base:+7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="builds of each kind (medians are compared)")
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--stations", type=int, default=STATIONS)
    parser.add_argument("--areas", type=int, default=AREAS)
    parser.add_argument("--profile", type=Path, help="save a cProfile of one large build (ours) here")
    parser.add_argument("--phases", action="store_true",
                        help="one more build of each, timed by phase and plugin event (build_phases.py)")
    args = parser.parse_args()
    print(f"clean builds, mkdocs build --strict, {os.cpu_count()} CPUs (shared: figures are noisy)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if not args.skip_sample:
            work = tmp_path / "sample"
            compare("sample site", copy_project(work / "project"), work, args.runs, SAMPLE_TARGET, args.phases)
        if not args.skip_large:
            work = tmp_path / "large"
            project = make_large_project(work / "project", args.articles, args.stations, args.areas)
            label = f"large site: {args.articles} articles, {args.stations} stations in {args.areas} areas"
            compare(label, project, work, args.runs, LARGE_TARGET, args.phases)
            if args.profile:
                seconds = mkdocs_build(project, work / "site-profile", profile=args.profile.resolve()).wall
                print(f"  profiled build (ours, under cProfile): {seconds:.1f} s, statistics in {args.profile}")


if __name__ == "__main__":
    main()
