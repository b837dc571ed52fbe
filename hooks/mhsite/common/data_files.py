"""Loading editors' YAML data files with line numbers, and turning every
mistake in them into one message an editor can act on.

A message names the file, the line, the entry (its index and id) and the
field, says what is wrong and what to write instead:

    docs/_data/hotlines.yml:12: hotlines[2] (national-12356).number: "1235" 不是有效的电话号码……

Nothing here imports MkDocs: the hooks turn `DataError`s into log warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

import pydantic
import re
import yaml
from pydantic_core import PydanticCustomError

from mhsite.common.text import check_identifier, check_name
from mhsite.common.cjk import refold_cjk_scalars

Loc = tuple[str | int, ...]


# A value quoted in a message is shown up to this many characters: a 100 KB
# text pasted into a date must not come back as a 100 KB message.
QUOTE_LIMIT = 40
_QUOTED = re.compile(r"“([^”]*)”|\"([^\"\n]*)\"|'([^'\n]*)'")


def clip_quoted(text: str) -> str:
    """`text` with every quoted value longer than QUOTE_LIMIT shortened to its
    beginning and its length: “长长长…（共 100,000 个字）”."""

    def clip(match: re.Match[str]) -> str:
        inner = next(group for group in match.groups() if group is not None)
        if len(inner) <= QUOTE_LIMIT:
            return match.group(0)
        return match.group(0)[0] + f"{inner[:QUOTE_LIMIT]}…（共 {len(inner):,} 个字）" + match.group(0)[-1]

    if len(text) <= QUOTE_LIMIT:
        return text
    return _QUOTED.sub(clip, text)


def _one_line(text: str) -> str:
    return re.sub(r"\r\n|[\r\n\u2028\u2029]", "⏎", text)


@dataclass(frozen=True)
class DataError:
    """One mistake in a data file. Values quoted in `message` are clipped
    (`clip_quoted`): every message reaches editors through here."""

    file: str
    line: int | None
    where: str  # e.g. "hotlines[2] (national-12356).number"
    message: str

    def __post_init__(self) -> None:
        # One line per mistake, whatever the quoted value holds.
        object.__setattr__(self, "message", _one_line(clip_quoted(self.message)))
        where = _one_line(self.where)
        if len(where) > 3 * QUOTE_LIMIT:  # a key 100 KB long
            where = f"{where[: 2 * QUOTE_LIMIT]}…（共 {len(where):,} 个字）"
        object.__setattr__(self, "where", where)

    def __str__(self) -> str:
        if not self.file:
            return self.message  # a notice about no place in a file (a year's holidays not announced)
        position = f"{self.file}:{self.line}" if self.line else self.file
        return f"{position}: {self.where}: {self.message}" if self.where else f"{position}: {self.message}"


class DataFileError(Exception):
    """A data file that cannot be used at all (missing, unreadable, not YAML,
    ambiguous): one or more mistakes, each on its own line of str()."""

    def __init__(self, error: DataError, *more: DataError):
        self.errors = (error, *more)
        super().__init__("\n".join(str(e) for e in self.errors))
        self.error = error


T = TypeVar("T")


class Loaded(NamedTuple, Generic[T]):
    """What every data-file loader returns (`load_x(path, shown, context…)`,
    `shown`: the file as editors see it, for messages):

    - `value`: what the file holds, its valid part (a mistake in one entry
      never hides the others);
    - `errors`: the mistakes, each one message with file, line, entry and
      field (logged as warnings: a strict build fails on them);
    - `notices`: reminders that are nobody's mistake today (a line not
      verified for a while, a year's holidays not yet announced), logged as
      INFO: the calendar moving on never stops an urgent fix.

    A file that cannot be used at all (missing, not YAML) raises
    DataFileError instead."""

    value: T
    errors: list[DataError]
    notices: list[DataError]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file and the line of every mapping key and list item."""

    file: str
    data: Any
    lines: Mapping[Loc, int]

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


