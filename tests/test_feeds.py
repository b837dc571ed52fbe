"""Every feed the built site offers: the news (动态) RSS feeds and the
activities' iCalendar files.

News: each feed a page head links to is read with an XML parser and with
`feedparser` (as a feed reader reads it) and held to the RSS 2.0 rules
(tests/feed_checks.py: required channel elements, guid/link/pubDate in RFC 822,
no names where an e-mail address is required, no "None"). Its items are the
posts, with the posts' own dates (a plain `date:` is that day, 00:00 China time;
Material's `date: {created, updated}` gives both), titles as the page shows
them, categories and authors' names as written, each escaped exactly once.

Calendars: every .ics file is read by a second, strict RFC 5545 parser
(`ical`) besides the `icalendar` library that writes them, and its raw lines
are checked against RFC 5545 section 3.1 (CRLF, at most 75 octets, folded
between characters) and 3.3.11 (TEXT escaping).
"""

from __future__ import annotations

import html
import re
import textwrap
from datetime import date, datetime, timezone
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml
from ical.calendar_stream import IcsCalendarStream

from conftest import ROOT, TEST_EPOCH, html_pages, mkdocs_build
from feed_checks import DC, check_rss, rfc822
from html_scan import parse
from mhsite.common.clock import CHINA

SITE_URL = "https://example.org/"
BUILD_MOMENT = datetime.fromtimestamp(int(TEST_EPOCH), tz=timezone.utc).astimezone(CHINA)
FEED_TYPES = ("application/rss+xml", "application/atom+xml")
FEED_FILES = {"feed_rss_created.xml": "created", "feed_rss_updated.xml": "updated"}


def linked_feeds(page_html: str) -> list[tuple[str, str]]:
    """(type, href) of the feed links in a page's head."""
    found = []
    for tag in re.findall(r"<link\b[^>]*>", page_html):
        rel = re.search(r'\brel="([^"]*)"', tag)
        kind = re.search(r'\btype="([^"]*)"', tag)
        href = re.search(r'\bhref="([^"]*)"', tag)
        if rel and kind and href and "alternate" in rel.group(1).split() and kind.group(1) in FEED_TYPES:
            found.append((kind.group(1), html.unescape(href.group(1))))
    return found


def feed_files(site: Path) -> set[str]:
    """Files of the site that are RSS or Atom documents, wherever they are."""
    found = set()
    for path in site.rglob("*"):
        if path.suffix in (".xml", ".rss", ".atom") and path.is_file():
            head = path.read_bytes()[:400]
            if b"<rss" in head or b"<feed" in head:
                found.add(path.relative_to(site).as_posix())
    return found


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def page_title(site: Path, url: str) -> str:
    """The post's title as its page shows it (the h1's text)."""
    page = parse(site / url.removeprefix(SITE_URL) / "index.html")
    (h1,) = page.find("h1", within="md-content")
    return h1.text.replace("¶", "").strip()


def items_by_link(channel) -> dict:
    return {item.findtext("link"): item for item in channel.findall("item")}


# -- The sample site -------------------------------------------------------------------


def test_every_page_links_the_news_feeds_and_every_feed_is_linked(site_dir):
    pages = html_pages(site_dir)
    assert len(pages) > 50
    linked: set[str] = set()
    for path in pages:
        feeds = linked_feeds(path.read_text(encoding="utf-8"))
        # "alternate feed", not bare "alternate": overrides/main.html says why.
        assert "rel=\"alternate\" type=\"application/rss" not in path.read_text(encoding="utf-8"), path
        assert [kind for kind, _ in feeds] == ["application/rss+xml"] * 2, path
        for _, href in feeds:
            # 404.html and offline.html are shown at any address: their links
            # start from the site's root (site_url's path, "/").
            target = (site_dir / href.lstrip("/") if href.startswith("/") else path.parent / href).resolve()
            assert target.is_file(), f"{path}: {href}"
            linked.add(target.relative_to(site_dir.resolve()).as_posix())
    assert linked == set(FEED_FILES) == feed_files(site_dir)


