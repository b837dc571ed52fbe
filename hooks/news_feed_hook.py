"""MkDocs hook: the news (动态) feeds, /feed_rss_created.xml and
/feed_rss_updated.xml, from the posts of Material's blog plugin.

A thin adapter for `news_feed.py` (which says what goes into the feeds and
why). Here:

- on_page_context: for each post the build publishes (drafts are not), take
  what its page shows: the title (front matter `title`, else the heading, as
  text), the date(s), categories, the authors' names from .authors.yml, the
  `description` or else the excerpt (the text before `<!-- more -->`), and its
  address under site_url;
- on_post_build: write the two feeds (before sw.js, which hashes them).

The page heads link to the feeds (overrides/main.html).
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from mhsite.news.feed import FEEDS, FeedError, NewsPost, html_summary, post_dates, rss_feed
from mhsite.common.clock import build_time

log = logging.getLogger("mkdocs.hooks.news_feed")

NEWS_NAME = "动态"
_CONTROL = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]")

_posts: dict[str, NewsPost] = {}


def _blog(config: MkDocsConfig) -> Any | None:
    """The blog plugin's settings, or None without the plugin."""
    plugin = config.plugins.get("material/blog")
    return getattr(plugin, "config", None)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _posts.clear()  # `serve` rebuilds in the same process
    return config


def _posts_dir(blog: Any) -> str:
    return blog.post_dir.format(blog=blog.blog_dir).strip("/") + "/"


def _plain(value: object) -> str:
    """The text as written: pages_hook hands the theme these values escaped
    once, as Markup; the feed escapes for XML itself."""
    return value.unescape() if isinstance(value, Markup) else str(value)


def _text(value: object, shown: str, field: str) -> str:
    """Plain text for the feed, without control characters (XML 1.0 has no
    place for them; they come from pasting)."""
    text = _plain(value)
    if _CONTROL.search(text):
        log.warning(f"{shown}: {field}: 有看不见的控制字符（多半是粘贴带来的），RSS 订阅里已去掉；请在文件里删掉它。")
        text = _CONTROL.sub("", text)
    return text


def _line_of(source: str, field: str) -> int:
    """The line of `field` ("date", "date.updated") in the front matter; 1
    when not found."""
    front = source.splitlines()
    end = next((i for i, line in enumerate(front[1:], start=1) if line.strip() == "---"), len(front))
    for key in (field.split(".")[-1] + ":", "date:"):
        for number, line in enumerate(front[1:end], start=2):
            if line.strip().startswith(key):
                return number
    return 1


def _title(page: Page) -> str:
    """The title as the page shows it. Front matter `title` is plain text;
    a title from the heading is HTML text (MkDocs strips the tags but leaves
    entities such as &amp;): unescaped here, once."""
    if "title" in page.meta:
        return _plain(page.meta["title"])
    return html.unescape(page.title or "")


def _summary(page: Page, separator: str) -> str:
    description = page.meta.get("description")
    if isinstance(description, str) and description.strip():
        return " ".join(_plain(description).split())
    content = page.content or ""
    return html_summary(content.split(separator, 1)[0])


@event_priority(-90)  # after Material's blog plugin has resolved authors
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    blog = _blog(config)
    if blog is None or not page.file.src_uri.startswith(_posts_dir(blog)):
        return context
    if page.file.inclusion.is_excluded():  # a draft, shown only by `serve`
        return context
    shown = f"docs/{page.file.src_uri}"
    # The date as written: Material's blog rewrites `date: {created, updated}`
    # in page.meta in place (into UTC datetimes), so read the file again.
    source = page.file.content_string
    _, written = get_data(source)
    try:
        created, updated = post_dates(written.get("date"))
    except FeedError as exc:
        log.warning(f"{shown}:{_line_of(source, exc.field)}: {exc}")
        return context
    authors = tuple(_text(a.name, shown, "authors") for a in getattr(page, "authors", ()) if getattr(a, "name", ""))
    _posts[page.file.src_uri] = NewsPost(
        title=_text(_title(page), shown, "title"),
        url=page.canonical_url or "",
        created=created,
        updated=updated,
        categories=tuple(_text(c, shown, "categories") for c in page.meta.get("categories") or ()),
        authors=authors,
        summary=_text(_summary(page, blog.post_excerpt_separator), shown, "description"),
        sample=page.meta.get("sample") is True,
    )
    return context


@event_priority(-50)  # before offline_hook (-100): sw.js's version covers the feeds
def on_post_build(*, config: MkDocsConfig) -> None:
    blog = _blog(config)
    if blog is None:
        return
    if not config.site_url:
        log.warning("mkdocs.yml: site_url 没有填写：RSS 订阅里的链接必须是完整网址，订阅没有生成。请填写网站的正式地址。")
        return
    site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    title = f"{config.site_name}：{NEWS_NAME}"
    for name, order in FEEDS.items():
        document = rss_feed(
            _posts.values(),
            order=order,
            title=title,
            link=f"{site_url}{blog.blog_dir.strip('/')}/",
            description=f"{config.site_name}发布的{NEWS_NAME}" + ("（按更新时间）" if order == "updated" else ""),
            feed_url=site_url + name,
            build_moment=build_time(),
            copyright=config.copyright,
        )
        (Path(config.site_dir) / name).write_bytes(document)