def load_yaml(path: Path, shown: str | None = None) -> YamlDocument:
    """Parse `path`, recording line numbers (1-based) by data path.

    A syntax error becomes a `DataFileError` with the line YAML reports and a
    hint about the usual causes, never a traceback.
    """
    name = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(DataError(name, None, "", "文件不存在。请从项目自带的示例文件复制一份再修改。")) from None
    except UnicodeDecodeError:
        raise DataFileError(DataError(name, None, "", "文件不是 UTF-8 编码。请在编辑器中以 UTF-8 编码另存。")) from None
    return parse_yaml(text, name)


# libyaml's parser when PyYAML was built with it (about ten times faster on a
# province's stations file), else the pure-Python one; both give line marks.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# The plain scalars that get a type, spelled exactly so: the bool and null
# spellings of YAML 1.2's core schema, and `<<`, which merges a mapping in.
_TYPED_PLAIN_SCALARS = (
    dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), "tag:yaml.org,2002:bool")
    | dict.fromkeys(("~", "null", "Null", "NULL", ""), "tag:yaml.org,2002:null")
    | {"<<": "tag:yaml.org,2002:merge"}
)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps every plain scalar as the text the editor wrote.

    PyYAML follows YAML 1.1, which re-types plain scalars behind the editor's
    back: 057362345671 becomes the octal number 6371789753, 1:30 the
    sexagesimal 90, 1.10 the float 1.1, yes/no/on/off booleans, 2026-02-30 a
    Python error without a line number. Here only `null`/`~`/nothing (None)
    and `true`/`false` (YAML 1.2's core schema spellings) are typed; every
    other plain scalar stays text, and the data models turn text into the
    number, date or yes/no a field expects, so every message can quote
    exactly what was typed.
    """

    # None of YAML 1.1's implicit types, whatever reads the table (resolve
    # below no longer does).
    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # The whole text looked up, not PyYAML's regular expressions by first
        # character: libyaml asks for every scalar of the file (770,000 in a
        # province's stations file), 0.12 µs each instead of 0.29. And the
        # same for a scalar tagged only `!` (implicit[0] true): PyYAML's own
        # resolver raised KeyError for `! |` text ending in a line break.
        if kind is yaml.ScalarNode:
            return (implicit[0] and _TYPED_PLAIN_SCALARS.get(value)) or self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def parse_yaml(text: str, name: str, first_line: int = 1) -> YamlDocument:
    """Parse YAML text; `name` is the file as editors see it, for messages;
    `first_line`: the line of the file `text` starts on (2 for a page's
    front matter, after its opening `---`), so that every line number, in
    `lines` and in the messages (a key's first line too), is the file's.

    Raises `DataFileError` for a syntax error (in Chinese, with the line of
    its cause: `yaml_problem`) and for duplicate keys (each with its line
    and the line of the first: YAML keeps only one of them, silently).
    """
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here
    except yaml.YAMLError as exc:
        line, message = yaml_problem(exc, text)
        raise DataFileError(DataError(name, line + first_line - 1 if line else None, "", message)) from None
    try:
        node = loader.get_single_node()
        duplicates = _duplicate_keys(node, name, first_line) if node is not None else []
        if duplicates:
            raise DataFileError(*duplicates)
        # A line break YAML folded into a space between Chinese characters
        # (`>` blocks, plain multi-line text) is no space (common/cjk.py).
        refold_cjk_scalars(node, text)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        line, message = yaml_problem(exc, text)
        raise DataFileError(DataError(name, line + first_line - 1 if line else None, "", message)) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _record_lines(node, (), lines, first_line - 1)
    return YamlDocument(name, data, lines)


# -- YAML's syntax errors, in Chinese ---------------------------------------------
#
# PyYAML (and libyaml under it) report a syntax error in English, as a
# "problem" found at one mark and often a "context" that began at another:
# an unclosed `[` is found on the line after it ("did not find expected ','
# or ']'"), while parsing the flow sequence that began at the `[`. Editors
# get one Chinese sentence for each kind of problem, naming the line of its
# cause: the context's line where the cause is where something was opened
# and never closed, else the problem's. Both parsers' wordings are matched
# (libyaml's and the pure-Python one's differ).

_USUAL_CAUSES = "常见原因：缩进不一致（请用空格，不要用 Tab）、冒号后缺少空格、引号或括号没有成对。"

_MISALIGNED = (
    "这一行和上面对不齐，或者加了引号、括号的值后面又接了文字：同一层的字段要从同一列开始（用空格缩进）；"
    "值里有引号时，请把整个值放进一对引号里。"
)
_TAB = "这一行用了 Tab；YAML 只认空格，请把 Tab 换成空格（缩进和冒号后面都是）。"

# (words in the context, words in the problem, at the context's line, message)
# in order: the first that matches. "" matches anything. `{char}`: the
# character at the problem's mark.
_YAML_PROBLEMS: tuple[tuple[str, str, bool, str], ...] = (
    ("flow sequence", "", True,
     "这一行的方括号 [ 没有配对的 ]：写在一行里的列表要写完整，如 [睡眠, 情绪]；"
     "列表里某一项含有逗号、冒号或括号时，请给这一项加引号。"),
    ("flow mapping", "", True,
     "这一行的花括号 { 没有配对的 }：写在一行里的映射要写完整，如 {mon-fri: \"08:30-17:00\"}；"
     "其中的值含有逗号或冒号时，请给它加引号。"),
    ("quoted scalar", "escape", False,
     "双引号里的反斜杠 \\ 后面是 YAML 不认识的写法；要写反斜杠本身，请写两个（\\\\），或改用单引号。"),
    ("quoted scalar", "", True,
     "这一行的引号没有成对：从这里开始的引号到文件末尾也没有结束；请补上另一半（英文引号 \" 或 '，成对使用）。"),
    ("", "mapping values are not allowed", False,
     "这一行的冒号用得不对：值里含有“冒号加空格”时，请给整个值加引号，如 note: \"时间: 上午\"；"
     "也请检查上一行是否少了冒号（字段名后要写“: ”），或缩进是否和上面对齐。"),
    ("simple key", "", True, "这一行缺少冒号：每个字段要写成“名称: 值”，冒号后面空一格。"),
    ("", "tab character", False, _TAB),
    ("", "cannot start any token", False, "“{char}” 不能写在值的开头；请给这个值加引号，如 \"{char}……\"。"),
    ("", "found undefined alias", False, "以 * 开头的值在 YAML 里有特殊含义；请给这个值加引号，如 \"*注意*\"。"),
    ("", "anchor", False, "以 & 开头的值在 YAML 里有特殊含义；请给这个值加引号。"),
    ("anchor", "", False, "以 & 开头的值在 YAML 里有特殊含义；请给这个值加引号。"),
    ("alias", "", False, "以 * 开头的值在 YAML 里有特殊含义；请给这个值加引号。"),
    ("", "tag", False, "以 ! 开头的值在 YAML 里有特殊含义；请给这个值加引号，如 \"!注意\"。"),
    ("tag", "", False, "以 ! 开头的值在 YAML 里有特殊含义；请给这个值加引号，如 \"!注意\"。"),
    ("single document", "", False,
     "这里多了一行 --- 或 ...：YAML 把它后面的内容当成了另一份文件；请删掉这一行。"),
    ("", "document start", False,
     "这里多了一行 --- 或 ...：YAML 把它后面的内容当成了另一份文件；请删掉这一行。"),
    ("directive", "", False, "以 % 开头的行在 YAML 里有特殊含义；请删掉这一行，或给这个值加引号。"),
    ("block scalar", "", False,
     "| 或 > 的后面只能换行：文字从下一行开始写，每行比字段名多缩进两个空格。"),
    ("", "unhashable key", False, "字段名应是文字，不能是列表或映射；请检查这一行的写法。"),
    ("", "unacceptable key", False, "字段名应是文字，不能是列表或映射；请检查这一行的写法。"),
    ("", "merging", False, "“<<” 后面应是一组字段；它如果是文字，请加引号。"),
    ("", "expected key", False, _MISALIGNED),
    ("", "block end", False, _MISALIGNED),
    ("", "'-' indicator", False, "列表的这一项和上面几项对不齐：每一项的 “- ” 要从同一列开始。"),
)


def yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """(line, message) for one of PyYAML's errors on `text`: the line
    (1-based, of `text`) of the problem's cause and a Chinese message saying
    what to write. Never YAML's English."""
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow (a control character pasted from
        # a word processor): `position` counts characters from the start.
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "一个控制字符"
        return line, f"这一行有 YAML 不允许的字符（{code}，看不见的控制字符，常从 Word 或网页复制进来）；请删掉它再保存。"
    if not isinstance(exc, yaml.MarkedYAMLError):
        return None, f"YAML 格式错误：无法读取这个文件。{_USUAL_CAUSES}"
    context, problem = (exc.context or "").lower(), (exc.problem or "").lower()
    for in_context, in_problem, at_context, message in _YAML_PROBLEMS:
        if in_context in context and in_problem in problem and (in_context or in_problem):
            mark = (exc.context_mark if at_context else exc.problem_mark) or exc.problem_mark or exc.context_mark
            if "{char}" in message:
                char = _char_at(text, mark)
                message = _TAB if char == "\t" else message.replace("{char}", char)
            return (mark.line + 1 if mark else None), f"YAML 格式错误：{message}"
    mark = exc.problem_mark or exc.context_mark
    return (mark.line + 1 if mark else None), f"YAML 格式错误：无法读取这一行。{_USUAL_CAUSES}"


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return "这个符号"
    return lines[mark.line][mark.column]


def _duplicate_keys(node: yaml.Node, name: str, first_line: int = 1) -> list[DataError]:
    """Every key written twice in one mapping, anywhere in the document
    (lines counted from `first_line`, as parse_yaml's)."""
    errors: list[DataError] = []
    stack: list[tuple[yaml.Node, Loc]] = [(node, ())]
    while stack:
        current, loc = stack.pop()
        if isinstance(current, yaml.MappingNode):
            first: dict[str, int] = {}
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    key, line = key_node.value, key_node.start_mark.line + first_line
                    if key in first:
                        errors.append(
                            DataError(
                                name,
                                line,
                                format_loc((*loc, key)),
                                f"“{key}” 写了两次（第一次在第 {first[key]} 行）；YAML 只会保留其中一个，"
                                "请删掉或合并多余的那一行。",
                            )
                        )
                    else:
                        first[key] = line
                stack.append((value_node, (*loc, key_node.value if isinstance(key_node, yaml.ScalarNode) else "?")))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*loc, index)) for index, item in enumerate(current.value))
    return sorted(errors, key=lambda e: e.line or 0)


