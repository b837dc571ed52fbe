"""The front matter of articles, micro-lessons and parenting guides.

Each kind of page has a pydantic model; `check_page` validates one page's
front matter and turns every mistake into a message with the file, the line
and the field. The shared settings (tags, age groups, review interval) are in
docs/_data/content.yml; the audiences are docs/_data/audiences.yml's. Nothing
here imports MkDocs.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from mhsite.common import fields
from mhsite.common.text import Identifier, Name, Text
from mhsite.common.data_files import DataError, Loaded, errors_from_validation, load_yaml, validate_document
from mhsite.common.front_matter import read_front_matter

Kind = Literal["article", "lesson", "guide", "series"]


class ContentSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    review_every_months: int = Field(24, ge=1, le=120)
    # Material's tags plugin prints tags as they are (text.MARKUP). Tags and
    # age groups name the folders of their lists (/articles/tags/<tag>/,
    # /guides/ages/<age>/: content/pages.py).
    tags: list[Name(10, unescaped=True, in_address=True)] = Field(min_length=1)  # type: ignore[valid-type]
    age_groups: list[Name(10, in_address=True)] = Field(min_length=1)  # type: ignore[valid-type]


def load_settings(path: Path, shown: str) -> Loaded[ContentSettings | None]:
    """docs/_data/content.yml: the settings, or None and the mistakes."""
    settings, errors = validate_document(load_yaml(path, shown), ContentSettings)
    return Loaded(settings, errors, [])


class _Page(BaseModel):
    # Material's own page settings may appear beside ours.
    model_config = ConfigDict(extra="forbid")

    title: Name(60)  # type: ignore[valid-type]
    description: Text(120)  # type: ignore[valid-type]
    tags: list[str] = Field(min_length=1, max_length=5)
    audience: list[Identifier] = Field(min_length=1)
    hide: list[str] = Field(default_factory=list)
    search: dict[str, Any] = Field(default_factory=dict)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return fields.in_vocabulary(value, info, "tags", "标签")

    @field_validator("audience")
    @classmethod
    def _audience(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return fields.in_vocabulary(value, info, "audiences", "对象")


class SeriesMeta(_Page):
    """A lesson series' index page (docs/lessons/<series>/index.md)."""


class Media(BaseModel):
    """An audio or video file from docs/, always with its transcript: not
    everyone can listen, and a transcript is what the search finds."""

    model_config = ConfigDict(extra="forbid")

    file: fields.SitePath
    title: Name(60)  # type: ignore[valid-type]
    transcript: Text(20000) = Field(min_length=20)  # type: ignore[valid-type]

    @field_validator("file")
    @classmethod
    def _file(cls, value: str, info: ValidationInfo) -> str:
        if not value.lower().endswith(MEDIA_TYPES):
            raise ValueError(f"“{value}” 不是支持的音频或视频格式；请用 {'、'.join(MEDIA_TYPES)}。")
        docs: Path | None = (info.context or {}).get("docs_dir")
        if docs is not None and not (docs / value).is_file():
            raise ValueError(f"docs/{value} 不存在；请把文件放进 docs/ 下，并写它相对 docs/ 的路径。")
        return value

    @property
    def is_video(self) -> bool:
        return self.file.lower().endswith((".mp4", ".webm"))


MEDIA_TYPES = (".mp3", ".m4a", ".ogg", ".wav", ".mp4", ".webm")


class ArticleMeta(_Page):
    author: Name(40)  # type: ignore[valid-type]
    # A qualified professional; "reviewer_sample: true" marks sample content
    # that no professional has reviewed yet.
    reviewer: Name(40)  # type: ignore[valid-type]
    reviewer_sample: bool = False
    reviewed: fields.Date
    next_review: fields.Date | None = None
    sources: list[Text(300)] = Field(default_factory=list)  # type: ignore[valid-type]
    media: list[Media] = Field(default_factory=list)

    @field_validator("reviewed")
    @classmethod
    def _reviewed(cls, value: date, info: ValidationInfo) -> date:
        return fields.not_in_future(value, info, "审核日期")

    @field_validator("next_review")
    @classmethod
    def _next_review(cls, value: date | None, info: ValidationInfo) -> date | None:
        reviewed = info.data.get("reviewed")
        if value is not None and reviewed is not None and value <= reviewed:
            raise ValueError(f"下次审核日期 {value} 应晚于审核日期 {reviewed}。")
        return value


