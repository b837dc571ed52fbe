"""Benchmark (not a test): what our hooks cost in build time.

Times clean builds (`mkdocs build --strict --clean` into an empty folder, as
`./run site` does) of

- the sample site (this project as it is), and
- the synthetic large site (benchmarks/large_site.py: 2,000 articles and the
  locator's 20,000-station province),

each with our hooks, and as a plain Material build of the same Markdown
without them, and prints the times and the ratio ours / plain (targets, issue
17: <= 1.2 on the large site, <= 1.3 on the sample).

"The same Markdown": the plain project is what our hooks leave, built by
Material alone (benchmarks/projects.py, plain_project, says how).
The site search is one of our hooks (Pagefind, hooks/mhsite/search/), so the
plain build has none and its cost counts as ours. Our hooks' whole cost is in
the difference: loading and
checking the data, generating pages, the HTML they add after Markdown (station
page bodies with their QR codes, activity facts), our templates (help bar,
header) and the offline worker (sw.js hashes the built site).

Each build runs in a fresh process; ours and plain alternate, and with
--runs N each is built N times and the medians are compared. The machine's
other work makes single timings noisy: use --runs 2 or more for figures you
report.

Usage: .venv/bin/python benchmarks/build_speed.py [--runs N] [--skip-large] [--skip-sample]
           [--articles N] [--stations N] [--areas N] [--profile FILE] [--phases]
--phases: also build each site once more, ours and plain, timed by MkDocs'
steps and plugin events (build_phases.py), and print them side by side.
--profile FILE: also build the large site (ours) once under cProfile and save
the statistics to FILE (read with `python -m pstats FILE`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def mkdocs_build(project: Path, site: Path, env: dict[str, str] | None = None, profile: Path | None = None,
                 phases: Path | None = None) -> float:
    """One clean strict build in a fresh process; its wall time in seconds.
    `profile`: under cProfile, statistics to that file; `phases`: with
    build_phases.py, its {phase: seconds} to that file."""
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
    start = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=env or build_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{(result.stdout + result.stderr)[-4000:]}")
    return elapsed


def compare(label: str, project: Path, work: Path, runs: int, target: float, phases: bool = False) -> tuple[float, float]:
    plain = plain_project(project, work / "plain", work)
    ours_times, plain_times = [], []
    for _ in range(runs):
        ours_times.append(mkdocs_build(project, work / "site-ours"))
        plain_times.append(mkdocs_build(plain, work / "site-plain"))
        print(f"  {label}: ours {ours_times[-1]:.1f} s, plain {plain_times[-1]:.1f} s", file=sys.stderr)
    pages = sum(1 for _ in (work / "site-ours").rglob("*.html"))
    ours, base = statistics.median(ours_times), statistics.median(plain_times)
    shown = lambda times: ", ".join(f"{t:.1f}" for t in times)  # noqa: E731
    print(f"{label} ({pages} HTML files)")
    print(f"  with our hooks:         {ours:6.1f} s  (runs: {shown(ours_times)})")
    print(f"  plain Material:         {base:6.1f} s  (runs: {shown(plain_times)})")
    print(f"  ratio ours / plain:     {ours / base:6.2f}  (target <= {target})")
    if phases:
        print_phases(label.split(":")[0], project, plain, work)
    return ours, base


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
                seconds = mkdocs_build(project, work / "site-profile", profile=args.profile.resolve())
                print(f"  profiled build (ours, under cProfile): {seconds:.1f} s, statistics in {args.profile}")


if __name__ == "__main__":
    main()