def _record_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int], offset: int = 0) -> None:
    lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*loc, key_node.value)
            lines[child] = key_node.start_mark.line + 1 + offset
            _record_lines(value_node, child, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            lines[child] = item.start_mark.line + 1 + offset
            _record_lines(item, child, lines, offset)


# -- Validation -----------------------------------------------------------------

# Pydantic's messages are in English and speak of Python types; editors get
# Chinese ones that say what to write.
_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段。",
    "extra_forbidden": "不认识这个字段，可能是拼写错误。",
    "string_type": "应为文字。",
    "bool_type": "应为 true 或 false。",
    "bool_parsing": "应为 true 或 false。",
    "int_type": "应为整数。",
    "int_parsing": "应为整数。",
    "list_type": "应为列表，例如 [a, b]，或每行以 “- ” 开头。",
    "dict_type": "应为“字段: 值”形式的映射。",
    "date_type": "应为日期，格式 2026-11-01。",
    "date_parsing": "应为日期，格式 2026-11-01。",
    "date_from_datetime_parsing": "应为日期，格式 2026-11-01。",
    "string_too_short": "不能为空。",
    "too_short": "至少需要一项。",
    "string_pattern_mismatch": "格式不对。",
    "string_too_long": "太长了。",
    "too_long": "项数太多。",
    "float_type": "应为数字。",
    "float_parsing": "应为数字。",
    "int_from_float": "应为整数。",
    "model_type": "应为“字段: 值”形式的映射。",
    "model_attributes_type": "应为“字段: 值”形式的映射。",
    "tuple_type": "应为列表，例如 [a, b]。",
    "none_required": "这里不用写内容。",
    "is_instance_of": "写法不对。",
    "union_tag_invalid": "写法不对。",
}


