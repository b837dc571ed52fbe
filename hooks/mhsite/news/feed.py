"""The news (动态) feeds: RSS 2.0, made with `feedgenerator` (Pelican's
standalone copy of Django's feed writer) from the posts' own metadata.

Two feeds, at the addresses the site has always had (feed readers are
subscribed to them):

- feed_rss_created.xml: the newest posts first, each dated by its
  `date` (or `date.created`);
- feed_rss_updated.xml: the most recently changed first, each dated by
  `date.updated` when the post has one, else by its `date`.

What a feed reader must get, and how (RSS 2.0 specification,
https://www.rssboard.org/rss-specification, and the RSS Advisory Board's
Best Practices Profile, https://www.rssboard.org/rss-profile):

- Text is escaped exactly once. Titles, categories and author names are plain
  text; the Profile ("Character Data") asks for "&", "<" and ">" in plain text
  as the character references &#x26; &#x3C; &#x3E;, which every XML parser reads
  back as the character and no aggregator mistakes for markup. A description
  is HTML ("entity-encoded HTML is allowed"), so a plain-text summary is first
  turned into HTML text (html.escape), then written the same way.
- An item's `author` must be an e-mail address: there is none for the
  centre's authors, so their names go in `dc:creator` (Dublin Core, which the
  Profile recommends for this). No channel `managingEditor` either, and no
  `<image>`: the logo is SVG, which RSS images may not be.
- Dates are RFC 822 (email.utils.format_datetime), in China's time: a post
  dated `2026-11-05` was published on that day in China, 00:00 +0800. A date
  and time without a zone are China's time too.
- Links are absolute (from site_url); `guid` is the post's address.
- lastBuildDate is the build's moment (the build's Clock: the commit's
  time), never the wall clock: the same commit gives the same bytes.

Nothing here imports MkDocs: the plugin (plugin.py) collects the posts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from io import StringIO
from typing import Literal

from feedgenerator import Rss201rev2Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

from mhsite.news.model import china_moment, updated_before_created

CREATED_FEED = "feed_rss_created.xml"
UPDATED_FEED = "feed_rss_updated.xml"
FEEDS: Mapping[str, Literal["created", "updated"]] = {CREATED_FEED: "created", UPDATED_FEED: "updated"}
# Items per feed: readers poll for what is new; the archive pages keep the rest.
FEED_LENGTH = 20
SUMMARY_CHARS = 200
SAMPLE_PREFIX = "【示例】"
DC_NS = "http://purl.org/dc/elements/1.1/"


class FeedError(ValueError):
    """A post whose metadata cannot go into a feed: `field` ("date",
    "date.created", "date.updated") and what to write (the hook adds the
    file and line)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class NewsPost:
    """One post, as its page shows it. Text is plain (not HTML)."""

    title: str
    url: str  # absolute
    created: datetime  # aware
    updated: datetime | None  # aware; None when never updated
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()  # names, from .authors.yml
    summary: str = ""
    sample: bool = False

    @property
    def changed(self) -> datetime:
        return self.updated or self.created


def china_time(value: object, field: str) -> datetime:
    """A front-matter date (YAML date or datetime) as an aware datetime: a date
    is midnight in China, a datetime without a zone is China's time."""
    if isinstance(value, (date, datetime)):
        return china_moment(value)
    raise FeedError(field, f"“{value}” 不是日期；请写成 2026-11-05 或 2026-11-05 09:30 这样的格式。")


def post_dates(value: object) -> tuple[datetime, datetime | None]:
    """(created, updated) from Material's `date`: a date, or
    {created: …, updated: …} (updated optional)."""
    if isinstance(value, Mapping):
        if "created" not in value:
            raise FeedError("date.created", "缺少发布日期；请写 date: 2026-11-05，或在 date: 下写 created: 2026-11-05。")
        created = china_time(value["created"], "date.created")
        updated = china_time(value["updated"], "date.updated") if value.get("updated") is not None else None
        problem = updated_before_created(value["created"], value.get("updated"))
        if problem:
            raise FeedError("date.updated", problem)
        return created, updated
    return china_time(value, "date"), None


class _TextOf(HTMLParser):
    """The text of an HTML fragment as a reader sees it, without the page
    title (h1), permalink anchors, scripts and styles."""

    _SKIP = {"h1", "script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._skipping or tag in self._SKIP or (tag == "a" and "headerlink" in classes):
            self._skipping.append(tag)
        elif tag in ("p", "br", "li", "div", "h2", "h3", "h4", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_summary(fragment: str, limit: int = SUMMARY_CHARS) -> str:
    """Plain text of a post's excerpt (its HTML before the "more" separator),
    whitespace collapsed, cut at `limit` characters with "…"."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    text = re.sub(r"\s+", " ", "".join(parser.parts)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _ProfileXMLGenerator(SimplerXMLGenerator):
    """Writes character data with "&", "<", ">" as hexadecimal references
    (RSS Best Practices Profile, "Character Data"); still refuses control
    characters (not allowed in XML 1.0), as feedgenerator does."""

    def characters(self, content: str) -> None:
        if not content:
            return
        if re.search(r"[\x00-\x08\x0B\x0C\x0E-\x1F]", content):
            raise UnserializableContentError("Control characters are not supported in XML 1.0")
        encoded = content.replace("&", "&#x26;").replace("<", "&#x3C;").replace(">", "&#x3E;")
        # XMLGenerator writes its argument here as it is (closing a pending
        # start tag first): the escaping above is the only one.
        self.ignorableWhitespace(encoded)


class _NewsRss(Rss201rev2Feed):
    """RSS 2.0 with the Profile's character data, the Dublin Core namespace
    declared once, one dc:creator per author, and lastBuildDate given."""

    def write(self, outfile, encoding):
        handler = _ProfileXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)  # no author_*: nothing written for them
        for name in item["creators"]:
            handler.addQuickElement("dc:creator", name)

    def latest_post_date(self):
        return self.feed["build_moment"]


def _ordered(posts: Iterable[NewsPost], order: Literal["created", "updated"]) -> list[NewsPost]:
    def key(p: NewsPost) -> tuple[datetime, str]:
        return (p.created if order == "created" else p.changed, p.url)

    return sorted(posts, key=key, reverse=True)[:FEED_LENGTH]


def rss_feed(
    posts: Iterable[NewsPost],
    *,
    order: Literal["created", "updated"],
    title: str,
    link: str,
    description: str,
    feed_url: str,
    build_moment: datetime,
    copyright: str | None = None,
    language: str = "zh-CN",
) -> bytes:
    """The RSS 2.0 document (UTF-8 bytes) of `posts`, newest first by `order`."""
    feed = _NewsRss(
        title=title,
        link=link,
        description=description,
        language=language,
        feed_url=feed_url,
        feed_copyright=copyright or None,
        build_moment=build_moment,
    )
    for post in _ordered(posts, order):
        feed.add_item(
            title=(SAMPLE_PREFIX if post.sample else "") + post.title,
            link=post.url,
            # HTML, as the specification has it: the plain summary as HTML text.
            description=html.escape(post.summary, quote=False) if post.summary else None,
            pubdate=post.created if order == "created" else post.changed,
            unique_id=post.url,
            unique_id_is_permalink=True,
            categories=list(post.categories),
            creators=list(post.authors),
        )
    out = StringIO()
    feed.write(out, "utf-8")
    return out.getvalue().encode("utf-8")
