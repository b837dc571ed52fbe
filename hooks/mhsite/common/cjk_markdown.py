"""Python-Markdown extension: no space where a Chinese line was broken.

Markdown keeps a line break inside a paragraph (a "soft break") in its HTML,
and browsers show it as a space: 「困扰，\\n您可以」 reads 「困扰， 您可以」.
This extension applies cjk.removes_break (CSS Text's segment break
rules, see there) to every soft break in the text of the page, after
Markdown has parsed it, so that it never changes what the Markdown means:

- only text inside one paragraph, list item, cell, heading... is joined; the
  line breaks between blocks are not text;
- code (`inline code`, indented and fenced blocks), <kbd>, <samp> and <pre>
  are left as written, and only give the characters around a break;
- a hard break (two trailing spaces, `<br>`) ends a line: the break after it
  is not touched;
- raw HTML and what other extensions stash (superfences' code, emoji) is not
  seen here (it is a placeholder in the tree), and placeholders count as
  "not Chinese", so a break next to one becomes a space as before.

It runs after the inline patterns and attr_list (so `{: .class }` on its own
line is already read), before the table of contents and the unescaping of
backslash escapes. Added by the plugin (plugin.add_cjk_breaks).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mhsite.common.cjk import removes_break

# Inline elements: text inside them continues the line around them.
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub sup time u var".split()
)
# Text that is shown as written: never changed, only read for context.
_VERBATIM = frozenset("code kbd samp pre script style textarea".split())
# Inline things that are not text (an image, an icon): count as one
# character that is not Chinese.
_OBJECTS = frozenset("img input svg math object iframe video audio picture wbr".split())
_OBJECT_CHAR = "\ufffc"  # OBJECT REPLACEMENT CHARACTER

# A segment break: a line break with the spaces and tabs around it (several
# line breaks in a row collapse into one, as in CSS).
_BREAK = re.compile(r"[ \t]*\n[ \t\n]*")
_WHITE = " \t\n"


@dataclass
class _Segment:
    """One text or tail of an element, in reading order."""

    element: etree.Element | None
    attribute: str  # "text" or "tail"
    verbatim: bool
    fixed: str = ""  # the text of an object (_OBJECT_CHAR)

    def get(self) -> str:
        if self.element is None:
            return self.fixed
        return getattr(self.element, self.attribute) or ""

    def set(self, value: str) -> None:
        old = getattr(self.element, self.attribute)
        # Text that Markdown marked as final (AtomicString) stays final.
        setattr(self.element, self.attribute, AtomicString(value) if isinstance(old, AtomicString) else value)


class _Runs:
    """Splits an element tree into runs of text that a reader sees as one
    flowing line: a block's own text with its inline children, up to the
    next block child or hard break."""

    def __init__(self) -> None:
        self.runs: list[list[_Segment]] = []
        self.current: list[_Segment] = []

    def end_run(self) -> None:
        if self.current:
            self.runs.append(self.current)
        self.current = []

    def block(self, element: etree.Element) -> None:
        if element.tag in _VERBATIM:
            return
        self.end_run()
        self.current.append(_Segment(element, "text", False))
        self._children(element, verbatim=False)
        self.end_run()

    def _inline(self, element: etree.Element, verbatim: bool) -> None:
        verbatim = verbatim or element.tag in _VERBATIM
        self.current.append(_Segment(element, "text", verbatim))
        self._children(element, verbatim)

    def _children(self, element: etree.Element, verbatim: bool) -> None:
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                pass
            elif child.tag in _INLINE:
                self._inline(child, verbatim)
            elif child.tag in _OBJECTS:
                self.current.append(_Segment(None, "", True, _OBJECT_CHAR))
            elif child.tag == "br":
                self.end_run()
            elif not verbatim:
                self.block(child)  # ends the current run and starts one after it
            self.current.append(_Segment(child, "tail", verbatim))


def _fix_run(run: list[_Segment]) -> None:
    texts = [segment.get() for segment in run]
    for index, segment in enumerate(run):
        text = texts[index]
        if segment.verbatim or "\n" not in text:
            continue

        def replace(match: re.Match[str], index: int = index, text: str = text) -> str:
            before = _last_char(texts, index, text[: match.start()])
            after = _first_char(texts, index, text[match.end() :])
            if before and after and removes_break(before, after):
                return ""
            return match.group()

        new = _BREAK.sub(replace, text)
        if new != text:
            texts[index] = new
            segment.set(new)


def _last_char(texts: list[str], index: int, head: str) -> str:
    stripped = head.rstrip(_WHITE)
    if stripped:
        return stripped[-1]
    for text in reversed(texts[:index]):
        stripped = text.rstrip(_WHITE)
        if stripped:
            return stripped[-1]
    return ""


def _first_char(texts: list[str], index: int, rest: str) -> str:
    stripped = rest.lstrip(_WHITE)
    if stripped:
        return stripped[0]
    for text in texts[index + 1 :]:
        stripped = text.lstrip(_WHITE)
        if stripped:
            return stripped[0]
    return ""


class CjkBreaksTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        runs = _Runs()
        runs.block(root)
        for run in runs.runs:
            _fix_run(run)


class CjkBreaksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After "inline" (20), "prettify" (10) and attr_list (8); before abbr
        # (7), toc (5) and "unescape" (0).
        md.treeprocessors.register(CjkBreaksTreeprocessor(md), "cjk_breaks", 7.5)


def makeExtension(**kwargs: Any) -> CjkBreaksExtension:
    return CjkBreaksExtension(**kwargs)
