"""Known hotline numbers in a page's text become tap-to-call links.

Editors write 「请立即拨打 120 或 110」 or 「可以拨打 12356」 in articles, FAQ
answers and activity descriptions; on a phone the number should be one tap
away. Only the numbers the site knows are linked: the hotline directory's
lines (hotlines.yml) that are not samples (an invented number is never
dialled). Never inside a link, code, a heading, a button or a script, and
only where the digits stand alone (not inside a longer number, a date, an
address). The emergency numbers of three digits (110, 120, 119…) are also
a count of anything ("120 分钟"): they are linked only after a calling word
(拨打, 打, 电话, 报警, 急救, 求助, 呼叫, 致电) within a few characters, as in
「拨打 120 或 110」, or when 报警/急救 follows in brackets.

The page's HTML is rewritten in its text only (between tags). Nothing here
imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import escape

# Elements whose text is never linked.
_SKIP = {"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "select", "option", "label",
         "title", "svg", "h1", "h2", "h3", "h4", "h5", "h6", "time", "template"}
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
_VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "track", "area", "base", "col", "embed", "param"}
# A calling word shortly before a short number ("拨打 120 或 110": both).
_CALL_BEFORE = re.compile(r"(拨打|拨|打|电话|报警|急救|求助|呼叫|致电|热线)[^。；！？!?\n<>]{0,10}$")
_CALL_AFTER = re.compile(r"^\s*[（(](报警|急救|火警)")
SHORT = 3  # digits of an emergency number that needs the calling word


@dataclass(frozen=True)
class Number:
    digits: str
    tel: str  # "tel:12356"
    label: str  # its short name, for the link's title


def _pattern(numbers: Mapping[str, Number]) -> re.Pattern[str] | None:
    if not numbers:
        return None
    alternatives = sorted(numbers, key=len, reverse=True)
    # Not inside a longer number, a word, a date or a phone number written with separators.
    return re.compile(r"(?<![0-9A-Za-z\-./:：])(" + "|".join(map(re.escape, alternatives)) + r")(?![0-9A-Za-z\-./%])")


# Elements that end a run of text: a calling word in one paragraph, list item
# or cell never reaches a number in the next. Inline elements (strong, em,
# span, a…) do not: 「请立即拨打 **110**」 is one run.
_BLOCK = {"p", "li", "ul", "ol", "div", "td", "th", "tr", "table", "dd", "dt", "dl", "br", "hr", "section", "article",
          "blockquote", "details", "summary", "figure", "figcaption", "header", "footer", "nav", "aside", "main",
          "h1", "h2", "h3", "h4", "h5", "h6", "pre"}


def link_numbers(html: str, numbers: Mapping[str, Number]) -> str:
    """`html` with each known number in its text as <a href="tel:…">."""
    pattern = _pattern(numbers)
    if pattern is None or not any(digits in html for digits in numbers):
        return html
    pieces = [piece for piece in _TOKEN.split(html) if piece]
    # The text of each piece's run (see _BLOCK) before and after it, so that a
    # calling word outside the <strong> around a number still counts.
    before, after = _runs(pieces)
    out: list[str] = []
    skip: list[str] = []
    for i, piece in enumerate(pieces):
        if piece.startswith("<"):
            match = _TAG.match(piece)
            if match and not piece.startswith("<!--"):
                closing, name = match.group(1) == "/", match.group(2).lower()
                if name in _SKIP and not piece.rstrip().endswith("/>") and name not in _VOID:
                    if closing:
                        if name in skip:
                            del skip[len(skip) - 1 - skip[::-1].index(name):]
                    else:
                        skip.append(name)
            out.append(piece)
            continue
        if skip:
            out.append(piece)
            continue
        out.append(_link_text(piece, pattern, numbers, before[i], after[i]))
    return "".join(out)


def _block_tag(piece: str) -> bool:
    match = _TAG.match(piece)
    return bool(match) and not piece.startswith("<!--") and match.group(2).lower() in _BLOCK


def _runs(pieces: list[str]) -> tuple[list[str], list[str]]:
    """For each piece: the text of its run before it, and after it."""
    before, run = [], ""
    for piece in pieces:
        before.append(run)
        if piece.startswith("<"):
            run = "" if _block_tag(piece) else run
        else:
            run += piece
    after, run = [""] * len(pieces), ""
    for i in range(len(pieces) - 1, -1, -1):
        after[i] = run
        piece = pieces[i]
        if piece.startswith("<"):
            run = "" if _block_tag(piece) else run
        else:
            run = piece + run
    return before, after


def _link_text(text: str, pattern: re.Pattern[str], numbers: Mapping[str, Number], run_before: str = "",
               run_after: str = "") -> str:
    def replace(match: re.Match[str]) -> str:
        number = numbers[match.group(1)]
        if len(number.digits) <= SHORT:
            before, after = run_before + text[: match.start()], text[match.end():] + run_after
            if not (_CALL_BEFORE.search(before) or _CALL_AFTER.match(after)):
                return match.group(0)
        return f'<a class="mh-tel" href="{escape(number.tel)}" title="拨打{escape(number.label)}">{match.group(1)}</a>'

    return pattern.sub(replace, text)
