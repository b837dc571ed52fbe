"""The operator's settings in mkdocs.yml (README, "For the operator"), held
to the editors' text rules.

The operator is centre staff too, and Material prints `site_name`,
`site_author`, `site_description` and `copyright` into every page's head as
HTML, unescaped, and our hooks put the site's name into calendar files:
these are one line of plain text (site_description: a few lines) without
the characters HTML gives a meaning to (< > & " '). The footer's
`extra.operator` lines and the 备案 numbers are escaped by our own template
(overrides/partials/copyright.html) and only need the text rules. The
blog's categories are names printed unescaped by Material like tags.

Each mistake is one message naming mkdocs.yml, the line and the setting.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mhsite.common.data_files import DataError
from mhsite.common.text import check_name, check_text, markup_problem

# setting → (kind, maximum length, printed unescaped by the theme?)
SETTINGS: dict[str, tuple[str, int, bool]] = {
    "site_name": ("name", 40, True),
    "site_author": ("name", 60, True),
    "site_description": ("text", 300, True),
    "copyright": ("name", 100, True),
    "extra.operator.name": ("name", 60, False),
    "extra.operator.contact": ("text", 200, False),
    "extra.icp": ("name", 40, False),
    "extra.police_beian": ("name", 40, False),
    "extra.police_beian_code": ("name", 40, False),
}
CATEGORY_MAX = 20


def _get(config: Mapping[str, Any], dotted: str) -> Any:
    value: Any = config
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def line_of(text: str, dotted: str) -> int | None:
    """The line of a setting in mkdocs.yml's text: each part of the dotted
    name is looked for below the previous one, more indented."""
    lines = text.splitlines()
    start, indent = 0, -1
    found = None
    for part in dotted.split("."):
        pattern = re.compile(rf"^(\s*){re.escape(part)}\s*:")
        for number in range(start, len(lines)):
            match = pattern.match(lines[number])
            if match and len(match[1]) > indent:
                found, start, indent = number, number + 1, len(match[1])
                break
            if lines[number].strip() and not lines[number].lstrip().startswith("#") and len(lines[number]) - len(lines[number].lstrip()) <= indent:
                return None
        else:
            return None
    return found + 1 if found is not None else None


def check_settings(config: Mapping[str, Any], text: str, shown: str = "mkdocs.yml", categories: list[Any] | None = None) -> list[DataError]:
    """Every mistake in the operator's settings. `config`: the settings as
    read (MkDocs' config, or the parsed file); `text`: mkdocs.yml as written,
    for line numbers; `categories`: the blog's categories_allowed."""
    errors = []
    for setting, (kind, max_length, unescaped) in SETTINGS.items():
        value = _get(config, setting)
        if value is None or value == "":
            continue
        problem = None
        if not isinstance(value, str):
            problem = "应为文字。"
        else:
            try:
                if kind == "name":
                    check_name(value, max_length=max_length)
                else:
                    check_text(value, max_length=max_length)
            except ValueError as exc:
                problem = str(exc)
            if problem is None and unescaped:
                problem = markup_problem(value)
        if problem:
            errors.append(DataError(shown, line_of(text, setting), setting, problem))
    for index, category in enumerate(categories or []):
        problem = None
        if not isinstance(category, str):
            problem = "分类名应为文字。"
        else:
            try:
                check_name(category, max_length=CATEGORY_MAX)
            except ValueError as exc:
                problem = str(exc)
            problem = problem or markup_problem(category)
        if problem:
            line = _category_line(text, category)
            errors.append(DataError(shown, line, f"plugins.blog.categories_allowed[{index}]", problem))
    return errors


def _category_line(text: str, category: Any) -> int | None:
    start = line_of(text, "plugins") or 1
    for number, line in enumerate(text.splitlines()[start - 1 :], start=start):
        if line.strip().startswith("- ") and str(category) in line:
            return number
    return None