# pydantic's range errors, in words: (how it compares, the ctx key of the bound).
_BOUNDS = {
    "greater_than_equal": ("不小于", "ge"),
    "less_than_equal": ("不大于", "le"),
    "greater_than": ("大于", "gt"),
    "less_than": ("小于", "lt"),
}


def describe_error(error: Mapping[str, Any]) -> str:
    """A Chinese message for one pydantic error."""
    kind = error["type"]
    if kind == "value_error":
        # Our own validators raise ValueError with a complete Chinese message.
        cause = error.get("ctx", {}).get("error")
        return str(cause) if cause is not None else error["msg"]
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{_shown(error.get('input'))} 不在可选值中；请写 {expected} 之一。"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{_shown(error.get('input'))} 不在可选值中；请写 {expected} 之一。"
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return f"{_shown(error.get('input'))} 超出范围：应{words} {error.get('ctx', {}).get(key)}。"
    if kind in ("string_too_long", "too_long"):
        limit = error.get("ctx", {}).get("max_length")
        return f"太长：这里最多 {limit} {'个字' if kind == 'string_too_long' else '项'}。"
    if kind == "too_short" and error.get("ctx", {}).get("min_length", 1) > 1:
        return f"至少需要 {error['ctx']['min_length']} 项。"
    message = _MESSAGES.get(kind)
    if message is None:
        # A rule pydantic knows and we have not worded: still Chinese, with
        # what was written; its type names the rule for whoever maintains this.
        return f"{_shown(error.get('input'))} 写法不对（{kind}）；请对照文件开头的说明检查。"
    if kind in ("string_type", "bool_type", "bool_parsing", "int_type", "int_parsing", "date_type", "date_parsing",
                "float_type", "float_parsing", "int_from_float"):
        return f"{_shown(error.get('input'))} {message}"
    return message


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value) if not isinstance(value, (dict, list)) else "这一项"


