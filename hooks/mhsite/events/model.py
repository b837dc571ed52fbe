"""Activities (活动) that editors list in `docs/_data/events.yml`.

Validated with pydantic one entry at a time (data_files): each mistake is one
message naming file, line, event id and field. Times are local times in
China (Asia/Shanghai); the parsed times are aware datetimes, so "has it
ended?" is a plain comparison wherever it is asked (build, browser, .ics).
Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from mhsite.common import fields
from mhsite.common.text import Identifier, MarkdownText, Name, Text
from mhsite.common.data_files import (
    DataError,
    Loaded,
    duplicate_ids,
    first_index_by_id,
    format_loc,
    indexed_ids,
    load_yaml,
    located_error,
    unknown_parts,
    validate_document,
    validate_entries,
)
from mhsite.publication.samples import Sample, event_fingerprint, is_shipped, words_in
from mhsite.common.clock import CHINA

TOP_LEVEL = ("meta", "events")

STATUSES: dict[str, str] = {
    "scheduled": "照常举行",
    "full": "名额已满",
    "cancelled": "已取消",
    "moved": "有变动",
}

LOCAL_TIME_SCHEMA: dict = {
    "type": "string",
    "pattern": r"^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}[:：]\d{2}$",
    "description": "北京时间，格式 2026-12-05 09:30",
    "examples": ["2026-12-05 09:30"],
}

_LOCAL_TIME = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2})[:：](\d{2}))?\s*$")


def parse_local_time(value: Any, *, date_only: str | None = None) -> datetime:
    """"2026-12-05 09:30" (China time) → an aware datetime.

    `date_only` allows a bare date ("2026-12-05") and says which moment of it
    is meant: "start" (00:00) or "end" (24:00, i.e. the next day's 00:00).
    """
    example = "2026-12-05 09:30"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"{value!r} 不是日期和时间；请写成 {example}（日期、空格、24 小时制时间）。")
    if not isinstance(value, str):
        raise ValueError(f"应写成 {example}（日期、空格、24 小时制时间）。")
    match = _LOCAL_TIME.match(value)
    if not match or (match[4] is None and date_only is None):
        raise ValueError(f"“{value}” 不是有效的日期和时间；请写成 {example}（日期、空格、24 小时制时间）。")
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    try:
        day_ = date(year, month, day)
    except ValueError:
        raise ValueError(f"“{value}” 中的日期不存在（{year} 年 {month} 月没有 {day} 日）；请检查日期。") from None
    if match[4] is None:
        moment = datetime.combine(day_, time(0), CHINA)
        return moment + timedelta(days=1) if date_only == "end" else moment
    hour, minute = int(match[4]), int(match[5])
    if hour == 24 and minute == 0:
        return datetime.combine(day_ + timedelta(days=1), time(0), CHINA)
    if hour > 23 or minute > 59:
        raise ValueError(f"“{value}” 中的时间 {hour}:{match[5]} 不存在；请用 24 小时制，例如 14:30。")
    return datetime.combine(day_, time(hour, minute), CHINA)


LocalTime = Annotated[datetime, WithJsonSchema(LOCAL_TIME_SCHEMA)]


class EventsMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Demo data: every event page says so, and a publishing build refuses it.
    sample: bool = False


class Event(BaseModel):
    """One activity residents can go to."""

    model_config = ConfigDict(extra="forbid")

    id: Identifier
    title: Name(60)  # type: ignore[valid-type]
    start: LocalTime
    end: LocalTime
    # Where: a station from stations.yml (its address and phone are shown),
    # or a free-text place, with an optional area for the area filter.
    station: Identifier | None = None
    place: Name(100) | None = None  # type: ignore[valid-type]
    area: Name(20, in_address=True) | None = None  # type: ignore[valid-type]
    audience: list[Identifier] = Field(min_length=1)
    capacity: int | None = Field(None, ge=1)
    # How to sign up ("register" in the file; the name is taken in pydantic).
    sign_up: Text(200) | None = Field(None, alias="register")  # type: ignore[valid-type]
    free: bool | None = None
    status: Literal["scheduled", "full", "cancelled", "moved"] = "scheduled"
    # What changed, for a cancelled or moved event.
    note: Text(200) = ""  # type: ignore[valid-type]
    # Markdown (links, lists, bold); no HTML. Sanitised after rendering.
    description: MarkdownText(3000) = ""  # type: ignore[valid-type]

    @field_validator("start", "end", mode="before")
    @classmethod
    def _local_time(cls, value: Any) -> datetime:
        return parse_local_time(value)

    @field_validator("audience")
    @classmethod
    def _audience(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return fields.in_vocabulary(value, info, "audiences", "对象")

    @field_validator("station")
    @classmethod
    def _station(cls, value: str | None, info: ValidationInfo) -> str | None:
        stations: Mapping[str, Any] = (info.context or {}).get("stations", {})
        # A station refused for its own mistake is still in stations.yml: its
        # message is the one (load_events notes what it holds up).
        refused: Collection[str] = (info.context or {}).get("refused_stations", ())
        if value is not None and value not in stations and value not in refused:
            close = difflib.get_close_matches(value, list(stations), n=1)
            hint = f"是不是 “{close[0]}”？" if close else ""
            raise ValueError(
                f"stations.yml 里没有 id 为 “{value}” 的站点。{hint}请从 docs/_data/stations.yml 复制站点的 id，"
                "或改用 place: 写活动地点。"
            )
        return value

    @field_validator("area")
    @classmethod
    def _area(cls, value: str | None, info: ValidationInfo) -> str | None:
        areas: list[str] = (info.context or {}).get("areas", [])
        if value is not None and areas and value not in areas:
            raise ValueError(f"不认识的地区 “{value}”；可选：{'、'.join(areas)}（stations.yml 中各站点的 area）。")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Event":
        if self.station and self.place:
            raise located_error("place", "station 和 place 只能写一个：在站点举办写 station，其他地方写 place。")
        if not self.station and not self.place:
            raise located_error("station", "缺少活动地点：写 station:（stations.yml 中的站点 id）或 place:（其他地点）。")
        if self.station and self.area:
            raise located_error("area", "写了 station 时不用写 area：地区取自站点。请删掉这一行。")
        if self.end <= self.start:
            raise located_error(
                "end",
                f"结束时间 {self.end:%Y-%m-%d %H:%M} 不晚于开始时间 {self.start:%Y-%m-%d %H:%M}；请检查日期和时间。",
            )
        if self.status in ("cancelled", "moved") and not self.note.strip():
            raise located_error(
                "note",
                f"status 为 {self.status} 时请写 note:，告诉居民发生了什么变化（例如 “因天气原因取消”）。",
            )
        return self


@dataclass(frozen=True)
class EventPlace:
    """Where an event happens, as shown on the pages and in calendars."""

    name: str  # the station's name or the free-text place
    address: str  # the station's address, or "" for a free-text place
    area: str | None
    station_id: str | None = None
    phones: tuple[Any, ...] = ()
    location: tuple[float, float] | None = None  # WGS-84, for the calendar's GEO
    # A sample station (stations.yml): its invented phones are never dialled.
    sample: bool = False


@dataclass(frozen=True)
class EventList:
    file: str
    meta: EventsMeta
    events: tuple[Event, ...]
    places: Mapping[str, EventPlace] = field(default_factory=dict)
    # Activities recognised as the shipped sample by what they are, with or
    # without `meta.sample` (publication/samples.py): by id, with where and why.
    samples: Mapping[str, Sample] = field(default_factory=dict)
    # The line of `meta.sample: true` (None when the file is not marked).
    sample_line: int | None = None

    def is_sample(self, event: Event) -> bool:
        """Shown as a sample ("示例", not to be attended)."""
        return self.meta.sample or event.id in self.samples

    @cached_property
    def all_sample(self) -> bool:
        """Every activity is a sample (the lists say so once, at the top)."""
        return self.meta.sample or (bool(self.events) and all(e.id in self.samples for e in self.events))

    def upcoming(self, now: datetime) -> list[Event]:
        """Events that have not ended at `now`, soonest first."""
        return sorted((e for e in self.events if e.end > now), key=lambda e: (e.start, e.id))

    def past(self, now: datetime) -> list[Event]:
        """Events that ended before `now`, latest first."""
        return sorted((e for e in self.events if e.end <= now), key=lambda e: (e.start, e.id), reverse=True)

    def upcoming_by_station(self, now: datetime) -> dict[str, list[Event]]:
        """Each station's events that have not ended at `now`, soonest first
        (stations without any are left out)."""
        out: dict[str, list[Event]] = {}
        for e in self.upcoming(now):
            if e.station:
                out.setdefault(e.station, []).append(e)
        return out

    @property
    def areas(self) -> list[str]:
        """Areas that have events, in the order of the stations file."""
        return list(dict.fromkeys(p.area for p in self.places.values() if p.area))


def load_events(
    path: Path,
    shown: str,
    stations: Mapping[str, Any],
    areas: list[str],
    audiences: Mapping[str, str],
    station_coordinates: str = "gcj02",
    sample_stations: Collection[str] = (),
    refused_stations: Mapping[str, str | None] | None = None,
) -> Loaded[EventList]:
    """Load and check the file: the valid events, every mistake, and a
    notice for each activity held at a station refused for its own mistake
    (`refused_stations`: StationNetwork.refused, id → the area written).
    Such a station is in stations.yml: naming it is no mistake, and its
    area is an area (no second message), but the activity cannot be shown
    without the station's address, so it waits for the station's fix.

    `stations` maps station ids to stations.yml's entries (name, address,
    phone, area, `wgs84()`), `areas` lists its areas, `audiences` is the
    vocabulary of docs/_data/audiences.yml, `sample_stations` the ids of the stations that are
    samples (StationNetwork.is_sample): an activity there is one too.
    """
    doc = load_yaml(path, shown)
    if doc.data is None:
        return Loaded(EventList(doc.file, EventsMeta(), ()), [], [])
    if not isinstance(doc.data, Mapping):
        error = DataError(doc.file, 1, "", "文件应由 meta: 和 events: 两部分组成，见文件开头的说明。")
        return Loaded(EventList(doc.file, EventsMeta(), ()), [error], [])
    errors = unknown_parts(doc, TOP_LEVEL)
    meta, meta_errors = validate_document(doc, EventsMeta, ("meta",))
    errors += meta_errors
    refused_stations = refused_stations or {}
    written_areas = [*areas, *(a for a in refused_stations.values() if a and a not in areas)]
    events, entry_errors = validate_entries(
        doc,
        "events",
        Event,
        context={"stations": stations, "refused_stations": refused_stations, "areas": written_areas, "audiences": audiences},
        required=False,
    )
    errors += entry_errors
    errors += duplicate_ids(doc, "events", indexed_ids(doc, "events"))
    index_of = first_index_by_id(doc, "events")
    notices = []
    for e in events:
        if e.station and e.station not in stations:  # refused (the validator let nothing else through)
            loc = ("events", index_of[e.id], "station")
            notices.append(
                DataError(
                    doc.file,
                    doc.line_of(loc),
                    format_loc(loc, {loc[:2]: e.id}),
                    f"站点 “{e.station}” 有错误（见上面 stations.yml 的提示），改好之前这个活动不显示。",
                )
            )
    events = [e for e in events if not e.station or e.station in stations]
    # A duplicate id would give two events one URL: keep the first only (its
    # duplicate is reported above, which fails the strict build).
    seen: set[str] = set()
    unique = [e for e in events if not (e.id in seen or seen.add(e.id))]
    sample_stations = set(sample_stations)
    places = {e.id: _place(e, stations, station_coordinates, sample_stations) for e in unique}
    samples = {}
    for e in unique:
        reasons = sample_reasons(e, places[e.id])
        if reasons:
            loc = ("events", index_of[e.id])
            samples[e.id] = Sample(doc.file, doc.line_of(loc), format_loc(loc, {loc: e.id}), tuple(reasons))
    meta = meta or EventsMeta()
    sample_line = doc.line_of(("meta", "sample")) if meta.sample else None
    return Loaded(EventList(doc.file, meta, tuple(unique), places, samples, sample_line), errors, notices)


def sample_reasons(event: Event, place: EventPlace) -> list[str]:
    """Why `event` is sample data (empty: it is not); see publication/samples.py."""
    reasons = []
    if place.sample:
        reasons.append(f"地点 {place.station_id} 是示例站点")
    if is_shipped(event_fingerprint(event.title, event.start)):
        reasons.append("标题和开始时间与项目自带的示例活动相同")
    for label, value, short in (
        ("标题", event.title, True),
        ("地点", event.place, True),
        ("报名", event.sign_up, False),
        ("说明", event.note, False),
        ("介绍", event.description, False),
    ):
        word = words_in(value, name=short)
        if word:
            reasons.append(f"{label}里写着“{word}”")
    return reasons


def _place(event: Event, stations: Mapping[str, Any], coordinates: str, sample_stations: set[str]) -> EventPlace:
    if event.station:
        s = stations[event.station]
        return EventPlace(
            name=s.name,
            address=s.address,
            area=s.area,
            station_id=s.id,
            phones=tuple(s.phone),
            location=s.wgs84(coordinates),
            sample=s.id in sample_stations,
        )
    return EventPlace(name=event.place or "", address="", area=event.area)
