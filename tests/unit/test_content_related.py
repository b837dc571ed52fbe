"""Related pages (the list at the end of each article, lesson and guide):
the indexed ranking a build uses gives exactly what comparing every page with
every other gives."""

from __future__ import annotations

import random
from datetime import date, timedelta
from types import SimpleNamespace

from mhsite.content.model import CheckedPage
from mhsite.content.pages import RelatedPages, related

TAGS = ["情绪", "焦虑", "抑郁", "睡眠", "压力", "亲子", "学业", "职场"]


def reference(page: CheckedPage, pages: list[CheckedPage], limit: int = 3) -> list[CheckedPage]:
    """The ranking by definition: most shared tags, newest review, then path."""
    mine = set(page.meta.tags)
    scored = [
        (len(mine & set(other.meta.tags)), other.meta.reviewed, other.src_uri, other)
        for other in pages
        if other.src_uri != page.src_uri and other.kind != "series" and mine & set(other.meta.tags)
    ]
    scored.sort(key=lambda t: (-t[0], -t[1].toordinal(), t[2]))
    return [t[3] for t in scored[:limit]]


def random_pages(count: int, seed: int) -> list[CheckedPage]:
    rng = random.Random(seed)
    pages = []
    for i in range(count):
        kind = rng.choice(["article", "article", "guide", "lesson", "series"])
        # Few review dates, so that ties on the shared count and date are decided by the path.
        meta = SimpleNamespace(tags=rng.sample(TAGS, k=rng.randint(1, 4)), reviewed=date(2026, 1, 1) + timedelta(days=rng.randint(0, 5)))
        pages.append(CheckedPage(f"{kind}s/p{rng.randint(0, 10**6):07d}-{i}.md", kind, meta))  # type: ignore[arg-type]
    return pages


def test_indexed_ranking_equals_comparing_every_page() -> None:
    for seed in range(5):
        pages = random_pages(300, seed)
        index = RelatedPages(pages)
        for page in pages:
            if page.kind == "series":
                continue
            for limit in (1, 3, 5):
                assert index.of(page, limit) == reference(page, pages, limit), (seed, page.src_uri, limit)


def test_a_page_is_never_its_own_related_page_and_series_are_left_out() -> None:
    pages = random_pages(50, 9)
    for page in pages:
        found = related(page, pages, limit=10)
        assert page not in found
        assert all(p.kind != "series" for p in found)


def test_a_page_sharing_no_tag_has_no_related_pages() -> None:
    lone = CheckedPage("articles/lone.md", "article", SimpleNamespace(tags=["哀伤"], reviewed=date(2026, 1, 1)))  # type: ignore[arg-type]
    assert related(lone, random_pages(50, 3) + [lone]) == []
