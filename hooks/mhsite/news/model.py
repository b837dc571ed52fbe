"""News posts (动态, Material's blog plugin): their front matter and the
authors file, checked like every other editors' file.

Material's blog reads posts and `.authors.yml` itself and stops at the first
problem with an English message and no line (or a Python error for a date
that does not exist). Here they are checked first, with the data files'
rules: one Chinese message per mistake, with the file, the line and the field.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from mhsite.common import fields
from mhsite.common.clock import CHINA
from mhsite.common.data_files import (
    DataError,
    DataFileError,
    Loaded,
    YamlDocument,
    errors_from_validation,
    format_loc,
    load_yaml,
    located_error,
    Vocabulary,
    unknown_parts,
    validate_document,
)
from mhsite.common.front_matter import FRONT_MATTER, read_front_matter
from mhsite.common.text import Identifier, Name, Text


_MOMENT = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2})?$")


def post_moment(value: Any) -> date | datetime:
    """A post's date as Material's blog takes it: a date (2026-11-05) or a
    date and time (2026-11-05 08:15 or 08:15:00)."""
    if isinstance(value, (date, datetime)):
        return value
    text = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""
    if _MOMENT.match(text):
        day, _, clock = text.replace("T", " ").partition(" ")
        moment = fields.parse_date(day)
        parts = [int(p) for p in clock.split(":")]
        try:
            return datetime(moment.year, moment.month, moment.day, *parts)
        except ValueError:
            raise ValueError(f"“{value}” 里的时间 {clock} 不存在；请用 24 小时制，如 2026-11-05 08:15。") from None
    return fields.parse_date(value)


PostMoment = Annotated[
    date | datetime,
    BeforeValidator(post_moment),
    WithJsonSchema({"type": "string", "description": "日期 2026-11-05，或日期和时间 2026-11-05 08:15"}),
]


def china_moment(moment: date | datetime) -> datetime:
    """A post's date as an aware datetime: a date is midnight in China, a
    datetime without a zone is China's time (the feeds say the same)."""
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=CHINA) if moment.tzinfo is None else moment.astimezone(CHINA)
    return datetime.combine(moment, time(), CHINA)


def updated_before_created(created: date | datetime, updated: date | datetime | None) -> str | None:
    """The one rule between a post's two dates (PostDates checks it in the
    editor's file, the feed relies on it): `updated` is not before
    `created`. The message, or None."""
    if updated is not None and china_moment(updated) < china_moment(created):
        return f"更新日期 {updated} 早于发布日期 {created}；请写实际更新的日期（不早于 created）。"
    return None


class PostDates(BaseModel):
    model_config = ConfigDict(extra="forbid")

    created: PostMoment
    updated: PostMoment | None = None

    @model_validator(mode="after")
    def _order(self) -> "PostDates":
        problem = updated_before_created(self.created, self.updated)
        if problem:
            raise located_error("updated", problem)
        return self


class PostMeta(BaseModel):
    """The front matter of one post (docs/news/posts/*.md)."""

    # The keys Material's blog and the site understand; anything else is a typo.
    model_config = ConfigDict(extra="forbid")

    date: PostDates
    title: Name(60) | None = None  # type: ignore[valid-type]
    description: Text(200) | None = None  # type: ignore[valid-type]
    # Material's blog and tags plugins print these as they are (text.MARKUP).
    categories: list[Name(20, unescaped=True)] = Field(default_factory=list)  # type: ignore[valid-type]
    authors: list[Identifier] = Field(default_factory=list)
    sample: bool = False
    draft: bool = False
    pin: bool = False
    slug: Identifier | None = None
    readtime: int | None = Field(None, ge=1, le=120)
    tags: list[Name(20, unescaped=True)] = Field(default_factory=list)  # type: ignore[valid-type]
    hide: list[str] = Field(default_factory=list)
    search: dict[str, Any] = Field(default_factory=dict)
    links: list[Any] = Field(default_factory=list)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        # A plain date is the creation date (Material's own shorthand).
        return value if isinstance(value, Mapping) else {"created": value}

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: list[str], info: ValidationInfo) -> list[str]:
        allowed: Sequence[str] = (info.context or {}).get("categories") or ()
        unknown = [c for c in value if allowed and c not in allowed]
        if unknown:
            raise ValueError(f"不认识的分类 {'、'.join(unknown)}；可选：{'、'.join(allowed)}（在 mkdocs.yml 的 categories_allowed 中）。")
        return value

    @field_validator("authors")
    @classmethod
    def _authors(cls, value: list[str], info: ValidationInfo) -> list[str]:
        known = (info.context or {}).get("authors")
        known = {} if known is None else known  # (an empty Vocabulary may still have refused ones)
        refused = getattr(known, "refused", frozenset())  # in the file, with a mistake of its own
        unknown = [a for a in value if a not in known and a not in refused]
        if unknown:
            raise ValueError(f"不认识的作者 {'、'.join(unknown)}；可选：{'、'.join(known) or '（无）'}（在 docs/news/.authors.yml 中）。")
        return value


