"""Line breaks inside Chinese text: when a break an editor typed becomes a
space for the reader, and when it becomes nothing.

Editors break long lines where they like, in Markdown and in YAML. A browser
shows a line break inside a paragraph as a space (and YAML's folded `>` and
plain multi-line scalars turn it into a space before any browser sees it).
Between two Chinese characters that space is wrong: 「困扰， 您可以」.

The rule is the one CSS gives for a "segment break" (a line break in the
source text, with the spaces and tabs around it), CSS Text Module Level 4,
"Segment Break Transformation Rules"
<https://drafts.csswg.org/css-text-4/#line-break-transform>, which CSS Text
Level 3 leaves to the browser and which browsers other than Firefox do not
apply yet (so we apply it when we build the page):

1. If the character before or after the break is U+200B ZERO WIDTH SPACE,
   the break is removed.
2. Otherwise, if the East Asian Width (Unicode UAX #11) of both characters is
   F, W or H (not A), and neither is Hangul, the break is removed.
3. Otherwise, if the writing system is Chinese, Japanese or Yi (ours is
   Chinese: the site is zh-Hans), and one character is punctuation or a
   symbol (Unicode category P* or S*) of East Asian Width A (“ ” ‘ ’ … — ·)
   and the other is F, W or H and not Hangul, the break is removed.
4. Otherwise the break becomes one space.

So Han–Han, kana and full-width punctuation lose the break; Han–Latin and
Han–digit keep one space, which is what the W3C's Requirements for Chinese
Text Layout ask for between Han characters and Western letters or numerals
(clreq, "Chinese and Western mixed text composition": spacing of up to
1/4 em); Latin–Latin keeps its word space; Korean, written with spaces between
words, keeps it too.

One addition, for the case CSS leaves to the browser (w3c/csswg-drafts#5086,
resolved "leave undefined in L3"): a break next to a full-width punctuation
mark (category P*, East Asian Width F or W: ，。、；：？！「」『』（）《》【】)
is removed whatever letter is on the other side, 「他说，\\nOK」 → 「他说，OK」:
such a mark already carries its own blank half (clreq, "Adjustment space of
punctuation marks"), and clreq's Han–Western spacing is between a Han
character and a Western one, not after punctuation. Hangul on the other side
still keeps the space.

`join_cjk_lines` applies the rule to plain text; `refold_cjk_scalars` to YAML
scalars whose line breaks the YAML parser already folded into spaces;
cjk_markdown.py to Markdown, inside paragraphs; `refold_values` and
`refold_front_matter` to what MkDocs read of mkdocs.yml and of a page's front
matter. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import yaml

ZERO_WIDTH_SPACE = "\u200b"
_WIDE = frozenset("FWH")


def _is_hangul(char: str) -> bool:
    # Hangul syllables, jamo (also half-width and compatibility ones) and
    # enclosed Hangul all have HANGUL in their Unicode name; the standard
    # library has no Script property.
    return "HANGUL" in unicodedata.name(char, "")


def _wide(char: str) -> bool:
    """East Asian Width F, W or H, and not Hangul (rule 2's test)."""
    return unicodedata.east_asian_width(char) in _WIDE and not _is_hangul(char)


def _ambiguous_punctuation(char: str) -> bool:
    """Punctuation or symbol of East Asian Width A (rule 3): “ ” … — ·"""
    return unicodedata.east_asian_width(char) == "A" and unicodedata.category(char)[0] in "PS"


def _full_width_punctuation(char: str) -> bool:
    """Punctuation of East Asian Width F or W (our addition): ，。「」（）"""
    return unicodedata.east_asian_width(char) in "FW" and unicodedata.category(char)[0] == "P"


def _letter_like(char: str) -> bool:
    """A visible character that is not Hangul: not a space, not a control
    (Python-Markdown's placeholders are wrapped in control characters)."""
    return not char.isspace() and unicodedata.category(char)[0] not in "CZ" and not _is_hangul(char)


def removes_break(before: str, after: str) -> bool:
    """Whether a line break between the characters `before` and `after`
    disappears (True) or becomes a space (False). Each is one character, the
    nearest one that is not a space, tab or line break."""
    if ZERO_WIDTH_SPACE in (before, after):
        return True
    if _wide(before) and _wide(after):
        return True
    if (_ambiguous_punctuation(before) and _wide(after)) or (_wide(before) and _ambiguous_punctuation(after)):
        return True
    return (_full_width_punctuation(before) and _letter_like(after)) or (
        _letter_like(before) and _full_width_punctuation(after)
    )


# One line break with the spaces and tabs around it; two or more line breaks
# (a blank line) separate paragraphs and are left alone.
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")


def join_cjk_lines(text: str) -> str:
    """`text` with every line break that the rule removes taken out (with the
    spaces and tabs around it); other line breaks are left as they are.

    For text shown as flowing text (in HTML, where a line break is a space
    anyway): hotline descriptions, station notes, an activity's note... Not
    for Markdown (cjk_markdown.py does that inside paragraphs, away from code
    and list markers) and not for text whose lines mean lines (an address
    block shown with its line breaks).
    """
    if "\n" not in text and "\r" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        if start == 0 or end == len(text):
            return match.group()
        if text[end] in "\r\n" or text[start - 1] in "\r\n":
            return match.group()  # part of a blank line
        return "" if removes_break(text[start - 1], text[end]) else match.group()

    return _LINE_BREAK.sub(replace, text)


# -- YAML -------------------------------------------------------------------------

# Plain (None in PyYAML, "" with libyaml), folded and quoted scalars: YAML
# folds their line breaks into spaces.
_FOLDED_STYLES = (None, "", ">", '"', "'")
_STR_TAG = "tag:yaml.org,2002:str"


def refold_cjk_scalars(node: yaml.Node | None, source: str) -> None:
    """Take out the spaces YAML made of line breaks where the rule removes the
    break, in every multi-line plain, folded (`>`) or quoted string scalar of
    the composed document `node` (changed in place, before construction).

    `source` is the text the node was composed from. YAML keeps no trace of
    where it folded a break, so each scalar's value is matched against its
    source lines: `value` must be exactly those lines (without indentation)
    joined by one space (a folded break) or by line breaks (blank lines). A
    scalar that does not match that way (escapes in double quotes, more
    indented lines in a `>` block) is left exactly as YAML read it. Literal
    `|` blocks keep their line breaks (see join_cjk_lines).
    """
    if node is None:
        return
    candidates = _multiline_strings(node)
    if not candidates:
        return
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for scalar in candidates:
        if scalar.style in _FOLDED_STYLES:
            refolded = _refold(scalar, lines)
            if refolded is not None:
                scalar.value = refolded


def _multiline_strings(node: yaml.Node) -> list[yaml.ScalarNode]:
    """The string scalars (mapping values and list items) that span lines.
    Fast: a province's stations file has hundreds of thousands of nodes. An
    alias may list a node twice: refolding is idempotent."""
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        kind = current.__class__
        if kind is yaml.ScalarNode:
            if current.start_mark.line != current.end_mark.line and current.tag == _STR_TAG:
                found.append(current)
        elif kind is yaml.MappingNode:
            stack.extend(value for _, value in current.value)
        elif kind is yaml.SequenceNode:
            stack.extend(current.value)
    return found


def _source_lines(scalar: yaml.ScalarNode, lines: list[str]) -> list[str] | None:
    start, end = scalar.start_mark, scalar.end_mark
    if end.line >= len(lines) + (1 if end.column == 0 else 0):
        return None
    if scalar.style == ">":
        # From the line after the `>` header to the line before the end mark
        # (which is at the start of the line after the block).
        last = end.line if end.column > 0 else end.line - 1
        return [line.strip(" \t") for line in lines[start.line + 1 : last + 1]]
    part = lines[start.line : end.line + 1]
    if len(part) < 2:
        return None
    part[-1] = part[-1][: end.column]
    part[0] = part[0][start.column :]
    if scalar.style in ('"', "'"):
        if not (part[0].startswith(scalar.style) and part[-1].endswith(scalar.style)):
            return None
        part[0], part[-1] = part[0][1:], part[-1][:-1]
    return [line.strip(" \t") for line in part]


def _refold(scalar: yaml.ScalarNode, lines: list[str]) -> str | None:
    contents = _source_lines(scalar, lines)
    if contents is None:
        return None
    # Empty lines before the first and after the last line of text (a quoted
    # scalar whose quote ends a line, trailing blank lines of a block).
    while contents and not contents[0]:
        contents.pop(0)
    while contents and not contents[-1]:
        contents.pop()
    value: str = scalar.value
    out: list[str] = []
    position = 0
    previous: int | None = None  # index of the last line of text
    for index, content in enumerate(contents):
        if not content:
            continue
        if previous is not None:
            blank_lines = index - previous - 1
            if blank_lines == 0:
                # One line break, folded into one space: the rule decides.
                if not value.startswith(" ", position):
                    return None
                position += 1
                if not removes_break(contents[previous][-1], content[0]):
                    out.append(" ")
            else:
                # n blank lines were folded into n line breaks: kept.
                if not value.startswith("\n" * blank_lines, position):
                    return None
                out.append("\n" * blank_lines)
                position += blank_lines
        if not value.startswith(content, position):
            return None
        out.append(content)
        position += len(content)
        previous = index
    rest = value[position:]
    if previous is None or rest.strip("\n"):
        return None  # not made the way we think: leave it as YAML read it
    return "".join(out) + rest


def refolded_strings(source: str, loader: type = yaml.SafeLoader) -> dict[tuple[str | int, ...], tuple[str, str]]:
    """{path: (value as YAML reads it, value refolded)} for every string in
    the YAML document `source` that refold_cjk_scalars changes; for text read
    by someone else's loader (MkDocs reads mkdocs.yml). Only composes the
    document, so custom tags (`!ENV`, `!!python/name:`) do not matter."""
    node = yaml.compose(source, Loader=loader)
    if node is None:
        return {}
    before = {path: scalar.value for path, scalar in _scalars_by_path(node, ())}
    refold_cjk_scalars(node, source)
    return {
        path: (before[path], scalar.value)
        for path, scalar in _scalars_by_path(node, ())
        if scalar.value != before[path]
    }


def _scalars_by_path(node: yaml.Node, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], yaml.ScalarNode]]:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG:
            yield path, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _scalars_by_path(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalars_by_path(item, (*path, index))


# A page's front matter, as MkDocs finds it (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def refold_values(values: Any, source: str, keys: tuple[str, ...] | None) -> None:
    """Replace in `values` (read from the YAML `source` by MkDocs: mkdocs.yml's
    settings, a page's front matter) each string that `refolded_strings`
    refolds, under the top-level `keys` (all when None). Only a value still
    as YAML read it is replaced (not one from INHERIT or !ENV)."""
    try:
        changes = refolded_strings(source)
    except yaml.YAMLError:
        return  # MkDocs has read it already and said what is wrong with it
    for path, (folded, refolded) in changes.items():
        if keys is not None and path[0] not in keys:
            continue
        container = values
        try:
            for key in path[:-1]:
                container = container[key]
            if container[path[-1]] == folded:
                container[path[-1]] = refolded
        except (KeyError, IndexError, TypeError):
            continue


def refold_front_matter(meta: Any, source: str) -> None:
    """A written page's front matter values (`meta`, as MkDocs read it from
    the page's `source`) that go on over several lines, refolded."""
    match = FRONT_MATTER.match(source)
    if match and "\n " in match.group(1):  # some value goes on over several lines
        refold_values(meta, match.group(1), None)
