"""Self-check questionnaires (PHQ-9, GAD-7…) as data:
`docs/_data/questionnaires/*.yml`.

The structure is checked by pydantic; the rules across fields (score bands
that cover every possible total without gaps or overlaps, urgent items that
exist) by `check_questionnaire`, which reports every mistake with its line.
Scoring lives here too: the browser does the same sums (self-check.js), and
the tests hold both to the published bands. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mhsite.common import fields
from mhsite.common.front_matter import read_front_matter
from mhsite.common.text import Identifier, Name, Text
from mhsite.common.data_files import DataError, DataFileError, Loaded, YamlDocument, format_loc, load_yaml, validate_document


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Name(20)  # type: ignore[valid-type]
    score: int = Field(ge=0, le=100)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Identifier
    text: Text(200)  # type: ignore[valid-type]


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: int = Field(ge=0)
    max: int = Field(ge=0)
    label: Name(20)  # type: ignore[valid-type]
    # For the colour of the result: ok | mild | moderate | high.
    level: Literal["ok", "mild", "moderate", "high"]
    meaning: Text(300)  # type: ignore[valid-type]
    advice: Text(400)  # type: ignore[valid-type]


class Urgent(BaseModel):
    """An item whose answer calls for help now, whatever the total
    (PHQ-9 item 9: thoughts of being better off dead or of self-harm)."""

    model_config = ConfigDict(extra="forbid")

    item: Identifier
    min_score: int = Field(1, ge=0)
    message: Text(300)  # type: ignore[valid-type]


_COUNT = re.compile(r"\d+\s*(个问题|道题|题|个题目)|约\s*\d+\s*分钟")


class Questionnaire(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Identifier
    title: Name(40)  # type: ignore[valid-type]
    description: Text(200)  # type: ignore[valid-type]
    minutes: int = Field(ge=1, le=60)
    period: Name(60)  # type: ignore[valid-type]
    options: list[Option] = Field(min_length=2)
    items: list[Item] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)
    urgent: list[Urgent] = Field(default_factory=list)
    # Pages of the site (paths under docs/, e.g. articles/anxiety-basics.md).
    read_more: list[fields.SitePath] = Field(default_factory=list)
    source: Text(300)  # type: ignore[valid-type]
    citations: list[Text(300)] = Field(min_length=1)  # type: ignore[valid-type]

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        # The pages say 「共 9 题，约 2 分钟」 from `items` and `minutes`; the
        # same words in the description were said twice (issue 19).
        if _COUNT.search(value):
            raise ValueError("题数和时间网站会自动写出（“共 9 题，约 2 分钟”），description 里不用再写；请只写这份问卷了解什么，如“了解最近两周的情绪状态。”")
        return value

    @property
    def max_total(self) -> int:
        return len(self.items) * max(o.score for o in self.options)


def check_questionnaire(doc: YamlDocument, q: Questionnaire) -> list[DataError]:
    """The rules across fields, one message per mistake."""
    errors: list[DataError] = []

    def error(loc: tuple, message: str) -> None:
        errors.append(DataError(doc.file, doc.line_of(loc), format_loc(loc), message))

    seen: dict[str, int] = {}
    for index, item in enumerate(q.items):
        if item.id in seen:
            error(("items", index, "id"), f"题目 id “{item.id}” 与 items[{seen[item.id]}] 重复；每题的 id 必须不同。")
        seen.setdefault(item.id, index)
    scores: dict[int, int] = {}
    for index, option in enumerate(q.options):
        if option.score in scores:
            error(("options", index, "score"), f"选项分数 {option.score} 与 options[{scores[option.score]}] 相同；每个选项的分数应不同。")
        scores.setdefault(option.score, index)

    # Bands, in the order written, must run from 0 to the highest possible
    # total with no gap and no overlap: every total has exactly one meaning.
    expected = 0
    for index, band in enumerate(q.bands):
        if band.max < band.min:
            error(("bands", index, "max"), f"max（{band.max}）小于 min（{band.min}）。")
        if band.min > expected:
            error(("bands", index, "min"), f"总分 {expected}–{band.min - 1} 没有对应的结果；这一段的 min 应为 {expected}。")
        elif band.min < expected:
            error(("bands", index, "min"), f"与上一段重叠（总分 {band.min}–{expected - 1} 出现在两段里）；这一段的 min 应为 {expected}。")
        expected = max(expected, band.max + 1)
    if expected - 1 != q.max_total:
        last = len(q.bands) - 1
        if expected - 1 < q.max_total:
            error(("bands", last, "max"), f"最高可能总分是 {q.max_total}（{len(q.items)} 题 × 最高 {max(scores)} 分），最后一段应到 {q.max_total}。")
        else:
            error(("bands", last, "max"), f"最高可能总分只有 {q.max_total}，最后一段的 max 应为 {q.max_total}。")

    for index, urgent in enumerate(q.urgent):
        if urgent.item not in seen:
            error(("urgent", index, "item"), f"没有 id 为 “{urgent.item}” 的题目；可选：{'、'.join(seen)}。")
        if urgent.min_score > max(scores):
            error(("urgent", index, "min_score"), f"最高分只有 {max(scores)}，min_score {urgent.min_score} 永远达不到。")
    return errors


def load_questionnaire(path: Path, shown: str, docs_dir: Path | None = None) -> Loaded[Questionnaire | None]:
    """The questionnaire, or None and its mistakes. With `docs_dir`, the
    pages in `read_more` must exist there."""
    doc = load_yaml(path, shown)
    if not isinstance(doc.data, Mapping):
        return Loaded(None, [DataError(doc.file, 1, "", "问卷文件应包含 id、title、options、items、bands 等字段。")], [])
    q, errors = validate_document(doc, Questionnaire)
    if q is None:
        return Loaded(None, errors, [])
    errors = check_questionnaire(doc, q)
    for index, page in enumerate(q.read_more):
        loc = ("read_more", index)
        if not page.endswith(".md"):
            errors.append(DataError(doc.file, doc.line_of(loc), format_loc(loc), f"“{page}” 不是页面；请写 docs/ 下页面（.md 文件）的路径，如 articles/anxiety-basics.md。"))
        elif docs_dir is not None and not (docs_dir / page).is_file():
            errors.append(DataError(doc.file, doc.line_of(loc), format_loc(loc), f"docs/{page} 不存在；请写 docs/ 下已有页面的路径，如 articles/anxiety-basics.md。"))
    if q.id != path.stem:
        errors.append(DataError(doc.file, doc.line_of(("id",)), "id", f"id “{q.id}” 应与文件名 “{path.stem}” 相同（它会成为网址 /self-check/{path.stem}/）。"))
    return Loaded(q if not errors else None, errors, [])


def load_questionnaires(folder: Path, shown: Callable[[Path], str], docs_dir: Path | None = None) -> Loaded[list[tuple[Questionnaire, str]]]:
    """Every questionnaire in `folder` (*.yml, by name), each with its file
    as editors see it (`shown(path)`). A file that cannot be read at all is
    reported as its errors and left out: the other self-checks still go
    live."""
    questionnaires: list[tuple[Questionnaire, str]] = []
    errors: list[DataError] = []
    for path in sorted(folder.glob("*.yml")):
        name = shown(path)
        try:
            q, file_errors, _ = load_questionnaire(path, name, docs_dir)
        except DataFileError as exc:
            errors.extend(exc.errors)
            continue
        errors += file_errors
        if q is not None:
            questionnaires.append((q, name))
    return Loaded(questionnaires, errors, [])


def page_title(docs_dir: Path, page: str) -> str:
    """The `title` in the front matter of a page under `docs_dir` (a
    questionnaire's `read_more`, which load_questionnaire has checked
    exists). A page whose front matter cannot be read is reported where the
    page is built; its file name stands in here."""
    path = docs_dir / page
    front_matter, errors = read_front_matter(path.read_text(encoding="utf-8-sig"), f"docs/{page}")
    title = front_matter.data.get("title") if front_matter is not None and not errors else None
    return title if isinstance(title, str) and title.strip() else path.stem


@dataclass(frozen=True)
class Result:
    total: int
    band: Band
    urgent: tuple[Urgent, ...]


def score(q: Questionnaire, answers: Mapping[str, int]) -> Result:
    """Total, band and urgent messages for answers given as item id → score."""
    missing = [item.id for item in q.items if item.id not in answers]
    if missing:
        raise ValueError(f"unanswered: {missing}")
    total = sum(answers[item.id] for item in q.items)
    band = next(b for b in q.bands if b.min <= total <= b.max)
    urgent = tuple(u for u in q.urgent if answers[u.item] >= u.min_score)
    return Result(total, band, urgent)
