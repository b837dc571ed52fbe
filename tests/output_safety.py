"""Is anything in a built site executable, or loaded from another host, that
the site itself did not put there? For the mutation test (issue 14).

Every output a resident's browser, calendar app or feed reader reads is
parsed, not searched as text:

- HTML pages (and the HTML inside the search index and the RSS feed): no
  event-handler attribute (on…), no javascript:/vbscript:/data: address in a
  link or a source, no script the site did not ship (inline scripts must be
  among the unmutated site's own, JSON scripts must parse), no frame, object
  or embed, no <base> or refresh, nothing that loads from another host (the
  elements and attributes of tests/test_site.py's privacy test), no element
  named after a marker;
- JSON files: they parse;
- XML files (feeds, sitemap): they parse;
- calendar files: they parse with icalendar, each activity's file holds one
  event and every property is one the site writes.

Then, for each marker (mutations.MARKER) found anywhere, the payload it came
with must be there as it was typed (in the page's text or an attribute's
value, a JSON or calendar string): shown, not interpreted. Fields that are
Markdown are exempt from that (their links and emphasis are meant), not from
the rules above.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import icalendar

from mutations import MARKER

SITE_HOST = "example.org"  # mkdocs.yml site_url

# Elements that make the browser load something, and the attributes that say
# what (as tests/test_site.py's privacy test).
LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
LOADING_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "ping", "srcset", "longdesc"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
JSON_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Attributes whose value is made from a text but is not the text itself.
_DERIVED = {"id", "name", "for", "aria-labelledby", "aria-describedby", "aria-controls", "class", "d"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_PATH_LIKE = re.compile(r"[^\s<>\"']*/[^\s<>\"']*")
_INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f]+")

# Properties the site's calendar files have (event_calendar.py, icalendar's VTIMEZONE).
ICS_PROPERTIES = {
    "VCALENDAR": {"PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "GEO", "DESCRIPTION", "URL", "STATUS", "CATEGORIES"},
    "VTIMEZONE": {"TZID", "X-LIC-LOCATION", "COMMENT"},
    "STANDARD": {"DTSTART", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "RRULE", "RDATE"},
    "DAYLIGHT": {"DTSTART", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "RRULE", "RDATE"},
}


@dataclass(frozen=True)
class Finding:
    where: str  # file in the site (and what in it)
    what: str

    @property
    def markers(self) -> set[str]:
        return set(MARKER.findall(self.what))

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Element:
    tag: str
    attrs: list[tuple[str, str]]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[_Element] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._raw = 0  # inside <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = [(k, v or "") for k, v in attrs]
        self.elements.append(_Element(tag, values))
        if tag == "script":
            self._script, self._script_text = dict(values), []
        elif tag == "style":
            self._raw += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(_Element(tag, [(k, v or "") for k, v in attrs]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        elif tag == "style" and self._raw:
            self._raw -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        elif not self._raw:
            self.text.append(data)


@dataclass
class Scan:
    """What one scan found: rule violations, and where each marker was seen
    as typed or altered."""

    findings: list[Finding] = field(default_factory=list)
    shown: dict[str, set[str]] = field(default_factory=dict)  # marker → files where the payload is as typed
    altered: dict[str, set[str]] = field(default_factory=dict)  # marker → "file: what" where it is not
    inline_scripts: set[str] = field(default_factory=set)


def _off_site(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https", "ftp", "ws", "wss") and (parts.hostname or "") != SITE_HOST


def _bad_scheme(url: str) -> str | None:
    match = _SCHEME.match(_INVISIBLE_IN_URL.sub("", url))
    if match and match[1].lower() in ("javascript", "vbscript", "data", "livescript"):
        return match[1].lower()
    return None


class Scanner:
    """`known_scripts`: the inline scripts of the unmutated site (None while
    scanning that site: its scripts are collected instead). `payloads`:
    marker → (payload, Markdown field?)."""

    def __init__(self, known_scripts: set[str] | None, payloads: Mapping[str, tuple[str, bool]]) -> None:
        self.known_scripts = known_scripts
        self.payloads = payloads

    # -- the marker bookkeeping ---------------------------------------------

    def _seen(self, scan: Scan, where: str, value: str, *alternatives: str, lenient: bool = False) -> None:
        """`value` contains markers: is each one's payload there as typed?"""
        for mark in set(MARKER.findall(value)):
            typed, markdown = self.payloads.get(mark, (None, False))
            if typed is None:
                continue
            if any(normal(typed) in normal(v) for v in (value, *alternatives)):
                scan.shown.setdefault(mark, set()).add(where)
            elif not markdown and not lenient:
                at = value.find(mark)
                scan.altered.setdefault(mark, set()).add(f"{where}: …{value[max(0, at - 120) : at + 120]!r}…")

    # -- HTML ---------------------------------------------------------------

    def html(self, scan: Scan, where: str, html: str, *, fragment: bool = False) -> None:
        parser = _Parser()
        parser.feed(html)
        parser.close()
        text = "".join(parser.text)
        for element in parser.elements:
            self._element(scan, where, element)
        for attrs, body in parser.scripts:
            self._script(scan, where, attrs, body)
        if MARKER.search(text):
            # Each text node on its own too: a payload shown as typed is one node.
            self._seen(scan, where, text)

    def _element(self, scan: Scan, where: str, element: _Element) -> None:
        tag = element.tag
        found = scan.findings.append
        if MARKER.fullmatch(tag):
            found(Finding(where, f"element <{tag}> made from a payload"))
        if tag in FORBIDDEN_TAGS:
            found(Finding(where, f"<{tag} {element.attrs}>"))
        attrs = dict(element.attrs)
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            found(Finding(where, f"<meta http-equiv=refresh {attrs}>"))
        for name, value in element.attrs:
            if name.startswith("on"):
                found(Finding(where, f"event handler on <{tag}>: {name}={value!r}"))
            if MARKER.search(name):
                found(Finding(where, f"attribute made from a payload on <{tag}>: {name}={value!r}"))
            if name in URL_ATTRIBUTES or name == "style":
                scheme = _bad_scheme(value) if name != "style" else None
                if scheme:
                    found(Finding(where, f"{scheme}: address in <{tag} {name}={value!r}>"))
                if name == "style" and re.search(r"url\s*\(", value, re.I):
                    found(Finding(where, f"style with url() on <{tag}>: {value!r}"))
            loads = name in LOADING.get(tag, ()) or (
                tag == "link" and name == "href" and set(attrs.get("rel", "").lower().split()) & LOADING_LINK_RELS
            )
            if loads:
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    if _off_site(url):
                        found(Finding(where, f"<{tag} {name}={value!r}> loads from another host"))
            if MARKER.search(value) and name not in _DERIVED:
                if name in URL_ATTRIBUTES or re.match(r"^https?://", value):
                    # An address made from a name (a category's slug) need not
                    # hold it as typed; what it may not be, the rules above say.
                    self._seen(scan, f"{where} <{tag} {name}>", value, unquote(value), lenient=True)
                else:
                    self._seen(scan, f"{where} <{tag} {name}>", value)

    def _script(self, scan: Scan, where: str, attrs: Mapping[str, str], body: str) -> None:
        kind = attrs.get("type", "").lower()
        if "src" in attrs:
            return  # the element rules look at src
        if kind in JSON_SCRIPT_TYPES:
            try:
                data = json.loads(body)
            except ValueError as exc:
                scan.findings.append(Finding(where, f"<script type={kind}> is not JSON ({exc}): {body[:200]!r}"))
                return
            self._json_strings(scan, f"{where} <script type={kind}>", data)
            return
        script = normal(body)
        if self.known_scripts is None:
            scan.inline_scripts.add(script)
        elif script not in self.known_scripts:
            scan.findings.append(Finding(where, f"inline script the site does not ship: {body[:300]!r}"))

    # -- JSON, XML, calendars -----------------------------------------------

    def _json_strings(self, scan: Scan, where: str, data: object) -> None:
        for text in _strings(data):
            if MARKER.search(text):
                # An address or path made from a name (a category's slug)
                # need not hold it as typed.
                self._seen(scan, where, text, lenient=bool(_PATH_LIKE.fullmatch(text)))

    def json_file(self, scan: Scan, where: str, text: str) -> None:
        try:
            data = json.loads(text)
        except ValueError as exc:
            scan.findings.append(Finding(where, f"not JSON: {exc}"))
            return
        if where.endswith("search_index.json") and isinstance(data, Mapping):
            # Material shows the index's titles and texts as HTML.
            for doc in data.get("docs", []):
                for key in ("title", "text"):
                    if MARKER.search(doc.get(key, "")) or "<" in doc.get(key, ""):
                        self._html_rules_only(scan, f"{where} ({doc.get('location')}).{key}", doc.get(key, ""))
            return
        self._json_strings(scan, where, data)

    def _html_rules_only(self, scan: Scan, where: str, html: str) -> None:
        parser = _Parser()
        parser.feed(html)
        parser.close()
        for element in parser.elements:
            for name, value in element.attrs:
                if name.startswith("on") or (name in URL_ATTRIBUTES and _bad_scheme(value)):
                    scan.findings.append(Finding(where, f"<{element.tag} {name}={value!r}>"))
            if element.tag in FORBIDDEN_TAGS or element.tag == "script" or MARKER.fullmatch(element.tag):
                scan.findings.append(Finding(where, f"<{element.tag} {element.attrs}>"))

    def xml_file(self, scan: Scan, where: str, data: bytes) -> None:
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            scan.findings.append(Finding(where, f"not XML: {exc}"))
            return
        for item in root.iter("item"):
            title = item.findtext("title") or ""
            if MARKER.search(title):
                self._seen(scan, f"{where} <item><title>", title)
            for tag in ("description", "{http://purl.org/rss/1.0/modules/content/}encoded"):
                html = item.findtext(tag) or ""
                # Feed readers show the description as HTML.
                self._html_rules_only(scan, f"{where} <item><{tag}>", html)

    def ics_file(self, scan: Scan, where: str, data: bytes, events: int | None) -> None:
        try:
            calendar = icalendar.Calendar.from_ical(data)
        except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
            scan.findings.append(Finding(where, f"not a calendar: {type(exc).__name__}: {exc}"))
            return
        vevents = [c for c in calendar.walk() if c.name == "VEVENT"]
        if events is not None and len(vevents) != events:
            scan.findings.append(Finding(where, f"{len(vevents)} events, expected {events}"))
        for component in calendar.walk():
            allowed = ICS_PROPERTIES.get(component.name)
            if allowed is None:
                scan.findings.append(Finding(where, f"component {component.name} the site does not write"))
                continue
            for name, value in component.property_items(recursive=False):
                if name in ("BEGIN", "END"):
                    continue
                if name not in allowed:
                    scan.findings.append(Finding(where, f"property {name}:{value!r} in {component.name}"))
                text = " ".join(str(v) for v in value.cats) if hasattr(value, "cats") else str(value)
                if MARKER.search(text):
                    self._seen(scan, f"{where} {component.name}.{name}", text)

    # -- a whole site -------------------------------------------------------

    def site(self, site: Path, single_event_calendars: Iterable[str] = (), all_events: int | None = None) -> Scan:
        """Scan every output file. `single_event_calendars`: the activities'
        own .ics files (one event each); `all_events`: how many activities
        events/calendar.ics must hold."""
        scan = Scan()
        singles = set(single_event_calendars)
        for path in sorted(site.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(site).as_posix()
            suffix = path.suffix
            if suffix == ".html":
                self.html(scan, rel, path.read_text(encoding="utf-8"))
            elif suffix == ".json":
                self.json_file(scan, rel, path.read_text(encoding="utf-8"))
            elif suffix == ".xml":
                self.xml_file(scan, rel, path.read_bytes())
            elif rel.endswith(".xml.gz"):
                self.xml_file(scan, rel, gzip.decompress(path.read_bytes()))
            elif suffix == ".ics":
                expected = 1 if rel in singles else all_events if rel == "events/calendar.ics" else None
                self.ics_file(scan, rel, path.read_bytes(), expected)
        return scan


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