def format_loc(loc: Sequence[str | int], entry_ids: Mapping[Loc, str] | None = None) -> str:
    """`("hotlines", 2, "number")` → `hotlines[2] (national-12356).number`."""
    out = ""
    prefix: list[str | int] = []
    for part in loc:
        prefix.append(part)
        if isinstance(part, int):
            out += f"[{part}]"
            entry_id = (entry_ids or {}).get(tuple(prefix))
            if entry_id:
                out += f" ({entry_id})"
        else:
            out += f".{part}" if out else str(part)
    return out


M = TypeVar("M", bound=pydantic.BaseModel)


def validate_entries(
    doc: YamlDocument,
    key: str,
    model: type[M],
    context: Mapping[str, Any] | None = None,
    required: bool = True,
) -> tuple[list[M], list[DataError]]:
    """Validate each item of the list `doc.data[key]` on its own.

    One bad entry never hides the others: every entry is checked and every
    mistake reported; the valid entries are returned.
    """
    data = doc.data if isinstance(doc.data, Mapping) else {}
    items = data.get(key)
    if items is None:
        if not required:
            return [], []
        return [], [DataError(doc.file, doc.line_of(()), key, f"缺少 `{key}:` 列表。")]
    if not isinstance(items, list):
        return [], [DataError(doc.file, doc.line_of((key,)), key, "应为列表，每一项以 “- ” 开头。")]
    entries: list[M] = []
    errors: list[DataError] = []
    for index, item in enumerate(items):
        loc: Loc = (key, index)
        entry_id = item.get("id") if isinstance(item, Mapping) else None
        # The id names the entry in every message about it (a wrong one too:
        # it is what the editor sees in the file), within reason.
        shown_id = clip_quoted(f"“{entry_id}”")[1:-1] if entry_id is not None else ""
        ids = {loc: shown_id} if shown_id else {}
        try:
            entries.append(model.model_validate(item, context=dict(context or {})))
        except pydantic.ValidationError as exc:
            errors.extend(errors_from_validation(doc, exc, loc, ids))
    return entries, errors