class LessonMeta(ArticleMeta):
    order: int = Field(ge=1, le=99)
    minutes: int = Field(ge=1, le=30)
    objectives: list[Name(60)] = Field(min_length=1, max_length=5)  # type: ignore[valid-type]


class GuideMeta(ArticleMeta):
    ages: list[str] = Field(min_length=1)
    # A topic names the folder of its list (/guides/topics/<topic>/).
    topics: list[Name(10, in_address=True)] = Field(min_length=1, max_length=5)  # type: ignore[valid-type]

    @field_validator("ages")
    @classmethod
    def _ages(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return fields.in_vocabulary(value, info, "age_groups", "年龄段")


MODELS: dict[str, type[_Page]] = {"article": ArticleMeta, "lesson": LessonMeta, "guide": GuideMeta, "series": SeriesMeta}


def kind_of(src_uri: str) -> Kind | None:
    """Which model a page under docs/ follows, from where it is."""
    parts = src_uri.split("/")
    if not src_uri.endswith(".md") or parts[0] not in ("articles", "lessons", "guides"):
        return None
    if parts[0] == "lessons":
        if len(parts) == 3:
            return "series" if parts[2] == "index.md" else "lesson"
        return None
    if len(parts) == 2 and parts[1] != "index.md":
        return "article" if parts[0] == "articles" else "guide"
    return None


@dataclass(frozen=True)
class CheckedPage:
    src_uri: str
    kind: Kind
    meta: _Page


def check_page(
    src_uri: str, source: str, shown: str, context: Mapping[str, Any]
) -> tuple[CheckedPage | None, list[DataError]]:
    """Validate the front matter of one page; (None, errors) when invalid.
    The front matter is read as every page's is (common/front_matter.py):
    the same messages, with the file's lines."""
    kind = kind_of(src_uri)
    if kind is None:
        return None, []
    front_matter, errors = read_front_matter(source, shown)
    if errors:
        return None, errors
    if front_matter is None:
        return None, [DataError(shown, 1, "", "页面开头缺少 front matter（两行 --- 之间的 title、description 等）。可以用 ./run new 从模板新建页面。")]
    doc = front_matter.doc
    data = doc.data if isinstance(doc.data, Mapping) else {}
    try:
        meta = MODELS[kind].model_validate(data, context=dict(context))
    except ValidationError as exc:
        return None, errors_from_validation(doc, exc, (), {})
    return CheckedPage(src_uri, kind, meta), []


def next_review(meta: ArticleMeta, months: int) -> date:
    if meta.next_review:
        return meta.next_review
    month = meta.reviewed.month - 1 + months
    year, month = meta.reviewed.year + month // 12, month % 12 + 1
    # 31 August + 6 months is the last day of February.
    return date(year, month, min(meta.reviewed.day, monthrange(year, month)[1]))


def overdue_reviews(pages: list[CheckedPage], shown_of: Mapping[str, str], months: int, today: date) -> list[DataError]:
    """One notice listing the pages past their next review date (earliest
    first), or none. A notice, not an error: an overdue review must not stop
    an urgent fix, such as a hotline number, from being published."""
    due = [(p, next_review(p.meta, months)) for p in pages if isinstance(p.meta, ArticleMeta)]
    overdue = sorted(((p, when) for p, when in due if when < today), key=lambda x: x[1])
    if not overdue:
        return []
    listing = "；".join(f"{shown_of[p.src_uri]}（应于 {when} 复审）" for p, when in overdue)
    return [DataError("", None, "", f"{len(overdue)} 个页面已过下次审核日期，请安排专业人员复审：{listing}")]


def lesson_order_errors(pages: list[CheckedPage], shown_of: Mapping[str, str]) -> list[DataError]:
    """Two lessons of a series with the same `order`."""
    errors = []
    seen: dict[tuple[str, int], str] = {}
    for page in sorted(pages, key=lambda p: p.src_uri):
        if page.kind != "lesson":
            continue
        series = page.src_uri.split("/")[1]
        key = (series, page.meta.order)  # type: ignore[attr-defined]
        if key in seen:
            errors.append(DataError(shown_of[page.src_uri], None, "order", f"与 {seen[key]} 的 order 相同（第 {key[1]} 课）；同一系列里每课的 order 必须不同。"))
        else:
            seen[key] = shown_of[page.src_uri]
    return errors
