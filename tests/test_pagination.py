"""Lists that grow with the content stay small (issue 17): a copy of the
project with a few hundred more articles, guides, lesson series and
activities, built as ./run site builds it, and its list pages read as built.

- every page of every list stays within the first-view budget: the page
  and what it loads before any tap, gzip-compressed as the server sends it
  (deploy/nginx.conf, gzip_comp_level 6), at most 100 KB (README, "Scale");
- the pages of a list link to each other in order, with plain links (no
  script), titles with the page number, <link rel="prev/next">, a named
  <nav> with the current page marked;
- no entry is lost: every article, guide, series and activity is on a page
  of each list it belongs to (newest, its topics, its audiences, its age
  groups), once;
- in Chromium on a 360 px phone: the page numbers are at least 44 × 44 px
  (60 in 长辈模式), axe-core finds nothing, and the page fits 320 px with
  the text at 200 %.

The sample site itself, whose lists fit on one page, keeps one page per
list and no page numbers (last test).
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import yaml

from conftest import ROOT, ServedSite, copy_project, mkdocs_build, serve
from mhsite.content.pages import ARTICLES_PER_PAGE, GUIDES_PER_AGE, SERIES_PER_PAGE
from mhsite.audiences.pages import PAGES_SHOWN
from mhsite.events.pages import EVENTS_PER_PAGE, PAST_PER_PAGE

# The first-view budget of a page (issue 17; README, "Scale"): the HTML and
# everything it loads before the resident does anything, as sent (gzip).
FIRST_VIEW_BUDGET = 100 * 1024
# The HTML alone stays well inside it whatever the number of entries.
HTML_BUDGET = 16 * 1024

MORE_ARTICLES = 260
MORE_GUIDES = 30  # all for 3–6 year olds: that age group's list needs pages
MORE_SERIES = 21
UPCOMING = 70
PAST = 40
TAGS = yaml.safe_load((ROOT / "docs/_data/content.yml").read_text(encoding="utf-8"))["tags"]
_GROUPS = yaml.safe_load((ROOT / "docs/_data/audiences.yml").read_text(encoding="utf-8"))["audiences"]
AUDIENCES = [a["id"] for a in _GROUPS]


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def _reviewed(i: int) -> date:
    # Before the tests' "today" (2026-11-23), within the review interval; ties on purpose.
    return date(2026, 11, 1) - timedelta(days=(i * 7) % 400)


def _page(i: int, kind: str, **extra: object) -> str:
    meta = {
        "title": f"测试{kind}第{i:03d}篇",
        "description": f"第 {i} 篇测试用的{kind}，只为检查列表分页。",
        "tags": [TAGS[i % len(TAGS)], TAGS[(i * 5 + 3) % len(TAGS)]] if i % 3 else [TAGS[i % len(TAGS)]],
        "audience": [list(AUDIENCES)[i % len(AUDIENCES)]],
        "author": "示例区社会心理服务指导中心（示例）",
        "reviewer": "待专业人员审核（示例）",
        "reviewer_sample": True,
        "reviewed": _reviewed(i),
        **extra,
    }
    return _front(meta) + f"这是第 {i} 篇测试用的{kind}。列表分页以后，每一篇仍然能从列表里找到。\n"


def _events(count: int, first: datetime, step: timedelta, prefix: str) -> str:
    out = []
    for i in range(count):
        start = first + i * step
        out.append(
            f"  - id: {prefix}-{i:03d}\n"
            f"    title: 测试活动 {prefix} {i:03d}\n"
            f"    start: {start:%Y-%m-%d %H:%M}\n"
            f"    end: {start + timedelta(hours=1):%Y-%m-%d %H:%M}\n"
            f"    place: 北塘镇测试活动室（示例）\n"
            f"    area: 北塘镇\n"
            f"    audience: [{list(AUDIENCES)[i % len(AUDIENCES)]}]\n"
            f"    free: true\n"
            f"    status: scheduled\n"
            f"    description: 测试用的活动，只为检查列表分页。\n"
        )
    return "\n".join(out)


def grow(project: Path) -> Path:
    """The project with MORE_ARTICLES articles, MORE_GUIDES guides,
    MORE_SERIES lesson series and UPCOMING + PAST activities added."""
    docs = project / "docs"
    for i in range(MORE_ARTICLES):
        (docs / f"articles/test-{i:03d}.md").write_text(_page(i, "文章"), encoding="utf-8")
    for i in range(MORE_GUIDES):
        (docs / f"guides/test-{i:03d}.md").write_text(_page(i, "指南", ages=["3-6"], topics=["测试话题"]), encoding="utf-8")
    for i in range(MORE_SERIES):
        folder = docs / f"lessons/test-series-{i:02d}"
        folder.mkdir()
        series = {"title": f"测试系列{i:02d}", "description": "测试用的微课系列。", "tags": [TAGS[0]], "audience": ["public"]}
        (folder / "index.md").write_text(_front(series) + "测试用的微课系列。\n", encoding="utf-8")
        lesson = _page(i, "微课", order=1, minutes=5, objectives=["知道列表分页以后也找得到每一课"])
        (folder / "01-test.md").write_text(lesson, encoding="utf-8")
    events = docs / "_data/events.yml"
    text = events.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    text += _events(UPCOMING, datetime(2026, 11, 24, 9, 0), timedelta(hours=30), "test-upcoming") + "\n"
    text += _events(PAST, datetime(2025, 12, 1, 9, 0), timedelta(days=7), "test-past")
    events.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def grown_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pagination")
    project = grow(copy_project(work / "project"))
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.output[-4000:]
    return result.site


# -- Reading the built lists --------------------------------------------------------


def list_pages(site: Path, base: str) -> list[Path]:
    """The pages of the list whose first page is `base` (a folder under the
    site), in order, found on disk: base/index.html, base/page/2/index.html…"""
    first = site / base / "index.html"
    assert first.is_file(), f"/{base} is not in the build"
    numbered = sorted((site / base / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    assert [int(p.parent.name) for p in numbered] == list(range(2, len(numbered) + 2)), f"/{base}page/: numbers with gaps"
    return [first, *numbered]


def url_of(site: Path, page: Path) -> str:
    return "/" + page.parent.relative_to(site).as_posix() + "/"


def entries(page: Path, site: Path, section: str) -> list[str]:
    """The addresses (from the site root) of the `section` pages a list page
    links to, in its article body, in order."""
    html = page.read_text(encoding="utf-8")
    body = html[html.index('<article class="md-content__inner'): html.index("</article>")]
    body = re.sub(r'<nav class="mh-pagination".*?</nav>', "", body, flags=re.S)
    here = url_of(site, page)
    found = []
    for href in re.findall(r'<a (?:class="[^"]*" )?href="([^"#]+)"', body):
        target = unquote(urljoin(here, href))
        if re.fullmatch(rf"/{section}/[^/]+/", target) and target != "/events/archive/":
            found.append(target)
    return found


def first_view_bytes(site: Path, page: Path) -> int:
    """The page and what it loads before any interaction (stylesheets,
    scripts, images, the icon), gzip level 6 as deploy/nginx.conf sends them."""
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode("utf-8"), 6))
    loaded = re.findall(r'<(?:script|img)[^>]+src="([^"]+)"|<link[^>]+rel="(?:stylesheet|icon)"[^>]+href="([^"]+)"', html)
    for groups in loaded:
        url = next(g for g in groups if g)
        assert not url.startswith(("http:", "https:", "//")), f"{page}: loads {url} from another host"
        path = (page.parent / url.split("?")[0]).resolve()
        assert path.is_file(), f"{page}: loads {url}, which is not in the site"
        total += len(gzip.compress(path.read_bytes(), 6))
    return total


def all_lists(site: Path) -> list[str]:
    """Every paginated list of the build: the sections' and their groups'."""
    lists = ["articles/", "lessons/", "events/", "events/archive/"]
    for folder in ("articles/tags", "articles/for", "guides/ages", "guides/topics"):
        lists += [p.relative_to(site).as_posix() + "/" for p in sorted((site / folder).iterdir()) if p.is_dir()]
    return lists


# -- Sizes ----------------------------------------------------------------------------


def test_every_list_page_stays_within_the_first_view_budget(grown_site: Path) -> None:
    checked = 0
    for base in [*all_lists(grown_site), "guides/"]:
        pages = list_pages(grown_site, base) if base != "guides/" else [grown_site / "guides/index.html"]
        for page in pages:
            html = len(gzip.compress(page.read_bytes(), 6))
            assert html <= HTML_BUDGET, f"{url_of(grown_site, page)}: HTML {html} bytes gzipped (at most {HTML_BUDGET})"
            total = first_view_bytes(grown_site, page)
            assert total <= FIRST_VIEW_BUDGET, f"{url_of(grown_site, page)}: first view {total} bytes gzipped (at most {FIRST_VIEW_BUDGET})"
            checked += 1
    assert checked > 60  # the lists of the grown site have pages to check


def test_a_page_holds_at_most_its_share(grown_site: Path) -> None:
    articles = list_pages(grown_site, "articles/")
    total = MORE_ARTICLES + len(list((ROOT / "docs/articles").glob("*.md")))
    assert len(articles) == math.ceil(total / ARTICLES_PER_PAGE)
    for page in articles:
        assert len(entries(page, grown_site, "articles")) <= ARTICLES_PER_PAGE
    guides = entries(grown_site / "guides/index.html", grown_site, "guides")
    age_groups = yaml.safe_load((ROOT / "docs/_data/content.yml").read_text(encoding="utf-8"))["age_groups"]
    assert len(guides) <= GUIDES_PER_AGE * len(age_groups)
    for page in list_pages(grown_site, "events/"):
        assert page.read_text(encoding="utf-8").count("data-event=") <= EVENTS_PER_PAGE
    for page in list_pages(grown_site, "events/archive/"):
        assert page.read_text(encoding="utf-8").count("data-event=") <= PAST_PER_PAGE
    lessons = list_pages(grown_site, "lessons/")
    assert len(lessons) == 2
    for page in lessons:
        assert page.read_text(encoding="utf-8").count("data-series-progress=") <= SERIES_PER_PAGE


def test_a_groups_page_lists_a_few_and_links_the_rest(grown_site: Path) -> None:
    """The 「我是……」 pages (/for/<code>/) grow with the content too: each
    lists its PAGES_SHOWN newest articles and links the group's whole list."""
    checked = 0
    for group in _GROUPS:
        if group.get("everyone"):
            continue
        page = grown_site / "for" / group["id"] / "index.html"
        linked = set(entries(page, grown_site, "articles"))
        tagged = len(gathered(grown_site, f"articles/for/{group['id']}/", "articles")) if (grown_site / f"articles/for/{group['id']}").is_dir() else 0
        assert len(linked) == min(tagged, PAGES_SHOWN), (group["id"], len(linked), tagged)
        all_link = 'href="../../articles/for/%s/"' % group["id"]
        assert (all_link in page.read_text(encoding="utf-8")) == (tagged > PAGES_SHOWN), group["id"]
        total = first_view_bytes(grown_site, page)
        assert total <= FIRST_VIEW_BUDGET, f"/for/{group['id']}/: first view {total} bytes gzipped"
        checked += tagged > PAGES_SHOWN
    assert checked >= 5  # the grown site gives most groups more articles than a page shows


