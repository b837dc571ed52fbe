"""Benchmark (not a test): the station locator at the scale of a province.

Generates a synthetic province (default 20,000 stations across 1,000 areas)
into a copy of the project, builds it, and prints:

- the build time, and that of a plain Material build of the same number of
  Markdown pages (same theme settings, none of our hooks), and their ratio;
- the first-view transfer size (gzip) of the locator page and of the home page:
  the HTML plus every stylesheet, script and image they load before the
  resident touches anything.

Usage: .venv/bin/python benchmarks/stations_scale.py [--stations N] [--areas N] [--skip-plain]
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from site_build import build_env, copy_project  # noqa: E402

KINDS = ["station", "room", "room", "room", "room", "clinic"]


def synthetic_stations(count: int, areas: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = [
        "meta:\n  region: 示例省\n  coordinates: gcj02\n  sample: true\n",
        "kinds:\n  centre: 区社会心理服务指导中心\n  station: 镇（街道）心理服务站\n  room: 村（社区）心理咨询室\n  clinic: 精神科门诊\n",
        "services:\n  assessment: 心理测评\n  counselling: 个体咨询\n  group: 团体辅导\n  sandplay: 沙盘室\n",
        "stations:\n",
    ]
    for i in range(count):
        area = i % areas
        kind = "centre" if i == 0 else KINDS[i % len(KINDS)]
        lat = 27.0 + (area % 40) * 0.1 + rng.uniform(0, 0.05)
        lng = 118.0 + (area // 40) * 0.1 + rng.uniform(0, 0.05)
        services = rng.sample(["assessment", "counselling", "group", "sandplay"], k=rng.randint(1, 3))
        lines.append(
            f"  - id: s{i:05d}\n"
            f"    name: 示例{area:04d}区第{i:05d}号心理服务点\n"
            f"    kind: {kind}\n"
            f"    area: 示例{area:04d}镇\n"
            # Each area's first station supervises the rest of the area;
            # those report to the province's centre.
            + (f"    parent: s{area:05d}\n" if i >= areas else ("    parent: s00000\n" if i else ""))
            + f"    address: 示例{area:04d}镇示例路{i % 300 + 1}号（示例地址）\n"
            f"    phone: [\"0573-8{i % 1000:03d} {1000 + i % 9000:04d}\"]\n"
            f"    hours:\n      mon-fri: \"08:30-11:30, 13:30-17:00\"\n"
            + ("      sat: \"09:00-12:00\"\n" if i % 3 == 0 else "")
            + f"    services: [{', '.join(services)}]\n"
            f"    location: [{lat:.5f}, {lng:.5f}]\n"
            f"    verified: 2026-11-01\n"
        )
    return "".join(lines)


def build(project: Path, site: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)],
        cwd=project, env=build_env(), capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{result.stdout}\n{result.stderr}"[-4000:])
    return elapsed


def plain_material_project(target: Path, pages: int) -> Path:
    """The same theme settings and number of pages, none of our hooks or data."""
    docs = target / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n示例。\n", encoding="utf-8")
    for i in range(pages):
        (docs / "p" / f"{i:05d}.md").write_text(f"# 示例第{i:05d}号心理服务点\n\n示例{i % 1000:04d}镇示例路{i % 300 + 1}号。\n\n周一至周五 08:30–11:30、13:30–17:00。\n", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # Not our plugin: only what our theme templates read of a build (`mh`),
    # empty, so that the same overrides render.
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\nhooks:\n  - mh_stub.py\n", config)
    (target / "mh_stub.py").write_text(
        "def on_env(env, config, files):\n"
        "    env.globals['mh'] = {'help_bar': {'lines': []}, 'emergency': None, 'content_pages': {}, 'report_404_html': ''}\n",
        encoding="utf-8",
    )
    config = re.sub(r"\nnav:\n(?:  .*\n)+", "\nnav:\n  - 首页: index.md\n", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    # The help bar: a static one.
    (target / "overrides/partials/help-bar.html").write_text("<div class=\"mh-helpbar\">12356</div>\n", encoding="utf-8")
    shutil.copytree(ROOT / "docs/assets", docs / "assets")
    return target


_LOADED = re.compile(r"""<(?:script|img)[^>]+src="([^"]+)"|<link[^>]+rel="(?:stylesheet|icon)"[^>]+href="([^"]+)"|<link[^>]+href="([^"]+)"[^>]+rel="(?:stylesheet|icon)\"""")


def first_view_bytes(site: Path, page: str) -> tuple[int, int]:
    """(gzip bytes, files) of a page and what it loads before any interaction."""
    html_path = site / page
    html = html_path.read_text(encoding="utf-8")
    total, files = len(gzip.compress(html.encode("utf-8"), 6)), 1
    for match in _LOADED.finditer(html):
        url = next(g for g in match.groups() if g)
        if url.startswith(("http:", "https:", "//", "data:")):
            continue
        path = (html_path.parent / url.split("?")[0].split("#")[0]).resolve()
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), 6))
            files += 1
    return total, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=20_000)
    parser.add_argument("--areas", type=int, default=1_000)
    parser.add_argument("--skip-plain", action="store_true", help="do not build the plain Material comparison")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        project = copy_project(tmp_path / "project")
        (project / "docs/_data/stations.yml").write_text(synthetic_stations(args.stations, args.areas), encoding="utf-8")
        # The sample activities name sample stations: move them to the province's.
        from large_site import synthetic_events

        events = project / "docs/_data/events.yml"
        if events.is_file():
            events.write_text(synthetic_events(events.read_text(encoding="utf-8"), args.areas), encoding="utf-8")
        ours = build(project, tmp_path / "site")
        site = tmp_path / "site"
        pages = sum(1 for _ in site.rglob("index.html"))
        locator, locator_files = first_view_bytes(site, "stations/index.html")
        home, home_files = first_view_bytes(site, "index.html")
        data = len(gzip.compress((site / "stations/stations.json").read_bytes(), 6))
        print(f"stations: {args.stations}, areas: {args.areas}, pages built: {pages}")
        print(f"build (ours, strict): {ours:.1f} s")
        print(f"locator first view: {locator / 1024:.1f} KB gzip in {locator_files} files (target <= 150 KB)")
        print(f"locator data on first use (stations.json): {data / 1024:.1f} KB gzip")
        print(f"home page first view: {home / 1024:.1f} KB gzip in {home_files} files")
        pagefind = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
        print(f"site search index (Pagefind, fetched a piece at a time): {sum(p.stat().st_size for p in pagefind) / 1024:.0f} KB "
              f"in {len(pagefind)} files (station pages excluded; benchmarks/search.py measures a search)")
        if not args.skip_plain:
            plain = plain_material_project(tmp_path / "plain", args.stations)
            base = build(plain, tmp_path / "plain-site")
            print(f"build (plain Material, {args.stations} Markdown pages): {base:.1f} s")
            print(f"ratio ours / plain: {ours / base:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