def validate_document(
    doc: YamlDocument, model: type[M], base: Loc = (), context: Mapping[str, Any] | None = None
) -> tuple[M | None, list[DataError]]:
    """Validate the whole document (or the part at `base`) against `model`."""
    data = doc.data
    for part in base:
        data = data.get(part) if isinstance(data, Mapping) else None
    try:
        return model.model_validate(data if data is not None else {}, context=dict(context or {})), []
    except pydantic.ValidationError as exc:
        return None, errors_from_validation(doc, exc, base, {})


def located_error(field: str, message: str) -> PydanticCustomError:
    """An error for a field below the one being validated.

    Used where several fields are parsed together (e.g. `hours` and
    `holidays`): `field` is a dotted sub-path such as "hours.mon-fri" that is
    added to the error's location, so the message names the right line.
    """
    return PydanticCustomError("located", "{message}", {"field": field, "message": message})


def errors_from_validation(
    doc: YamlDocument, exc: pydantic.ValidationError, base: Loc, ids: Mapping[Loc, str]
) -> list[DataError]:
    out = []
    for error in exc.errors(include_url=False):
        loc = (*base, *error["loc"])
        message = describe_error(error)
        if error["type"] == "located":
            loc = (*loc, *split_field(error["ctx"]["field"]))
            message = error["ctx"]["message"]
        if error["type"] == "extra_forbidden" and error["loc"]:
            message = _unknown_field_message(error["loc"][-1])
        out.append(DataError(doc.file, doc.line_of(loc), format_loc(loc, ids), message))
    return out


_PIECE = re.compile(r"^(.*?)((?:\[\d+\])*)$", re.S)


def split_field(field: str) -> Loc:
    """"special_days[0].monthly" → ("special_days", 0, "monthly"). Only
    "[digits]" at the end of a piece is an index: a key an editor wrote with
    brackets in it ("[x](…)") stays text."""
    parts: list[str | int] = []
    for piece in field.split("."):
        match = _PIECE.match(piece)
        assert match is not None  # the pattern matches any text
        if match[1]:
            parts.append(match[1])
        parts.extend(int(i) for i in re.findall(r"\d+", match[2]))
    return tuple(parts)


def _unknown_field_message(field: str | int) -> str:
    return f"不认识字段 “{field}”，可能是拼写错误；请对照文件开头的说明或编辑指南检查字段名。"


def duplicate_ids(
    doc: YamlDocument, key: str, ids: Iterable[tuple[int, str]]
) -> list[DataError]:
    """One error per entry whose id was already used by an earlier entry."""
    seen: dict[str, int] = {}
    errors = []
    for index, entry_id in ids:
        if entry_id in seen:
            first = seen[entry_id]
            loc: Loc = (key, index, "id")
            errors.append(
                DataError(
                    doc.file,
                    doc.line_of(loc),
                    format_loc(loc, {(key, index): entry_id}),
                    f"id “{entry_id}” 已被第 {doc.line_of((key, first))} 行的 {key}[{first}] 使用；"
                    "id 必须唯一，请换一个。",
                )
            )
        else:
            seen[entry_id] = index
    return errors


