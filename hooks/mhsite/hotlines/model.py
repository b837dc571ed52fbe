"""The hotline directory's data model: `docs/_data/hotlines.yml`.

Validated with pydantic, one entry at a time (see `data_files`), using the
phone and opening-hours parsers shared with the station locator. The help
bar on every page shows the entries marked `crisis: true`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from mhsite.common import fields
from mhsite.common.text import Identifier, Name, Text
from mhsite.common.data_files import (
    DataError,
    Loaded,
    duplicate_ids,
    first_index_by_id,
    format_loc,
    indexed_ids,
    load_yaml,
    validate_document,
    unknown_parts,
    validate_entries,

)
from mhsite.common.opening_hours import OpeningHours
from mhsite.common.phones import Phone
from mhsite.publication.samples import Sample, shipped_phone, words_in

SCOPES: dict[str, str] = {
    "national": "全国",
    "provincial": "全省",
    "city": "全市",
    "district": "本区",
}


class HotlinesMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verify_every_days: int = Field(90, ge=1, le=3650)


class Hotline(BaseModel):
    """One line people can call."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    id: Identifier
    name: Name(40)  # type: ignore[valid-type]
    # A short name for the help bar on every page, e.g. "心理援助"; the full
    # name is used where there is room.
    label: Name(8) | None = None  # type: ignore[valid-type]
    number: Annotated[Phone, WithJsonSchema(fields.PHONE_SCHEMA)]
    scope: Literal["national", "provincial", "city", "district"]
    # None for "varies": a national number answered by local lines whose
    # hours differ from place to place; no "open now" badge is shown then.
    hours: Annotated[
        OpeningHours | None,
        WithJsonSchema({"anyOf": [fields.WEEKLY_SCHEMA, {"type": "string", "enum": ["varies"]}]}),
    ]
    audience: list[Identifier] = Field(min_length=1)
    free: bool | None = None
    crisis: bool = False
    # Police and ambulance: listed first, with plain words on when to call them.
    emergency: bool = False
    when_to_call: Text(120) | None = None  # type: ignore[valid-type]
    description: Text(400) = ""  # type: ignore[valid-type]
    verified: fields.Date
    source: Text(200)  # type: ignore[valid-type]
    # Local numbers in the shipped sample are invented: they are shown as
    # samples and not linked, so nobody dials a stranger.
    sample: bool = False

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Phone:
        return fields.phone(value)

    @model_validator(mode="before")
    @classmethod
    def _opening_hours(cls, data: Any) -> Any:
        # "varies": a national number answered by local lines whose hours
        # differ from place to place.
        if isinstance(data, dict) and data.get("hours") == "varies":
            return {k: v for k, v in data.items() if k != "holidays"} | {"hours": None}
        # A line that does not say otherwise stays open on holidays.
        return fields.with_opening_hours(data, default_holidays="open")

    @field_validator("audience")
    @classmethod
    def _audience(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return fields.in_vocabulary(value, info, "audiences", "对象")

    @field_validator("verified")
    @classmethod
    def _verified(cls, value: date, info: ValidationInfo) -> date:
        return fields.not_in_future(value, info)

    @property
    def short_label(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Unverified:
    """A line not verified within `meta.verify_every_days` (`limit`)."""

    id: str
    line: int | None
    where: str
    age: int  # days since `verified`
    limit: int
    crisis: bool


@dataclass(frozen=True)
class HotlineDirectory:
    file: str
    meta: HotlinesMeta
    audiences: Mapping[str, str]  # the vocabulary it was checked against (audiences.yml)
    hotlines: tuple[Hotline, ...]
    # Lines recognised as the shipped sample (by id), with why (publication/samples.py):
    # `sample: true`, an invented number, or 示例 in the name or source.
    samples: Mapping[str, Sample] = field(default_factory=dict)
    unverified: tuple[Unverified, ...] = ()
    # The ids of the lines written with `crisis: true` but refused for a
    # mistake of their own (each has its message): the file still has its
    # crisis lines, waiting for that fix (plugin.py says so once, not "no
    # crisis lines").
    refused_crisis: tuple[str, ...] = ()

    def is_sample(self, hotline: Hotline) -> bool:
        """Shown as a sample, never dialled: its number is invented."""
        return hotline.sample or hotline.id in self.samples

    @property
    def crisis_lines(self) -> tuple[Hotline, ...]:
        """The lines to call in a crisis, for the help bar and help boxes.
        A sample line is never one: its number is invented."""
        return tuple(h for h in self.hotlines if h.crisis and not self.is_sample(h))


def sample_reasons(hotline: Hotline) -> list[str]:
    """Why `hotline` is sample data (empty: it is not); see publication/samples.py."""
    reasons = ["标着 sample: true"] if hotline.sample else []
    if shipped_phone(hotline.number.digits):
        reasons.append(f"号码 {hotline.number.display} 是项目自带的虚构号码")
    for label, value in (("名称", hotline.name), ("依据", hotline.source)):
        word = words_in(value, name=True)
        if word:
            reasons.append(f"{label}里写着“{word}”")
    return reasons


def blocks_publication(crisis: bool, age: int, limit: int) -> str:
    """What a notice about an unverified line adds when the line stops a
    publishing build (publication/check.py): a crisis line past its interval (it
    is on every page), any line past twice its interval."""
    if crisis and age > limit:
        return "；这是求助热线（每一页顶部都显示），核实之前正式发布会被拒绝。"
    if age > 2 * limit:
        return f"；已超过 {2 * limit} 天，核实之前正式发布会被拒绝。"
    return "。"


def load_hotlines(path: Path, shown: str, today: date, audiences: Mapping[str, str]) -> Loaded[HotlineDirectory]:
    """Load and validate the file. `audiences`: the vocabulary of
    docs/_data/audiences.yml (code → name; audiences/model.py).

    Returns the directory of valid entries, the errors (each fails a strict
    build) and the notices: lines not verified within `verify_every_days`.
    Those are never errors, however old: the calendar moving on must not stop
    an urgent fix from being published (a normal build lists them; the
    publication check, publication/check.py, refuses a crisis line past its
    interval and any line past twice its interval).
    """
    doc = load_yaml(path, shown)
    errors: list[DataError] = []
    if not isinstance(doc.data, Mapping):
        raise_error = DataError(doc.file, 1, "", "文件应由 meta:、hotlines: 两部分组成。")
        return Loaded(HotlineDirectory(doc.file, HotlinesMeta(), dict(audiences), ()), [raise_error], [])

    meta, meta_errors = validate_document(doc, HotlinesMeta, ("meta",))
    errors += meta_errors
    meta = meta or HotlinesMeta()

    if "audiences" in doc.data:
        # The vocabulary moved to its own file (issue 19): say where, not
        # just "unknown part".
        errors.append(
            DataError(
                doc.file,
                doc.line_of(("audiences",)),
                "audiences",
                "人群名单已移到 docs/_data/audiences.yml（热线、站点、活动、文章共用一份）。"
                "请把这里的人群补进那个文件（已有的不用重复），再删掉这一部分。",
            )
        )
    errors += unknown_parts(doc, ("meta", "audiences", "hotlines"))

    hotlines, entry_errors = validate_entries(
        doc, "hotlines", Hotline, context={"audiences": audiences, "today": today}
    )
    errors += entry_errors
    errors += duplicate_ids(doc, "hotlines", indexed_ids(doc, "hotlines"))

    notices: list[DataError] = []
    unverified: list[Unverified] = []
    samples: dict[str, Sample] = {}
    index_of = first_index_by_id(doc, "hotlines")
    for hotline in hotlines:
        index = index_of[hotline.id]
        ids = {("hotlines", index): hotline.id}
        reasons = sample_reasons(hotline)
        if reasons:
            loc = ("hotlines", index)
            samples[hotline.id] = Sample(doc.file, doc.line_of(loc), format_loc(loc, ids), tuple(reasons))
        age = (today - hotline.verified).days
        if age > meta.verify_every_days:
            loc = ("hotlines", index, "verified")
            where = format_loc(loc, ids)
            unverified.append(Unverified(hotline.id, doc.line_of(loc), where, age, meta.verify_every_days, hotline.crisis))
            notices.append(
                DataError(
                    doc.file,
                    doc.line_of(loc),
                    where,
                    f"号码已有 {age} 天未核实（建议每 {meta.verify_every_days} 天核实一次）。"
                    "请拨打核实后把 verified 改为核实当天的日期"
                    + blocks_publication(hotline.crisis, age, meta.verify_every_days),
                )
            )
    valid = {h.id for h in hotlines}
    written = doc.data.get("hotlines")
    refused_crisis = tuple(
        str(item["id"])
        for item in (written if isinstance(written, list) else [])
        if isinstance(item, Mapping) and item.get("crisis") is True and item.get("id") is not None and str(item["id"]) not in valid
    )
    directory = HotlineDirectory(doc.file, meta, dict(audiences), tuple(hotlines), samples, tuple(unverified), refused_crisis)
    return Loaded(directory, errors, notices)
