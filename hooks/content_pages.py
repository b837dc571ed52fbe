"""What the validated content becomes: the furniture around each article,
lesson and guide (who wrote and reviewed it, when, reading time, sources,
lesson navigation, related pages) and the generated index pages.

Links are written as Markdown links between source files, so that MkDocs
resolves and checks them. Plain functions; no MkDocs here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from content import ArticleMeta, CheckedPage, GuideMeta, LessonMeta, next_review
from render import render

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


def related(page: CheckedPage, pages: Sequence[CheckedPage], limit: int = 3) -> list[CheckedPage]:
    """Other pages sharing most tags with this one, newest review first."""
    mine = set(page.meta.tags)
    scored = [
        (len(mine & set(other.meta.tags)), other.meta.reviewed, other.src_uri, other)  # type: ignore[attr-defined]
        for other in pages
        if other.src_uri != page.src_uri and other.kind != "series" and mine & set(other.meta.tags)
    ]
    scored.sort(key=lambda t: (-t[0], -t[1].toordinal(), t[2]))
    return [t[3] for t in scored[:limit]]


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


def page_footer(page: CheckedPage, pages: Sequence[CheckedPage], lessons: Lessons) -> str:
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
        related=[_entry(page.src_uri, other) for other in related(page, pages)],
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