# -- Links between the pages -------------------------------------------------------------


def test_the_pages_of_a_list_link_to_each_other_in_order(grown_site: Path) -> None:
    for base in all_lists(grown_site):
        pages = list_pages(grown_site, base)
        urls = [url_of(grown_site, p) for p in pages]
        for number, (page, here) in enumerate(zip(pages, urls), start=1):
            html = page.read_text(encoding="utf-8")
            title = re.search(r"<title>(.*?)</title>", html).group(1)
            navs = re.findall(r'<nav class="mh-pagination" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
            if len(pages) == 1:
                assert navs == [], f"{here}: a list of one page has no page numbers"
                assert "第 1 页" not in title
                continue
            assert len(navs) == 1, f"{here}: one named page navigation"
            label, nav = navs[0]
            assert label.endswith("分页")
            assert f"第 {number} 页，共 {len(pages)} 页" in nav
            # The title says which page (not the first: its address is the list's own).
            assert (f"（第 {number} 页）" in title) == (number > 1), f"{here}: <title>{title}</title>"
            # Every number shown links to the page with that number; the current one is marked.
            numbered = re.findall(r'<a class="md-button( md-button--primary)?" href="([^"]+)"( aria-current="page")? aria-label="第 (\d+) 页', nav)
            assert numbered, f"{here}: no page numbers"
            for primary, href, current, n in numbered:
                assert unquote(urljoin(here, href)) == unquote(urls[int(n) - 1]), f"{here}: page {n} links to {href}"
                assert bool(current) == bool(primary) == (int(n) == number)
            shown = [int(n) for *_, n in numbered]
            assert shown[0] == 1 and shown[-1] == len(pages) and number in shown
            # 上一页 / 下一页, as links and as the head's rel=prev / rel=next.
            for rel, text, other in (("prev", "上一页", number - 1), ("next", "下一页", number + 1)):
                link = re.search(rf'<a class="md-button" href="([^"]+)" rel="{rel}">{text}</a>', nav)
                head = re.search(rf'<link rel="{rel}" href="([^"]+)">', html)
                if 1 <= other <= len(pages):
                    assert link and head, f"{here}: no {text}"
                    assert unquote(urljoin(here, link.group(1))) == unquote(urls[other - 1])
                    assert unquote(urljoin(here, head.group(1))) == unquote(urls[other - 1])
                else:
                    assert link is None and head is None, f"{here}: {text} on the {'first' if other < 1 else 'last'} page"


def test_only_the_first_page_of_a_section_is_in_the_site_search(grown_site: Path) -> None:
    import json

    indexed = {url for url, *_ in json.loads((grown_site / "search/pages.json").read_text(encoding="utf-8"))["pages"].values()}
    for base in all_lists(grown_site):
        for number, page in enumerate(list_pages(grown_site, base), start=1):
            url = url_of(grown_site, page).lstrip("/")
            section_index = number == 1 and base in ("articles/", "lessons/", "events/")
            assert (url in indexed) == section_index, f"/{url}: in the search {url in indexed}"


# -- Nothing lost ---------------------------------------------------------------------------


def gathered(site: Path, base: str, section: str) -> list[str]:
    return [url for page in list_pages(site, base) for url in entries(page, site, section)]


def test_every_article_is_on_the_pages_of_each_of_its_lists(grown_site: Path) -> None:
    project_articles = {}
    for path in sorted((ROOT / "docs/articles").glob("*.md")):
        project_articles[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    for i in range(MORE_ARTICLES):
        project_articles[f"test-{i:03d}"] = yaml.safe_load(_page(i, "文章").split("---")[1])
    everything = {f"/articles/{slug}/" for slug in project_articles}
    newest = gathered(grown_site, "articles/", "articles")
    assert sorted(newest) == sorted(everything), "each article once in /articles/ and its pages"
    # Newest first: by review date, as the page says.
    dates = [project_articles[url.split("/")[2]]["reviewed"] for url in newest]
    assert dates == sorted(dates, reverse=True)
    for tag in TAGS:
        want = sorted(f"/articles/{s}/" for s, m in project_articles.items() if tag in m["tags"])
        if want:
            assert sorted(gathered(grown_site, f"articles/tags/{tag}/", "articles")) == want, tag
        else:
            assert not (grown_site / f"articles/tags/{tag}").exists()
    for code in AUDIENCES:
        want = sorted(f"/articles/{s}/" for s, m in project_articles.items() if code in m["audience"])
        if want:
            assert sorted(gathered(grown_site, f"articles/for/{code}/", "articles")) == want, code
    # The first page links every topic's and audience's list.
    first = grown_site / "articles/index.html"
    linked = {unquote(urljoin("/articles/", href)) for href in re.findall(r'<a class="md-button" href="([^"]+)"', first.read_text(encoding="utf-8"))}
    lists = {f"/{base}" for base in all_lists(grown_site) if base.startswith(("articles/tags/", "articles/for/"))}
    assert lists <= linked


def test_every_guide_lesson_series_and_activity_is_on_a_list(grown_site: Path) -> None:
    guides = {f"/guides/{p.stem}/" for p in (ROOT / "docs/guides").glob("*.md") if p.name != "index.md"}
    guides |= {f"/guides/test-{i:03d}/" for i in range(MORE_GUIDES)}
    by_age = [url for p in sorted((grown_site / "guides/ages").iterdir()) for url in gathered(grown_site, f"guides/ages/{p.name}/", "guides")]
    assert set(by_age) == guides
    assert sorted(gathered(grown_site, "guides/topics/测试话题/", "guides")) == sorted(f"/guides/test-{i:03d}/" for i in range(MORE_GUIDES))
    # /guides/ shows the newest of each age group and links the whole list.
    index = (grown_site / "guides/index.html").read_text(encoding="utf-8")
    assert "3-6 岁的全部" in index and 'href="ages/3-6/"' in index
    series = gathered(grown_site, "lessons/", "lessons")
    assert len(series) == len(set(series)) == MORE_SERIES + len([p for p in (ROOT / "docs/lessons").iterdir() if p.is_dir()])
    upcoming = gathered(grown_site, "events/", "events")
    past = gathered(grown_site, "events/archive/", "events")
    assert {f"/events/test-upcoming-{i:03d}/" for i in range(UPCOMING)} <= set(upcoming)
    assert {f"/events/test-past-{i:03d}/" for i in range(PAST)} <= set(past)
    assert len(upcoming) == len(set(upcoming)) and len(past) == len(set(past))
    assert not set(upcoming) & set(past)


# -- In the browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_grown(grown_site: Path, browser_available: None) -> Iterator[ServedSite]:
    with serve(grown_site) as url:
        yield ServedSite(url, grown_site)


# A middle page (numbers on both sides, both gaps) and a group's list.
BROWSER_PAGES = ["articles/page/7/", "articles/tags/情绪/page/2/", "events/page/2/"]


@pytest.mark.parametrize("path", BROWSER_PAGES)
def test_page_numbers_are_big_enough_to_tap(phone, served_grown: ServedSite, path: str) -> None:
    from test_accessibility import TARGETS_JS, emulate, load

    emulate(phone)
    load(phone, served_grown.url + path)
    assert phone.execute_script(TARGETS_JS) == []
    sizes = phone.execute_script(
        "return [...document.querySelectorAll('.mh-pagination a')].map(a => [a.textContent, a.getBoundingClientRect().width, a.getBoundingClientRect().height])"
    )
    assert len(sizes) >= 3 and all(w >= 44 and h >= 44 for _, w, h in sizes), sizes
    # 长辈模式: 60 × 60 px (MIIT's 适老化 rules; docs/assets/stylesheets/site.css, its 长辈模式 part).
    phone.execute_script("document.documentElement.classList.add('mh-elderly')")
    sizes = phone.execute_script(
        "return [...document.querySelectorAll('.mh-pagination a')].map(a => [a.textContent, a.getBoundingClientRect().width, a.getBoundingClientRect().height])"
    )
    assert all(w >= 60 and h >= 60 for _, w, h in sizes), sizes


@pytest.mark.parametrize("path", BROWSER_PAGES)
def test_axe_finds_nothing_on_a_numbered_page(phone, served_grown: ServedSite, path: str) -> None:
    from test_accessibility import AXE_JS, assert_no_violations, emulate, load, run_axe

    if not AXE_JS.exists():
        pytest.skip("axe-core is not installed (npm ci at the project root)")
    emulate(phone)
    load(phone, served_grown.url + path)
    assert_no_violations(run_axe(phone, AXE_JS.read_text(encoding="utf-8")), f"/{path}")


@pytest.mark.parametrize("text", [100, 200])
def test_page_numbers_fit_a_320_px_screen(phone, served_grown: ServedSite, text: int) -> None:
    from test_accessibility import CLIPPED_JS, emulate, load

    emulate(phone, width=320, height=640, text=text)
    try:
        load(phone, served_grown.url + BROWSER_PAGES[0])
        width = phone.execute_script("return document.documentElement.scrollWidth")
        cut = [c for c in phone.execute_script(CLIPPED_JS, 320) if "mh-pagination" in c or "md-button" in c]
    finally:
        emulate(phone)
    assert width <= 320 and cut == [], (width, cut)


# -- The sample site --------------------------------------------------------------------------


def test_the_sample_sites_lists_fit_on_one_page(site_dir: Path) -> None:
    for base in ("articles/", "guides/", "lessons/", "events/", "events/archive/"):
        html = (site_dir / base / "index.html").read_text(encoding="utf-8")
        assert 'class="mh-pagination"' not in html, f"/{base}"
        assert not (site_dir / base / "page").exists(), f"/{base}page/"
    # Its twelve articles are all on /articles/, as before lists had pages.
    articles = {p.stem for p in (ROOT / "docs/articles").glob("*.md")}
    assert {u.split("/")[2] for u in entries(site_dir / "articles/index.html", site_dir, "articles")} == articles
