"""Validity rules of an RSS 2.0 feed, shared by the unit and build tests.

The rules are the RSS 2.0 specification's (https://www.rssboard.org/rss-specification,
"Required channel elements", "Elements of <item>", and: "All date-times in RSS
conform to the Date and Time Specification of RFC 822, with the exception that
the year may be expressed with two characters or four characters (four
preferred)"; managingEditor, webMaster and an item's author are "email
address"es) and the RSS Advisory Board's Best Practices Profile
(https://www.rssboard.org/rss-profile: atom:link rel="self" names the feed's
own address; an image's url is a GIF, JPEG or PNG).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"

# RFC 822 section 5 date-time, four-digit year, numeric zone (what RSS readers parse best).
RFC822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} [+-]\d{4}"
)
# "geo@herald.com (George Matesky)": an address, optionally a name in parentheses.
EMAIL = re.compile(r"[^@\s()]+@[^@\s()]+\.[^@\s()]+( \(.+\))?")


def absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def rfc822(text: str | None) -> datetime:
    """The date of an RSS date element, which must be RFC 822 with a zone."""
    assert text and RFC822.fullmatch(text), f"not an RFC 822 date-time: {text!r}"
    moment = parsedate_to_datetime(text)
    assert moment.tzinfo is not None
    return moment


def check_rss(document: bytes, feed_url: str) -> ET.Element:
    """Assert the RSS 2.0 rules on `document`; returns its <channel>."""
    assert document.startswith(b"<?xml"), "an XML declaration (UTF-8)"
    root = ET.fromstring(document)  # well-formed XML, or ParseError
    assert root.tag == "rss" and root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), f"channel/{required} is required"
    assert absolute(channel.findtext("link"))
    selves = [link.get("href") for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert selves == [feed_url]
    for name in ("pubDate", "lastBuildDate"):
        if channel.find(name) is not None:
            rfc822(channel.findtext(name))
    for name in ("managingEditor", "webMaster"):
        if channel.find(name) is not None:
            assert EMAIL.fullmatch(channel.findtext(name) or ""), f"{name} must be an e-mail address"
    image = channel.find("image")
    if image is not None:
        url = image.findtext("url") or ""
        assert absolute(url) and url.lower().endswith((".gif", ".jpg", ".jpeg", ".png")), f"image url {url!r}"
        assert image.findtext("title") and absolute(image.findtext("link"))
    language = channel.findtext("language")
    if language is not None:
        assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2})?", language), language
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description"), "an item needs a title or a description"
        assert absolute(item.findtext("link"))
        guid = item.find("guid")
        assert guid is not None and guid.text
        if guid.get("isPermaLink", "true") == "true":
            assert absolute(guid.text), "a permalink guid is a URL"
        rfc822(item.findtext("pubDate"))
        for author in item.findall("author"):
            assert EMAIL.fullmatch(author.text or ""), f"item author must be an e-mail address: {author.text!r}"
        for category in item.findall("category"):
            assert (category.text or "").strip()
    # Nothing unset slipped through as Python's None.
    for element in root.iter():
        assert (element.text or "").strip() != "None", f"<{element.tag}> holds None"
        for name, value in element.attrib.items():
            assert value != "None", f"<{element.tag} {name}> holds None"
    return channel