@pytest.mark.parametrize("name", FEED_FILES)
def test_each_feed_is_valid_rss_that_a_reader_reads(site_dir, name):
    document = (site_dir / name).read_bytes()
    channel = check_rss(document, SITE_URL + name)
    assert channel.findtext("link") == SITE_URL + "news/"
    assert channel.findtext("title") == "示例区心理服务平台：动态"
    assert channel.findtext("language") == "zh-CN"
    # The build's moment (SOURCE_DATE_EPOCH here; the commit's time without it).
    assert rfc822(channel.findtext("lastBuildDate")) == BUILD_MOMENT
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    assert len(parsed.entries) == len(channel.findall("item"))


def test_the_feeds_hold_the_posts_with_their_own_dates(site_dir):
    authors = yaml.safe_load((ROOT / "docs/news/.authors.yml").read_text(encoding="utf-8"))["authors"]
    posts = sorted((ROOT / "docs/news/posts").glob("*.md"))
    assert posts
    created_feed = check_rss((site_dir / "feed_rss_created.xml").read_bytes(), SITE_URL + "feed_rss_created.xml")
    updated_feed = check_rss((site_dir / "feed_rss_updated.xml").read_bytes(), SITE_URL + "feed_rss_updated.xml")
    created_items, updated_items = items_by_link(created_feed), items_by_link(updated_feed)
    assert len(created_items) == len(updated_items) == len(posts)
    for path in posts:
        meta = front_matter(path)
        (link,) = [url for url in created_items if url.endswith(f"/{path.stem}/")]
        item = created_items[link]
        written = meta["date"]
        created = written["created"] if isinstance(written, dict) else written
        assert isinstance(created, date)
        assert rfc822(item.findtext("pubDate")) == datetime(created.year, created.month, created.day, tzinfo=CHINA), path.name
        assert item.findtext("guid") == link and item.find("guid").get("isPermaLink") == "true"
        title = ("【示例】" if meta.get("sample") else "") + page_title(site_dir, link)
        assert item.findtext("title") == title
        assert [c.text for c in item.findall("category")] == meta["categories"]
        assert [c.text for c in item.findall(f"{DC}creator")] == [authors[a]["name"] for a in meta["authors"]]
        assert html.unescape(item.findtext("description")) == " ".join(meta["description"].split())
        assert ET_text(updated_items[link], "title") == title
    # Newest first.
    dates = [rfc822(i.findtext("pubDate")) for i in created_feed.findall("item")]
    assert dates == sorted(dates, reverse=True)


def ET_text(element, name: str) -> str:
    return element.findtext(name) or ""


# -- Hostile posts, authors, categories, and a post with {created, updated} -------------

TITLE = '家长 & 孩子：睡前十分钟 ]]> "引号" <不是标签>'
META_TITLE = '<b>粗体</b> & "双引号" ]]> \'单引号\''
AUTHOR = '张三 & <李四> "王五" ]]>'
# A category and the site's name cannot hold < > & " ': Material prints them
# into pages unescaped (text.MARKUP, site_settings.py; the mutation test). What
# they can hold, the feed must still carry as written.
CATEGORY = 'A ]] B；C、D'
DESCRIPTION = '摘要 & <i>斜体</i> ]]> "引号"'
SITE_NAME = '示例区, 心理; 平台 \\'
EVENT_TITLE = '家长 & 孩子, <b>讲座</b>; ]]> "引号" \\ 反斜杠'


