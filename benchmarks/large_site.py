"""The synthetic large site the benchmarks build (a module, not a script).

`make_large_project(target)` copies the project (what a build reads) into
`target` and makes it as large as a province-wide deployment:

- the locator's province: 20,000 stations in 1,000 areas, from
  `stations_scale.synthetic_stations` (the existing station benchmark);
- 2,000 popular-science articles in docs/articles/, `bench-0000.md` onwards;
- the shipped activities (docs/_data/events.yml), moved to the synthetic
  province: each sample station becomes a synthetic one (an area's first
  station, which has a page with children), each sample area a synthetic area.

Each synthetic article is as long as the shipped ones (about 2,000
characters) and passes the same checks: its body is a shipped article's body
(so its links to other pages resolve and its wording passes the
safe-messaging check) after an opening paragraph of sentences drawn from all
shipped articles, so that no two pages are the same text for the search
index; its front matter follows `hooks/mhsite/content/model.py`'s ArticleMeta with tags
from docs/_data/content.yml and audiences from docs/_data/audiences.yml (or,
in a revision without it, those the shipped articles name), and a
review date before the tests' pinned "today" (2026-11-23, site_build.TEST_EPOCH)
so that none is overdue. Deterministic: the same seed gives the same files.
"""

from __future__ import annotations

import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))
from site_build import copy_project  # noqa: E402
from stations_scale import synthetic_stations  # noqa: E402

ARTICLES = 2_000
STATIONS = 20_000
AREAS = 1_000
# Before the tests' pinned date (site_build.TEST_EPOCH), within the 24-month review interval.
LAST_REVIEW = date(2026, 11, 1)

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_SENTENCE = re.compile(r"[^。！？\n]*[。！？]")
_TOPICS = ["情绪", "焦虑", "睡眠", "压力", "亲子", "学业", "职场", "老年", "家庭", "照护", "沟通", "求助", "自我照顾", "哀伤", "适应"]
_FORMS = ["小知识", "十问十答", "常见误区", "怎么办", "自助练习", "给家人的建议", "一周计划", "常见问题"]


def _shipped_articles(docs: Path) -> list[tuple[dict, str]]:
    articles = []
    for path in sorted((docs / "articles").glob("*.md")):
        if path.name == "index.md":
            continue
        match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if match:
            articles.append((yaml.safe_load(match.group(1)), path.read_text(encoding="utf-8")[match.end():]))
    return articles


def _plain_sentences(bodies: list[str]) -> list[str]:
    """Sentences of running text: no headings, lists, links, quotes or emphasis."""
    sentences = []
    for body in bodies:
        for line in body.splitlines():
            if not line or line[0] in "#->|!*" or "](" in line or "“" in line:
                continue
            sentences += [s.strip() for s in _SENTENCE.findall(line) if 12 <= len(s.strip()) <= 60]
    return sorted(set(sentences))


def synthetic_articles(docs: Path, count: int = ARTICLES, seed: int = 11) -> dict[str, str]:
    """{file name: Markdown} of `count` valid articles for docs/articles/."""
    rng = random.Random(seed)
    shipped = _shipped_articles(docs)
    settings = yaml.safe_load((docs / "_data/content.yml").read_text(encoding="utf-8"))
    # An older revision (benchmarks/search.py --baseline) may have no
    # audiences.yml: then those its shipped articles name.
    audiences_yml = docs / "_data/audiences.yml"
    audiences = ([a["id"] for a in yaml.safe_load(audiences_yml.read_text(encoding="utf-8"))["audiences"]]
                 if audiences_yml.is_file() else sorted({a for meta, _ in shipped for a in meta.get("audience", [])}))
    sentences = _plain_sentences([body for _, body in shipped])
    pages = {}
    for i in range(count):
        meta, body = shipped[i % len(shipped)]
        title = f"{rng.choice(_TOPICS)}{rng.choice(_FORMS)}（第{i + 1}期）"
        opening = "".join(rng.sample(sentences, k=4))
        front = {
            "title": title,
            "description": f"{title}：{opening[:60]}",
            "tags": rng.sample(settings["tags"], k=rng.randint(1, 3)),
            "audience": rng.sample(audiences, k=rng.randint(1, 2)),
            "author": "示例区社会心理服务指导中心（示例）",
            "reviewer": "待专业人员审核（示例）",
            "reviewer_sample": True,
            "reviewed": LAST_REVIEW - timedelta(days=rng.randint(0, 600)),
            "sources": meta.get("sources", []),
        }
        header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
        pages[f"bench-{i:04d}.md"] = f"---\n{header}---\n\n{opening}\n\n{body.lstrip()}"
    return pages


def synthetic_events(events_yml: str, areas: int = AREAS) -> str:
    """docs/_data/events.yml with its stations and areas replaced by the
    synthetic province's (stations_scale.synthetic_stations): the same
    activities, held in the province."""
    stations: dict[str, str] = {}
    places: dict[str, str] = {}

    def station(match: re.Match) -> str:
        # The first station of area k is s{k:05d} (it supervises the area).
        new = stations.setdefault(match.group(2), f"s{(len(stations) * 37) % areas:05d}")
        return f"{match.group(1)}{new}"

    def area(match: re.Match) -> str:
        new = places.setdefault(match.group(2), f"示例{(len(places) * 53 + 11) % areas:04d}镇")
        return f"{match.group(1)}{new}"

    text = re.sub(r"(?m)^(    station: )(\S+)", station, events_yml)
    return re.sub(r"(?m)^(    area: )(\S+)", area, text)


def enlarge(project: Path, articles: int = ARTICLES, stations: int = STATIONS, areas: int = AREAS) -> Path:
    """`project` (a copy of the project) made as large as a province: the
    synthetic stations, activities moved to them, the synthetic articles."""
    docs = project / "docs"
    (docs / "_data/stations.yml").write_text(synthetic_stations(stations, areas), encoding="utf-8")
    events = docs / "_data/events.yml"
    if events.is_file():
        events.write_text(synthetic_events(events.read_text(encoding="utf-8"), areas), encoding="utf-8")
    for name, text in synthetic_articles(docs, articles).items():
        (docs / "articles" / name).write_text(text, encoding="utf-8")
    return project


def make_large_project(
    target: Path, articles: int = ARTICLES, stations: int = STATIONS, areas: int = AREAS
) -> Path:
    """A copy of the project in `target` with the synthetic articles and province."""
    return enlarge(copy_project(target), articles, stations, areas)
