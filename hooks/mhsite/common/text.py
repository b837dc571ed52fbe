"""One rule for editors' text: what a field may contain, and how it reaches a page.

Every text field of the data files and of front matter is one of:

- an **identifier** (`id`, vocabulary codes): lowercase ASCII letters, digits
  and hyphens; it becomes part of addresses;
- a **name** (`name`, `title`, `label`, `area`…): one line of plain text;
- a **text** (`notes`, `description` of a hotline…): plain text that may run
  over several lines;
- **Markdown** (an activity's `description`, an FAQ `answer`): Markdown
  without HTML, sanitised after rendering.

Plain text is shown as the editor wrote it: never as Markdown, never as HTML,
never with attributes (`{ onfocus=… }` is text). Markdown gets links, lists
and emphasis; its links may go to http(s), tel and mailto addresses and to
pages of the site, its images only to files of the site, and nothing it
produces can carry a script, a style or an event handler.

What every kind refuses, with a message that names the place: characters no
one can see (zero-width spaces, byte-order marks, direction controls; pasted
text often carries them), control characters, space around a name, an empty
value, and more than the field's maximum length (documented in the JSON
Schemas). Names that become part of an address (`area`) must not be `.` or
`..` nor contain `/`, `\\`, `?`, `#` or `%`.

Nothing here imports MkDocs. Sources: Unicode's General_Category (Cc, Cf, Co,
Cs, Cn, Zl, Zp) for the characters refused; the HTML sanitiser is ammonia
(`nh3`), with an allow-list.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from html.parser import HTMLParser
from typing import Annotated, Any

import markdown
import nh3
from markupsafe import Markup
from pydantic import AfterValidator, WithJsonSchema

from mhsite.common.cjk import join_cjk_lines

# Invisible characters an editor could not see in the file or on the page,
# by name (the most common first: what copying from WeChat or Word brings).
_INVISIBLE_NAMES = {
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u2060": "零宽不换行空格",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u00ad": "软连字符",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u3164": "韩文填充符",
    "\u2800": "盲文空白",
    "\u115f": "韩文填充符",
    "\u1160": "韩文填充符",
    "\uffa0": "半角韩文填充符",
}
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
# Spaces that look like nothing at the ends of a name.
_SPACE = re.compile(r"\s")

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
# What may not appear in a name that becomes part of an address.
_NOT_IN_ADDRESS = "/\\?#%"


def _position(index: int) -> str:
    return f"第 {index + 1} 个字符"


def _character_name(char: str) -> str:
    name = _INVISIBLE_NAMES.get(char)
    if name is None:
        if char == "\t":
            name = "制表符（Tab）"
        elif unicodedata.category(char) == "Cc":
            name = "控制字符"
        elif unicodedata.category(char) in ("Zl", "Zp"):
            name = "换行符"
        else:
            name = "看不见的字符"
    return f"{name}（U+{ord(char):04X}）"


def invisible_problem(value: str, *, newlines: bool) -> str | None:
    """Why `value` may not be used because of a character no one can see, or None."""
    for index, char in enumerate(value):
        if char == "\n" and newlines:
            continue
        if char in _INVISIBLE_NAMES or unicodedata.category(char) in _REFUSED_CATEGORIES:
            if char == "\n":
                return f"{_position(index)}是换行；这里只能写一行。"
            return f"{_position(index)}是看不见的{_character_name(char)}；请删掉它（复制粘贴时常会带进来）。"
    return None


def _too_long(value: str, max_length: int) -> str | None:
    if len(value) > max_length:
        return f"太长：共 {len(value):,} 个字，这里最多 {max_length} 个字。"
    return None


# Characters HTML reads as markup. Refused in the few names that Material's
# templates print as they are (tags, blog categories, the site's name):
# escaping them there is not ours to do.
MARKUP = "<>&\"'"


def markup_problem(value: str) -> str | None:
    """Why `value` cannot be printed unescaped, or None."""
    bad = next((c for c in value if c in MARKUP), None)
    if bad is None:
        return None
    return f"不能含有 “{bad}”：网站的主题会把这段文字原样放进网页，< > & \" ' 这几个符号会被当成网页代码。请换成中文标点或删掉它。"


def check_name(value: str, *, max_length: int, in_address: bool = False, unescaped: bool = False) -> str:
    """One line of plain text. Raises ValueError with the Chinese message.
    `unescaped`: the theme prints it as it is (see MARKUP)."""
    problem = invisible_problem(value, newlines=False)
    if problem:
        raise ValueError(problem)
    if not value.strip():
        raise ValueError("不能为空（只有空格也算空）。")
    if value != value.strip():
        where = "开头" if _SPACE.match(value) else "末尾"
        raise ValueError(f"{where}有空格；请删掉名称前后的空格。")
    problem = _too_long(value, max_length)
    if problem:
        raise ValueError(problem)
    if in_address:
        bad = next((c for c in value if c in _NOT_IN_ADDRESS), None)
        if value in (".", "..") or unicodedata.normalize("NFKC", value).strip(".") == "":
            raise ValueError(f"“{value}” 不能作名称：它会成为网址的一部分。请写地区的中文名称，如 东湖街道。")
        if bad is not None:
            raise ValueError(f"不能含有 “{bad}”：这个名称会成为网址的一部分。请去掉它。")
    if unescaped:
        problem = markup_problem(value)
        if problem:
            raise ValueError(problem)
    return value


def check_text(value: str, *, max_length: int) -> str:
    """Plain text that may run over several lines. A line break between
    Chinese characters (a `|` block) is no space on the page (common/cjk.py)."""
    return join_cjk_lines(check_markdown(value, max_length=max_length))


def check_markdown(value: str, *, max_length: int) -> str:
    """Markdown text: the text rules, its line breaks kept (they are Markdown:
    "。\n1." starts a list; the Markdown extension joins the others)."""
    problem = invisible_problem(value, newlines=True)
    if problem:
        raise ValueError(problem)
    problem = _too_long(value, max_length)
    if problem:
        raise ValueError(problem)
    return value.strip()


def check_identifier(value: str) -> str:
    problem = invisible_problem(value, newlines=False)
    if problem:
        raise ValueError(problem)
    if not _ID.match(value):
        raise ValueError(
            f"“{value}” 不能作 id：只能用小写英文字母、数字和连字符（-），不能以连字符开头或结尾，如 donghu-station。"
        )
    if len(value) > 64:
        raise ValueError(f"太长：共 {len(value)} 个字符，id 最多 64 个字符。")
    return value


def _schema(kind: str, max_length: int | None, **extra: Any) -> WithJsonSchema:
    schema: dict[str, Any] = {"type": "string", "description": kind} | extra
    if max_length is not None:
        schema["maxLength"] = max_length
    if kind != "Markdown":
        schema["not"] = {"pattern": "[\u200b-\u200f\u2060\ufeff\u00ad]"}
    return WithJsonSchema(schema)


def Name(max_length: int, *, in_address: bool = False, unescaped: bool = False, min_length: int = 1) -> Any:  # noqa: N802 - a type
    """A one-line plain-text field (pydantic type)."""
    kind = "纯文字，一行"
    if in_address:
        kind += "；会成为网址的一部分，不能含 / \\ ? # %"
    if unescaped:
        kind += "；不能含 < > & \" '"
    return Annotated[
        str,
        AfterValidator(partial(check_name, max_length=max_length, in_address=in_address, unescaped=unescaped)),
        _schema(kind, max_length, minLength=min_length),
    ]


def Text(max_length: int) -> Any:  # noqa: N802 - a type
    """A plain-text field that may run over several lines (pydantic type)."""
    return Annotated[str, AfterValidator(partial(check_text, max_length=max_length)), _schema("纯文字", max_length)]


def MarkdownText(max_length: int) -> Any:  # noqa: N802 - a type
    """A Markdown field without HTML (pydantic type); see `markdown_region`."""
    return Annotated[
        str,
        AfterValidator(partial(check_markdown, max_length=max_length)),
        _schema("Markdown：可写链接、列表、加粗；不能写 HTML", max_length),
    ]


Identifier = Annotated[
    str,
    AfterValidator(check_identifier),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": 64, "description": "小写英文字母、数字和连字符"}),
]


def name_key(value: str) -> str:
    """What two names must differ in to be two names: NFKC-folded, so that
    "ＡＢ社区" and "AB社区" are one area."""
    return unicodedata.normalize("NFKC", value).casefold()


# -- How text reaches a page ------------------------------------------------------

# Characters that Markdown, or one of the extensions in mkdocs.yml (attr_list
# `{…}`, abbr `*[`, footnotes `[^`, tables `|`, emoji `:name:`, def_list,
# admonition `!!!`, pymdownx.details `???`), would read as syntax anywhere in
# a line, plus what HTML would (& < > " '); and, at the start of a line only,
# the markers of list items ("-", "1.", "1)"). They become character
# references, which Markdown passes through as text and the browser shows as
# the character.
_MARKDOWN_SYNTAX = re.compile(r"(?m)^[ \t]*(?:-|\d+[.)])|[&<>\"'\\`*_{}\[\]()#+!|:~^=$?]")


def _reference(match: re.Match[str]) -> str:
    token = match.group(0)
    return token[:-1] + f"&#{ord(token[-1])};"


def markdown_escape(value: Any) -> Markup:
    """`value` as text inside Markdown (or HTML): nothing in it is read as
    Markdown syntax or HTML. Markup passes through unchanged (it is ours)."""
    if isinstance(value, Markup):
        return value
    return Markup(_MARKDOWN_SYNTAX.sub(_reference, str(value)))


# Markdown fields are rendered by MkDocs with the page (so that their links
# to other pages are checked and rewritten), between these markers, and
# sanitised afterwards (`sanitize_regions`). The field's source has every "<"
# escaped first, so no marker and no HTML can come from it.
REGION_START = "<!-- mh-editor-markdown -->"
REGION_END = "<!-- /mh-editor-markdown -->"
_REGION = re.compile(re.escape(REGION_START) + r"(.*?)" + re.escape(REGION_END), re.S)


def markdown_region(source: str) -> Markup:
    """A Markdown field as a block of a generated page's Markdown source."""
    body = source.replace("&", "&amp;").replace("<", "&lt;")
    # An entity the editor typed (&nbsp;, &#x2F;) stays text: "&amp;nbsp;".
    return Markup(f"\n\n{REGION_START}\n\n{body}\n\n{REGION_END}\n\n")


_ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img", "hr",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "del", "sub", "sup", "abbr",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "tel", "mailto"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Images only from the site itself: a relative address, no scheme, no
    # host. A tracking pixel or an off-site picture would tell another host
    # who reads the page.
    if tag == "img" and attribute == "src":
        if value.startswith("//") or _SCHEME.match(value) or value.startswith("\\"):
            return None
    return value


def sanitize_html(html: str) -> str:
    """Editors' Markdown, rendered: only the allow-listed tags and attributes."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def sanitize_regions(html: str) -> str:
    """Sanitise every editors' Markdown region of a rendered page."""
    if REGION_START not in html:
        return html
    return _REGION.sub(lambda m: sanitize_html(m.group(1)), html)


# Elements that end a line of the plain text of a Markdown field.
_TEXT_BLOCKS = frozenset({"p", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "dt", "dd", "hr"})


class _TextOf(HTMLParser):
    """The text of rendered Markdown, a line per paragraph, item or row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _TEXT_BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _TEXT_BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # A soft line break inside a paragraph: no space between Chinese
        # characters, one elsewhere (common/cjk.py).
        self.parts.append(" ".join(join_cjk_lines(data).split("\n")))


def markdown_text(source: str) -> str:
    """A Markdown field (an activity's description, an FAQ answer) as plain
    text, for what is not HTML: calendars (.ics), structured data. Rendered
    as the page renders it, with the editor's "<" as text (markdown_region),
    then only its text: a link as its words, an image as nothing, emphasis
    without its marks; a line per paragraph, list item or table row."""
    html = markdown.markdown(source.replace("&", "&amp;").replace("<", "&lt;"))
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)

