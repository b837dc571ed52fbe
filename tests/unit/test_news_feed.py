"""news_feed: the RSS 2.0 document of the news, without a build.

Each feed is read back twice: with an XML parser (the text must be exactly
what was written: escaped once) and with `feedparser`, as a feed reader reads
it. Validity rules: tests/feed_checks.py."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta, timezone

import feedparser
import pytest

from feed_checks import DC, check_rss, rfc822
from mhsite.news.feed import FEED_LENGTH, FeedError, NewsPost, html_summary, post_dates, rss_feed
from mhsite.common.clock import CHINA

BUILD = datetime(2026, 11, 23, 12, 0, tzinfo=CHINA)
FEED_URL = "https://example.org/feed_rss_created.xml"

# What editors may type, and what breaks XML or HTML when escaped zero or two times.
HOSTILE = [
    "家长 & 孩子：睡前十分钟",  # the title
    "<b>粗体</b> 不是标签",
    "CDATA 的结尾 ]]> 也是文字",
    "\"双引号\" 'single' “中文引号”",
    "AT&T",
    "1 < 2 > 0",
]


def post(title: str = "标题", **changes) -> NewsPost:
    values = dict(
        title=title,
        url="https://example.org/news/2026/11/05/a/",
        created=datetime(2026, 11, 5, tzinfo=CHINA),
        updated=None,
        categories=("中心动态",),
        authors=("示例区社会心理服务指导中心",),
        summary="摘要",
    )
    values.update(changes)
    return NewsPost(**values)


def feed(posts, order="created", **kwargs) -> bytes:
    args = dict(
        order=order,
        title="示例区心理服务平台：动态",
        link="https://example.org/news/",
        description="示例区心理服务平台发布的动态",
        feed_url=FEED_URL,
        build_moment=BUILD,
        copyright="© 示例区",
    )
    args.update(kwargs)
    return rss_feed(posts, **args)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_as_written(text):
    item_post = post(
        text,
        url=f"https://example.org/news/{abs(hash(text))}/",
        categories=(text, "健康提示"),
        authors=(text, "中心"),
        summary=text,
    )
    document = feed([item_post], title=text, description=text, copyright=text)
    channel = check_rss(document, FEED_URL)
    assert channel.findtext("title") == text and channel.findtext("copyright") == text
    (item,) = channel.findall("item")
    # XML: plain-text elements hold the text exactly; the description is HTML
    # (RSS 2.0: "entity-encoded HTML is allowed"), whose text is the summary.
    assert item.findtext("title") == text
    assert [c.text for c in item.findall("category")] == [text, "健康提示"]
    assert [c.text for c in item.findall(f"{DC}creator")] == [text, "中心"]
    assert html.unescape(item.findtext("description")) == text
    assert "<" not in item.findtext("description").replace("&lt;", "")  # no markup of ours or theirs
    # A feed reader.
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    assert parsed.feed.title == text
    (entry,) = parsed.entries
    assert entry.title == text
    assert [t.term for t in entry.tags] == [text, "健康提示"]
    assert [a.get("name") for a in entry.authors] == [text, "中心"]
    assert html.unescape(entry.summary) == text


def test_text_that_looks_like_escaped_html_is_carried_exactly():
    # RSS 2.0 does not say whether a title is text or HTML; readers guess, and
    # feedparser takes a title with an entity reference or a closing tag for
    # HTML. The feed itself carries the text exactly, escaped once; only Atom
    # (type="text") could say "this is text" (README, "For editors", News).
    text = "AT&T &amp; 已转义的样子 &lt;b&gt;"
    channel = check_rss(feed([post(text, categories=(text,), authors=(text,))]), FEED_URL)
    (item,) = channel.findall("item")
    assert item.findtext("title") == text
    assert item.findtext("category") == text and item.findtext(f"{DC}creator") == text


def test_plain_text_follows_the_profiles_character_data_rule():
    # RSS Best Practices Profile, "Character Data": "&" and "<" in plain text
    # as &#x26; and &#x3C; (">" as &#x3E;), never double-escaped.
    document = feed([post("家长 & 孩子 <b>")])
    assert "<title>家长 &#x26; 孩子 &#x3C;b&#x3E;</title>" in document.decode("utf-8")
    assert b"&amp;amp;" not in document and b"&#x26;amp;" not in document.replace(b"<description>", b"")


def test_no_author_name_where_rss_wants_an_e_mail_address():
    channel = check_rss(feed([post()]), FEED_URL)
    assert channel.find("managingEditor") is None and channel.find("webMaster") is None
    assert channel.find("item/author") is None
    assert channel.find("image") is None
    assert [c.text for c in channel.findall(f"item/{DC}creator")] == ["示例区社会心理服务指导中心"]


def test_dates_are_the_posts_own_and_the_build_moment():
    created = datetime(2026, 11, 5, tzinfo=CHINA)
    updated = datetime(2026, 11, 20, 15, 30, tzinfo=CHINA)
    posts = [
        post("旧的、后来改过", url="https://example.org/a/", created=created, updated=updated),
        post("新的", url="https://example.org/b/", created=datetime(2026, 11, 18, tzinfo=CHINA)),
    ]
    by_created = check_rss(feed(posts, "created"), FEED_URL)
    assert [i.findtext("title") for i in by_created.findall("item")] == ["新的", "旧的、后来改过"]
    assert [rfc822(i.findtext("pubDate")) for i in by_created.findall("item")] == [
        datetime(2026, 11, 18, tzinfo=CHINA),
        created,
    ]
    assert by_created.findall("item")[1].findtext("pubDate") == "Thu, 05 Nov 2026 00:00:00 +0800"
    by_updated = check_rss(feed(posts, "updated", feed_url=FEED_URL), FEED_URL)
    assert [i.findtext("title") for i in by_updated.findall("item")] == ["旧的、后来改过", "新的"]
    assert rfc822(by_updated.find("item").findtext("pubDate")) == updated
    for channel in (by_created, by_updated):
        assert rfc822(channel.findtext("lastBuildDate")) == BUILD


def test_an_empty_feed_is_valid_and_dated_by_the_build():
    channel = check_rss(feed([]), FEED_URL)
    assert channel.findall("item") == []
    assert rfc822(channel.findtext("lastBuildDate")) == BUILD


def test_sample_posts_are_marked_and_the_feed_is_bounded():
    posts = [
        post(f"第{n}条", url=f"https://example.org/{n}/", created=datetime(2026, 1, 1, tzinfo=CHINA) + timedelta(days=n), sample=True)
        for n in range(FEED_LENGTH + 5)
    ]
    items = check_rss(feed(posts), FEED_URL).findall("item")
    assert len(items) == FEED_LENGTH
    assert items[0].findtext("title") == f"【示例】第{FEED_LENGTH + 4}条"


def test_control_characters_are_refused():
    from feedgenerator.django.utils.xmlutils import UnserializableContentError

    with pytest.raises(UnserializableContentError):
        feed([post("标题\x0b")])


# -- Front-matter dates (Material's blog: a date, or {created, updated}) -------------


def test_a_plain_date_is_midnight_in_china():
    assert post_dates(date(2026, 11, 5)) == (datetime(2026, 11, 5, tzinfo=CHINA), None)


def test_a_date_and_time_without_a_zone_is_chinas_time_with_a_zone_kept():
    assert post_dates(datetime(2026, 11, 5, 9, 30))[0] == datetime(2026, 11, 5, 9, 30, tzinfo=CHINA)
    utc = datetime(2026, 11, 5, 1, 30, tzinfo=timezone.utc)
    assert post_dates(utc)[0] == utc and str(post_dates(utc)[0].tzinfo) == "Asia/Shanghai"


def test_created_and_updated():
    created, updated = post_dates({"created": date(2026, 11, 5), "updated": datetime(2026, 11, 20, 15, 30)})
    assert created == datetime(2026, 11, 5, tzinfo=CHINA)
    assert updated == datetime(2026, 11, 20, 15, 30, tzinfo=CHINA)
    assert post_dates({"created": date(2026, 11, 5)})[1] is None


@pytest.mark.parametrize(
    "value, says",
    [
        ({"updated": date(2026, 11, 5)}, "date.created"),
        ({"created": date(2026, 11, 5), "updated": date(2026, 11, 1)}, "早于"),
        ("2026年11月5日", "不是日期"),
        (None, "不是日期"),
    ],
)
def test_wrong_dates_say_what_to_write(value, says):
    with pytest.raises(FeedError, match=says):
        post_dates(value)


def test_summary_from_the_excerpt_html():
    excerpt = (
        '<h1 id="t">家长 &amp; 孩子<a class="headerlink" href="#t">¶</a></h1>\n'
        "<p>第一段 &lt;b&gt; 与 <strong>加粗</strong>。</p>\n<p>第二段</p>"
    )
    assert html_summary(excerpt) == "第一段 <b> 与 加粗。 第二段"
    assert html_summary("<p>" + "字" * 300 + "</p>", limit=10) == "字" * 9 + "…"
