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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mhsite.content.model import ArticleMeta, CheckedPage, GuideMeta, LessonMeta, next_review
from mhsite.common.pagination import Slice, navigation, page_dir, page_src, paginate, relative_url, titled
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


# How many entries a list page holds (common/pagination.py): 20 articles
# with their descriptions keep a page around 10 KB gzipped, well inside the
# first-view budget of 100 KB (README, "Scale"), and within a phone's few
# screens; lesson series are longer entries.
ARTICLES_PER_PAGE = 20
SERIES_PER_PAGE = 20
# Guides shown under each age group on /guides/ before “查看全部”.
GUIDES_PER_AGE = 5

ARTICLES = "articles/"


def _folder(name: str) -> str:
    """A tag's, topic's or age group's folder in an address: the name itself
    (content/model.py refuses / \\ ? # % in them); links percent-encode it."""
    return name.strip()


def newest_first(pages: Iterable[CheckedPage]) -> list[CheckedPage]:
    """`pages` by review date, the newest first (the order every list of
    articles and guides shows; ties by file)."""
    return sorted(pages, key=lambda p: (p.meta.reviewed, p.src_uri), reverse=True)  # type: ignore[attr-defined]


def _newest(pages: Sequence[CheckedPage], kind: str) -> list[CheckedPage]:
    return newest_first(p for p in pages if p.kind == kind)


def _list_pages(
    base: str,
    items: Sequence[Any],
    per_page: int,
    label: str,
    render_page: Callable[[str, Slice, dict | None], str],
) -> dict[str, str]:
    """{src_uri: Markdown} of every page of a list at `base` (folder under
    docs/): `render_page(src, slice, navigation)` makes one."""
    out = {}
    for part in paginate(items, per_page):
        src = page_src(base, part.number)
        out[src] = render_page(src, part, navigation(base, part, label))
    return out


def articles_pages(pages: Sequence[CheckedPage], tags: Sequence[str], audiences: Mapping[str, str]) -> dict[str, str]:
    """/articles/ (the newest first, in pages of ARTICLES_PER_PAGE: /articles/,
    /articles/page/2/, …) and a list of the same kind for each topic
    (/articles/tags/<tag>/) and each audience (/articles/for/<code>/) that has
    articles; every article is on a page of each list it belongs to.
    {src_uri: Markdown}."""
    articles = _newest(pages, "article")
    by_tag = [(tag, [p for p in articles if tag in p.meta.tags]) for tag in tags]
    by_tag = [(tag, items) for tag, items in by_tag if items]
    by_audience = [(code, label, [p for p in articles if code in p.meta.audience]) for code, label in audiences.items()]
    by_audience = [(code, label, items) for code, label, items in by_audience if items]
    topic_base = {tag: f"{ARTICLES}tags/{_folder(tag)}/" for tag, _ in by_tag}
    audience_base = {code: f"{ARTICLES}for/{code}/" for code, _, _ in by_audience}

    def index_page(src: str, part: Slice, nav: dict | None) -> str:
        here = page_dir(ARTICLES, part.number)
        return render(
            "articles-index.html",
            title=titled("科普文章", part),
            first=part.number == 1,
            count=len(articles),
            newest=[_entry(src, p) for p in part.items],
            pagination=nav,
            home=link(src, ARTICLES + "index.md"),
            by_tag=[{"name": tag, "url": relative_url(here, topic_base[tag])} for tag, _ in by_tag],
            by_audience=[{"name": label, "url": relative_url(here, audience_base[code])} for code, label, _ in by_audience],
        )

    out = _list_pages(ARTICLES, articles, ARTICLES_PER_PAGE, "科普文章分页", index_page)
    index = ARTICLES + "index.md"
    for tag, items in by_tag:
        page = _group_page("科普文章", index, f"科普文章：{tag}", f"关于“{tag}”的心理健康科普文章", len(items))
        out |= _list_pages(topic_base[tag], items, ARTICLES_PER_PAGE, f"“{tag}”文章分页", page)
    for code, label, items in by_audience:
        title = f"写给{label}的科普文章"
        page = _group_page("科普文章", index, title, title, len(items))
        out |= _list_pages(audience_base[code], items, ARTICLES_PER_PAGE, f"写给{label}的文章分页", page)
    return out


def _group_page(section: str, index: str, title: str, description: str, count: int) -> Callable[[str, Slice, dict | None], str]:
    """One page of the list of a topic, an audience or an age group (of
    `count` entries in all); `index`: the section's index page (`section`), linked."""

    def page(src: str, part: Slice, nav: dict | None) -> str:
        return render(
            "content-group.html",
            section=section,
            title=titled(title, part),
            description=description + "，按审核日期从新到旧。",
            count=count,
            entries=[_entry(src, p) for p in part.items],
            pagination=nav,
            index=link(src, index),
        )

    return page


def guides_pages(pages: Sequence[CheckedPage], age_groups: Sequence[str]) -> dict[str, str]:
    """/guides/ (the newest GUIDES_PER_AGE of each age group, and the
    topics), and a list of all the guides of each age group
    (/guides/ages/<age>/) and each topic (/guides/topics/<topic>/), in pages
    of ARTICLES_PER_PAGE. {src_uri: Markdown}."""
    guides = _newest(pages, "guide")
    src = "guides/index.md"
    topics = sorted({t for p in guides for t in p.meta.topics})  # type: ignore[attr-defined]
    by_age = [(age, [p for p in guides if age in p.meta.ages]) for age in age_groups]  # type: ignore[attr-defined]
    by_topic = [(topic, [p for p in guides if topic in p.meta.topics]) for topic in topics]  # type: ignore[attr-defined]
    age_base = {age: f"guides/ages/{_folder(age)}/" for age, items in by_age if items}
    topic_base = {topic: f"guides/topics/{_folder(topic)}/" for topic, _ in by_topic}
    out = {
        src: render(
            "guides-index.html",
            by_age=[
                {
                    "age": age,
                    "guides": [_entry(src, p) for p in items[:GUIDES_PER_AGE]],
                    "count": len(items),
                    "url": link(src, age_base[age] + "index.md") if items else None,
                }
                for age, items in by_age
            ],
            by_topic=[{"name": topic, "url": relative_url("guides/", topic_base[topic])} for topic, _ in by_topic],
        )
    }
    for age, items in by_age:
        if items:
            page = _group_page("亲子指南", src, f"亲子指南：{age} 岁", f"孩子 {age} 岁时家长可以读的亲子指南", len(items))
            out |= _list_pages(age_base[age], items, ARTICLES_PER_PAGE, f"{age} 岁指南分页", page)
    for topic, items in by_topic:
        page = _group_page("亲子指南", src, f"亲子指南：{topic}", f"关于“{topic}”的亲子指南", len(items))
        out |= _list_pages(topic_base[topic], items, ARTICLES_PER_PAGE, f"“{topic}”指南分页", page)
    return out


def lessons_pages(pages: Sequence[CheckedPage], lessons: Lessons) -> dict[str, str]:
    """/lessons/: the lesson series, in pages of SERIES_PER_PAGE
    (/lessons/page/2/, …). {src_uri: Markdown}."""
    series_pages = {p.src_uri.split("/")[1]: p for p in pages if p.kind == "series"}

    def page(src: str, part: Slice, nav: dict | None) -> str:
        series = []
        for name in part.items:
            items = lessons.by_series[name]
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
        return render(
            "lessons-index.html",
            title=titled("心理微课", part),
            first=part.number == 1,
            series=series,
            pagination=nav,
        )

    return _list_pages("lessons/", list(lessons.by_series), SERIES_PER_PAGE, "心理微课分页", page)