def yaml_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile")
    from conftest import copy_project

    copy_project(project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_name: 示例区心理服务平台\n", f"site_name: {yaml_str(SITE_NAME)}\n", 1)
    config = config.replace("        - 健康提示\n", f"        - 健康提示\n        - {yaml_str(CATEGORY)}\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    authors = project / "docs/news/.authors.yml"
    authors.write_text(
        authors.read_text(encoding="utf-8")
        + f"  hostile:\n    name: {yaml_str(AUTHOR)}\n    description: 测试\n    avatar: assets/images/logo.svg\n",
        encoding="utf-8",
    )
    posts = project / "docs/news/posts"
    (posts / "2026-11-hostile-updated.md").write_text(
        textwrap.dedent(
            f"""\
            ---
            date:
              created: 2026-11-20
              updated: 2026-11-22 15:30:00
            categories:
              - 健康提示
              - {yaml_str(CATEGORY)}
            authors:
              - centre
              - hostile
            description: {yaml_str(DESCRIPTION)}
            ---

            # 家长 & 孩子：睡前十分钟 ]]> "引号" <不是标签>

            睡前十分钟。

            <!-- more -->

            正文。
            """
        ),
        encoding="utf-8",
    )
    (posts / "2026-11-hostile-meta-title.md").write_text(
        textwrap.dedent(
            f"""\
            ---
            title: {yaml_str(META_TITLE)}
            date: 2026-11-21 08:15:00
            categories:
              - 中心动态
            authors:
              - hostile
            ---

            # 页面上的标题

            第一段：a &amp; b &lt; c，**加粗**。

            <!-- more -->

            第二段不在摘要里。
            """
        ),
        encoding="utf-8",
    )
    (posts / "2026-11-draft.md").write_text(
        "---\ndate: 2026-11-22\ndraft: true\ncategories:\n  - 中心动态\nauthors:\n  - centre\n---\n\n# 草稿不进订阅\n\n草稿。\n",
        encoding="utf-8",
    )
    events = project / "docs/_data/events.yml"
    events.write_text(
        events.read_text(encoding="utf-8").rstrip("\n")
        + "\n"
        + textwrap.indent(textwrap.dedent(
            f"""\
              - id: 2026-12-hostile-talk
                title: {yaml_str(EVENT_TITLE)}
                start: 2026-12-10 19:00
                end: 2026-12-10 20:30
                place: '礼堂, 二楼; <b>东侧</b>'
                area: 西河镇
                audience: [parents, public]
                status: scheduled
                description: |
                  第一行；第二行, 逗号 \\ 反斜杠
            """
        ), "  "),
        encoding="utf-8",
    )
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.output
    return project / "site"


def hostile_items(site: Path, name: str):
    channel = check_rss((site / name).read_bytes(), SITE_URL + name)
    return channel, items_by_link(channel)


def one(items: dict, stem: str):
    (link,) = [url for url in items if url.endswith(f"/{stem}/")]
    return link, items[link]


def test_hostile_text_reaches_the_reader_as_written(hostile_site):
    channel, items = hostile_items(hostile_site, "feed_rss_created.xml")
    assert channel.findtext("title") == f"{SITE_NAME}：动态"
    link, item = one(items, "2026-11-hostile-updated")
    # The heading's text as the page shows it, escaped once in the feed.
    assert page_title(hostile_site, link) == TITLE
    assert item.findtext("title") == TITLE
    assert [c.text for c in item.findall("category")] == ["健康提示", CATEGORY]
    assert [c.text for c in item.findall(f"{DC}creator")] == ["示例区社会心理服务指导中心", AUTHOR]
    assert html.unescape(item.findtext("description")) == DESCRIPTION
    _, meta_item = one(items, "2026-11-hostile-meta-title")
    assert meta_item.findtext("title") == META_TITLE  # front matter `title` is text, as written
    # No description: the excerpt's text (before <!-- more -->), not its markup.
    assert html.unescape(meta_item.findtext("description")) == "第一段：a & b < c，加粗。"
    raw = (hostile_site / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert "&amp;amp;" not in raw and "&#x26;amp;" not in raw.split("<description>")[0]
    # A feed reader gets the same text.
    parsed = feedparser.parse((hostile_site / "feed_rss_created.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    entries = {e.link: e for e in parsed.entries}
    entry = entries[link]
    assert entry.title == TITLE
    assert [t.term for t in entry.tags] == ["健康提示", CATEGORY]
    assert [a["name"] for a in entry.authors] == ["示例区社会心理服务指导中心", AUTHOR]
    assert html.unescape(entry.summary) == DESCRIPTION
    assert parsed.feed.title == f"{SITE_NAME}：动态"


def test_dates_are_the_posts_created_and_updated(hostile_site):
    _, created = hostile_items(hostile_site, "feed_rss_created.xml")
    _, item = one(created, "2026-11-hostile-updated")
    assert rfc822(item.findtext("pubDate")) == datetime(2026, 11, 20, tzinfo=CHINA)
    _, timed = one(created, "2026-11-hostile-meta-title")
    assert timed.findtext("pubDate") == "Sat, 21 Nov 2026 08:15:00 +0800"
    channel, updated = hostile_items(hostile_site, "feed_rss_updated.xml")
    _, item = one(updated, "2026-11-hostile-updated")
    assert item.findtext("pubDate") == "Sun, 22 Nov 2026 15:30:00 +0800"
    # The most recently changed first; a post never updated counts by its date.
    first = channel.find("item")
    assert first.findtext("link").endswith("/2026-11-hostile-updated/")
    for feed in (created, updated):
        assert not [url for url in feed if "draft" in url]


def test_an_update_before_the_post_is_named_with_file_and_line(project_copy, tmp_path):
    (project_copy / "docs/news/posts/2026-11-backwards.md").write_text(
        "---\ndate:\n  created: 2026-11-05\n  updated: 2026-11-01\ncategories:\n  - 中心动态\n"
        "authors:\n  - centre\n---\n\n# 标题\n\n正文。\n",
        encoding="utf-8",
    )
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/news/posts/2026-11-backwards.md:4: date.updated: 更新日期 2026-11-01 早于发布日期 2026-11-05" in result.output
    ), result.output


# -- The activities' calendars -----------------------------------------------------------

TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME", "CATEGORIES")


def unfolded(raw: bytes) -> list[str]:
    """Content lines with RFC 5545 folding undone, after checking the raw
    lines: CRLF only, at most 75 octets each, each valid UTF-8 (folds fall
    between characters)."""
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    out: list[str] = []
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, "a bare line break"
        assert len(line) <= 75, f"{len(line)} octets: {line[:40]!r}"
        text = line.decode("utf-8")
        if text.startswith((" ", "\t")):
            out[-1] += text[1:]
        else:
            out.append(text)
    return out


def ics_text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newline escaped."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def check_calendar(path: Path) -> list[str]:
    raw = path.read_bytes()
    lines = unfolded(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in lines]
    assert "PRODID" in names and "VERSION" in names
    # The strict reader refuses what RFC 5545 does not allow.
    calendar = IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))
    assert calendar.events
    for event in calendar.events:
        assert event.uid and event.dtstart and event.dtstamp
        assert event.dtstamp == BUILD_MOMENT.astimezone(timezone.utc)
    return lines


def calendars(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.ics"))
    assert found
    return found


def test_every_calendar_is_valid_icalendar(site_dir):
    for path in calendars(site_dir):
        lines = check_calendar(path)
        # DTSTAMP is the build's moment, in UTC (RFC 5545 3.8.7.2).
        stamps = {line for line in lines if line.startswith("DTSTAMP")}
        assert stamps == {f"DTSTAMP:{BUILD_MOMENT.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"}, path


def test_calendar_text_is_escaped_per_rfc5545(hostile_site):
    for path in calendars(hostile_site):
        check_calendar(path)
    path = hostile_site / "events/2026-12-hostile-talk/2026-12-hostile-talk.ics"
    lines = unfolded(path.read_bytes())
    assert f"SUMMARY:{ics_text('【示例】' + EVENT_TITLE)}" in lines  # the sample data says so
    assert f"LOCATION:{ics_text('礼堂, 二楼; <b>东侧</b>')}" in lines
    assert f"X-WR-CALNAME:{ics_text(EVENT_TITLE)}" in lines
    every = unfolded((hostile_site / "events/calendar.ics").read_bytes())
    assert f"X-WR-CALNAME:{ics_text(SITE_NAME + '：活动')}" in every
    (event,) = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8")).events
    assert event.summary == "【示例】" + EVENT_TITLE and event.location == "礼堂, 二楼; <b>东侧</b>"
    assert "第一行；第二行, 逗号 \\ 反斜杠" in event.description
    (vevent,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "【示例】" + EVENT_TITLE
