"""The front matter of every Markdown page, read as the editor wrote it.

MkDocs and Material read front matter with PyYAML's YAML 1.1 rules, and
MkDocs silently ignores front matter it cannot parse (the page is then shown
with its front matter as text). Here every page's front matter is read with
the data files' loader (data_files.parse_yaml): a syntax error or a key
written twice is a message with the file and line, and the text values are
the text typed (`title: 1.10` stays "1.10", `author: no` stays "no").

Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from mhsite.common.data_files import DataError, DataFileError, YamlDocument, parse_yaml

# As MkDocs' own (mkdocs.utils.meta.YAML_RE), which decides what is front matter.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
# The line of the file the front matter's first line is (after `---`).
FIRST_LINE = 2


@dataclass(frozen=True)
class FrontMatter:
    """A page's front matter; `doc.lines` are lines of the page's file."""

    doc: YamlDocument

    @property
    def data(self) -> Mapping[str, Any]:
        return self.doc.data if isinstance(self.doc.data, Mapping) else {}


def read_front_matter(source: str, shown: str) -> tuple[FrontMatter | None, list[DataError]]:
    """The front matter of a page's source (None when it has none), and the
    mistakes that make it unusable. `shown` names the file in messages."""
    match = FRONT_MATTER.match(source)
    if not match:
        return None, []
    try:
        # The front matter starts on line 2 of the file: every line number,
        # in doc.lines and in the messages, is the file's.
        doc = parse_yaml(match.group(1), shown, first_line=FIRST_LINE)
    except DataFileError as exc:
        return None, list(exc.errors)
    if doc.data is not None and not isinstance(doc.data, Mapping):
        return None, [DataError(shown, 2, "", "两行 --- 之间应写 “字段: 值”，如 title: 标题。")]
    return FrontMatter(doc), []


def as_written(front_matter: FrontMatter, parsed: Mapping[str, Any]) -> dict[str, str]:
    """The top-level text values whose YAML 1.1 reading (`parsed`, what MkDocs
    put in page.meta) differs from what was typed: key → the typed text.
    Dates stay as MkDocs read them: they are meant as dates (the blog's
    `date:`), and a date that does not exist is reported by the page's model."""
    return {
        key: value
        for key, value in front_matter.data.items()
        if isinstance(key, str)
        and isinstance(value, str)
        and key in parsed
        and parsed[key] != value
        and not isinstance(parsed[key], (date, datetime))
    }
