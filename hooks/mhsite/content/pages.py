"""What the validated content becomes: the furniture around each article,
lesson and guide (who wrote and reviewed it, when, reading time, sources,
lesson navigation, related pages) and the generated index pages.

Links are written as Markdown links between source files, so that MkDocs
resolves and checks them. Plain functions; no MkDocs here.
"""

from __future__ import annotations

import heapq
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mhsite.content.model import ArticleMeta, CheckedPage, GuideMeta, LessonMeta, next_review
from mhsite.common.render import render

_HAN = re.compile(r"[\u4e00-\u9fff]")
# Adults read Chinese at roughly 300–500 characters a minute; 400 is a fair middle.
CHARS_PER_MINUTE = 400


def reading_minutes(markdown: str) -> int:
    return max(1, round(len(_HAN.findall(markdown)) / CHARS_PER_MINUTE))


def link(from_src: str, to_src: str) -> str:
    """A relative Markdown link target from one source file to another."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src))


@dataclass(frozen=True)
class Lessons:
    """The lessons of each series, in order."""

    by_series: Mapping[str, Sequence[CheckedPage]]

    @classmethod
    def of(cls, pages: Sequence[CheckedPage]) -> Lessons:
        series: dict[str, list[CheckedPage]] = {}
        for page in pages:
            if page.kind == "lesson":
                series.setdefault(page.src_uri.split("/")[1], []).append(page)
        return cls({name: sorted(items, key=lambda p: p.meta.order) for name, items in sorted(series.items())})  # type: ignore[attr-defined]


class RelatedPages:
    """Related pages for every page of a build: other pages sharing most tags
    with a page, newest review first (series index pages are never listed).

    Built once per build. Comparing each page with every other is O(n²):
    seconds at 2,000 articles. Here the pages are filed by tag, and each
    distinct set of tags is ranked once (pages share a few hundred sets) from
    the pages filed under its tags only.
    """

    def __init__(self, pages: Sequence[CheckedPage]) -> None:
        self._by_tag: dict[str, list[CheckedPage]] = {}
        for page in pages:
            if page.kind != "series":
                for tag in set(page.meta.tags):
                    self._by_tag.setdefault(tag, []).append(page)
        self._ranked: dict[tuple[frozenset[str], int], list[CheckedPage]] = {}

    def of(self, page: CheckedPage, limit: int = 3) -> list[CheckedPage]:
        key = (frozenset(page.meta.tags), limit)
        ranked = self._ranked.get(key)
        if ranked is None:
            shared: dict[str, int] = {}
            candidates: dict[str, CheckedPage] = {}
            for tag in key[0]:
                for other in self._by_tag.get(tag, ()):
                    shared[other.src_uri] = shared.get(other.src_uri, 0) + 1
                    candidates[other.src_uri] = other
            # One more than asked for: a page is among those that share its tags.
            ranked = heapq.nsmallest(
                limit + 1,
                candidates.values(),
                key=lambda o: (-shared[o.src_uri], -o.meta.reviewed.toordinal(), o.src_uri),  # type: ignore[attr-defined]
            )
            self._ranked[key] = ranked
        return [other for other in ranked if other.src_uri != page.src_uri][:limit]


def related(page: CheckedPage, pages: Sequence[CheckedPage], limit: int = 3) -> list[CheckedPage]:
    """Other pages sharing most tags with this one, newest review first.
    For one page; a build uses one `RelatedPages` for all of them."""
    return RelatedPages(pages).of(page, limit)


def page_header(page: CheckedPage, markdown: str, months: int, lessons: Lessons) -> str:
    meta = page.meta
    assert isinstance(meta, ArticleMeta)
    view = {
        "author": meta.author,
        "reviewer": meta.reviewer,
        "reviewer_sample": meta.reviewer_sample,
        "reviewed": meta.reviewed.isoformat(),
        "next_review": next_review(meta, months).isoformat(),
        "minutes": meta.minutes if isinstance(meta, LessonMeta) else reading_minutes(markdown),
        "lesson": None,
        "ages": meta.ages if isinstance(meta, GuideMeta) else [],
        # Pages are served at <page>/ (directory URLs): one level below their source.
        "media": [
            {"src": "../" + link(page.src_uri, m.file), "title": m.title, "transcript": m.transcript, "video": m.is_video}
            for m in meta.media
        ],
    }
    if isinstance(meta, LessonMeta):
        series = lessons.by_series[page.src_uri.split("/")[1]]
        view["lesson"] = {
            "number": [p.src_uri for p in series].index(page.src_uri) + 1,
            "count": len(series),
            "objectives": meta.objectives,
            "key": page.src_uri.removesuffix(".md"),
        }
    return render("content-header.html", p=view)


def page_footer(page: CheckedPage, related_pages: RelatedPages, lessons: Lessons) -> str:
    meta = page.meta
    assert isinstance(meta, ArticleMeta)
    nav = None
    if isinstance(meta, LessonMeta):
        series = list(lessons.by_series[page.src_uri.split("/")[1]])
        index = [p.src_uri for p in series].index(page.src_uri)
        nav = {
            "previous": _entry(page.src_uri, series[index - 1]) if index > 0 else None,
            "next": _entry(page.src_uri, series[index + 1]) if index + 1 < len(series) else None,
            "series": link(page.src_uri, posixpath.join(posixpath.dirname(page.src_uri), "index.md")),
            "key": page.src_uri.removesuffix(".md"),
        }
    return render(
        "content-footer.html",
        sources=meta.sources,
        nav=nav,
        related=[_entry(page.src_uri, other) for other in related_pages.of(page)],
    )


def _entry(from_src: str, to_page: CheckedPage) -> dict[str, str]:
    """A link from the page at `from_src` to `to_page`, with its title."""
    return {"title": to_page.meta.title, "href": link(from_src, to_page.src_uri), "description": to_page.meta.description}


def series_list(series_src: str, lessons: Lessons) -> str:
    """Appended to docs/lessons/<series>/index.md: the lessons, with progress."""
    name = series_src.split("/")[1]
    items = lessons.by_series.get(name, [])
    return render(
        "series-list.html",
        lessons=[
            {**_entry(series_src, p), "minutes": p.meta.minutes, "key": p.src_uri.removesuffix(".md")}  # type: ignore[attr-defined]
            for p in items
        ],
        total=sum(p.meta.minutes for p in items),  # type: ignore[attr-defined]
    )


def articles_index(pages: Sequence[CheckedPage], tags: Sequence[str], audiences: Mapping[str, str]) -> str:
    articles = sorted((p for p in pages if p.kind == "article"), key=lambda p: (p.meta.reviewed, p.src_uri), reverse=True)  # type: ignore[attr-defined]
    src = "articles/index.md"
    by_tag = [(tag, [_entry(src, p) for p in articles if tag in p.meta.tags]) for tag in tags]
    by_audience = [(label, [_entry(src, p) for p in articles if code in p.meta.audience]) for code, label in audiences.items()]
    return render(
        "articles-index.html",
        newest=[_entry(src, p) | {"reviewed": p.meta.reviewed.isoformat()} for p in articles],  # type: ignore[attr-defined]
        by_tag=[(tag, items) for tag, items in by_tag if items],
        by_audience=[(label, items) for label, items in by_audience if items],
    )


def guides_index(pages: Sequence[CheckedPage], age_groups: Sequence[str]) -> str:
    guides = sorted((p for p in pages if p.kind == "guide"), key=lambda p: (p.meta.reviewed, p.src_uri), reverse=True)  # type: ignore[attr-defined]
    src = "guides/index.md"
    topics = sorted({t for p in guides for t in p.meta.topics})  # type: ignore[attr-defined]
    return render(
        "guides-index.html",
        by_age=[(age, [_entry(src, p) for p in guides if age in p.meta.ages]) for age in age_groups],  # type: ignore[attr-defined]
        by_topic=[(topic, [_entry(src, p) for p in guides if topic in p.meta.topics]) for topic in topics],  # type: ignore[attr-defined]
    )


def lessons_index(pages: Sequence[CheckedPage], lessons: Lessons) -> str:
    src = "lessons/index.md"
    series_pages = {p.src_uri.split("/")[1]: p for p in pages if p.kind == "series"}
    series = []
    for name, items in lessons.by_series.items():
        index = series_pages.get(name)
        series.append(
            {
                "title": index.meta.title if index else name,
                "description": index.meta.description if index else "",
                "href": link(src, f"lessons/{name}/index.md"),
                "count": len(items),
                "minutes": sum(p.meta.minutes for p in items),  # type: ignore[attr-defined]
                "lesson_keys": " ".join(p.src_uri.removesuffix(".md") for p in items),
            }
        )
    return render("lessons-index.html", series=series)