class Vocabulary(dict[str, str]):
    """code → name (the audiences, a file's kinds, services, topics), and
    the codes written in the file but refused for a mistake of their own
    (`refused`).

    A refused entry still counts as present for what refers to it: an
    activity for the group `youth`, whose entry in audiences.yml has a
    mistake, gets no second message (不认识的对象 “youth”), which would be
    wrong (it is there) and send the editor to fix what is not broken. The
    one message is the entry's own (fields.in_vocabulary reads `refused`)."""

    def __init__(self, names: Mapping[str, str] | Iterable[tuple[str, str]] = (), refused: Iterable[str] = ()):
        super().__init__(names)
        self.refused = frozenset(str(code) for code in refused) - set(self)

    def knows(self, code: str) -> bool:
        """Written in the file: valid, or refused for its own mistake."""
        return code in self or code in self.refused


def refused_ids(written: Iterable[str], valid: Iterable[str]) -> frozenset[str]:
    """The ids written in a file that are not among its valid entries: the
    entries refused for their own mistakes (each has its message)."""
    return frozenset(written) - set(valid)


def vocabulary(doc: YamlDocument, key: str, errors: list[DataError], example: str) -> Vocabulary:
    """A top-level "code: 中文名称" mapping (kinds, services, topics…); a
    code whose line has a mistake is reported and kept as refused."""
    value = doc.data.get(key) if isinstance(doc.data, Mapping) else None
    if not isinstance(value, Mapping) or not value:
        errors.append(DataError(doc.file, doc.line_of((key,)), key, f"缺少 `{key}:`：每行 “代号: 中文名称”，例如 {example}。"))
        return Vocabulary()
    out = {}
    for code, label in value.items():
        if not isinstance(code, str) or not isinstance(label, str):
            errors.append(DataError(doc.file, doc.line_of((key, code)), f"{key}.{code}", f"应为 “代号: 中文名称”，例如 {example}。"))
            continue
        try:
            check_identifier(code)
            check_name(label, max_length=20)
        except ValueError as exc:
            errors.append(DataError(doc.file, doc.line_of((key, code)), f"{key}.{code}", str(exc)))
            continue
        out[code] = label
    return Vocabulary(out, refused=(str(code) for code in value if code is not None))


def indexed_ids(doc: YamlDocument, key: str) -> list[tuple[int, str]]:
    """(index, id) of every entry of the list `key` that has an id."""
    items = doc.data.get(key) if isinstance(doc.data, Mapping) else None
    if not isinstance(items, list):
        return []
    return [(i, str(item["id"])) for i, item in enumerate(items) if isinstance(item, Mapping) and item.get("id")]


def first_index_by_id(doc: YamlDocument, key: str) -> dict[str, int]:
    """Where each id first appears in the list `key` (for line numbers)."""
    index_of: dict[str, int] = {}
    for index, entry_id in indexed_ids(doc, key):
        index_of.setdefault(entry_id, index)
    return index_of


def unknown_parts(doc: YamlDocument, allowed: tuple[str, ...]) -> list[DataError]:
    """One error per top-level key that is not one of `allowed`."""
    if not isinstance(doc.data, Mapping):
        return []
    return [
        DataError(doc.file, doc.line_of((key,)), str(key), f"不认识的部分；文件只包含 {'、'.join(allowed)}。")
        for key in doc.data
        if key not in allowed
    ]


def report(errors: Iterable[DataError], warn: Callable[[str], None]) -> int:
    """Send each error to `warn` (a logger method) in file/line order."""
    count = 0
    for error in sorted(errors, key=lambda e: (e.file, e.line or 0, e.where)):
        warn(str(error))
        count += 1
    return count