class Author(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name(40)  # type: ignore[valid-type]
    description: Text(100) = ""  # type: ignore[valid-type]
    # A picture of the site itself: the visitor's browser loads nothing from
    # another host.
    avatar: fields.SitePath
    slug: Identifier | None = None
    # A link to the author's page elsewhere (never javascript: and the like).
    url: fields.WebAddress | None = None


class AuthorsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    authors: dict[Identifier, Author] = Field(min_length=1)


def load_authors(path: Path, shown: str) -> Loaded[dict[str, Author]]:
    """The authors file (`.authors.yml`); a missing file has no authors. A
    file that cannot be read is reported as its errors (the blog plugin
    would stop on it anyway)."""
    if not path.is_file():
        return Loaded({}, [], [])
    try:
        doc = load_yaml(path, shown)
    except DataFileError as exc:
        return Loaded({}, list(exc.errors), [])
    errors = unknown_parts(doc, ("authors",))
    authors, more = validate_document(doc, AuthorsFile)
    if authors is not None:
        return Loaded(dict(authors.authors), errors + more, [])
    # A mistake in one author: the others are still authors, and the one
    # with the mistake is still in the file, so the posts naming it get no
    # second message (不认识的作者); its own is the one.
    written = doc.data.get("authors") if isinstance(doc.data, Mapping) else None
    written = written if isinstance(written, Mapping) else {}
    valid = {}
    for key, entry in written.items():
        try:
            valid[str(key)] = Author.model_validate(entry)
        except ValidationError:
            pass
    return Loaded(Vocabulary(valid, refused=(str(k) for k in written)), errors + more, [])


def check_post(source: str, shown: str, categories: Sequence[str], authors: Mapping[str, Any]) -> list[DataError]:
    """Every mistake in a post's front matter."""
    front_matter, errors = read_front_matter(source, shown)
    if errors:
        return errors
    if front_matter is None:
        return [DataError(shown, 1, "", "动态的开头缺少 front matter（两行 --- 之间的 date、categories、authors 等），见编辑指南“动态”一节。")]
    try:
        PostMeta.model_validate(front_matter.data, context={"categories": categories, "authors": authors})
    except ValidationError as exc:
        return errors_from_validation(front_matter.doc, exc, (), {})
    return as_the_blog_reads(source, front_matter.doc)


def as_the_blog_reads(source: str, doc: YamlDocument) -> list[DataError]:
    """What Material's blog would stop on, in English, in a post our rules
    accept: it reads the front matter again with YAML 1.1, where a quoted
    date is text, not a date, and `readtime: "5"` text, not a number."""
    match = FRONT_MATTER.match(source)
    try:
        data = yaml.load(match.group(1), Loader=yaml.SafeLoader) if match else None
    except yaml.YAMLError:
        return []  # read_front_matter has said what is wrong
    if not isinstance(data, Mapping):
        return []
    errors: list[DataError] = []

    def wrong(loc: tuple[str | int, ...], message: str) -> None:
        errors.append(DataError(doc.file, doc.line_of(loc), format_loc(loc), message))

    written = data.get("date")
    for key, value in written.items() if isinstance(written, Mapping) else [(None, written)]:
        if value is not None and not isinstance(value, (date, datetime)):
            loc = ("date",) if key is None else ("date", key)
            if isinstance(value, str) and _MOMENT.match(value.strip()) and value.count(":") == 1:
                # YAML reads a time as part of a date only with its seconds.
                wrong(loc, f"写了时间时请写到秒，如 {value.strip()}:00：动态栏目只认这种写法。")
            else:
                wrong(loc, "日期不要加引号，直接写 2026-11-05：加了引号，动态栏目会把它当成文字而不是日期。")
    for key, kind, how in (("draft", bool, "true 或 false"), ("pin", bool, "true 或 false"), ("readtime", int, "整数，如 5")):
        value = data.get(key)
        if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            wrong((key,), f"应写成 {how}，不要加引号。")
    if data.get("slug") is not None and not isinstance(data["slug"], str):
        wrong(("slug",), "应为文字（小写英文字母、数字和连字符）。")
    for key in ("authors", "categories"):
        items = data.get(key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, str):
                wrong((key, index), f"“{item}” 请加引号，写成文字：动态栏目只认文字。")
    return errors
