"""Reading built HTML with the standard library's parser (no extra dependency)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    classes: set[str] = field(default_factory=set)
    # Classes of the elements this one is inside.
    inside: set[str] = field(default_factory=set)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        inside = set().union(*(e.classes for e in self._open)) if self._open else set()
        element = Element(tag, values, classes=set(values.get("class", "").split()), inside=inside)
        self.elements.append(element)
        if tag not in ("meta", "link", "img", "input", "br", "hr", "source", "area", "base", "col", "embed", "track", "wbr"):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        for element in self._open:
            element.text += data


@dataclass
class Page:
    path: Path
    elements: list[Element]
    text: str
    html: str

    def find(self, tag: str | None = None, cls: str | None = None, within: str | None = None, **attrs: str) -> list[Element]:
        """Elements by tag, class, the class of an ancestor, and attributes."""
        out = []
        for element in self.elements:
            if tag and element.tag != tag:
                continue
            if cls and cls not in element.classes:
                continue
            if within and within not in element.inside:
                continue
            if any(element.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(element)
        return out

    def meta(self, name: str) -> str | None:
        for element in self.find("meta"):
            if element.attrs.get("name") == name or element.attrs.get("property") == name:
                return element.attrs.get("content")
        return None


def parse(path: Path) -> Page:
    html = path.read_text(encoding="utf-8")
    collector = _Collector()
    collector.feed(html)
    return Page(path, collector.elements, re.sub(r"\s+", " ", "".join(collector.texts)), html)
