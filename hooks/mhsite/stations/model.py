"""The service-station network's data model: `docs/_data/stations.yml`.

Validated with pydantic one entry at a time (data_files), with the phone and
opening-hours rules shared with the hotlines (fields). Cross-entry rules
(unique ids, parents that exist and make no cycle, staleness) are checked
here after the entries. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, WithJsonSchema, field_validator, model_validator

from mhsite.common import fields
from mhsite.common.text import Identifier, Name, Text, check_identifier, check_name, name_key
from mhsite.common.data_files import (
    DataError,
    Loaded,
    YamlDocument,
    duplicate_ids,
    errors_from_validation,
    first_index_by_id,
    format_loc,
    indexed_ids,
    load_yaml,
    validate_document,
    unknown_parts,
    validate_entries,
    Vocabulary,
    vocabulary,
)
from mhsite.common.geo import coordinate_problem, gcj02_to_wgs84
from mhsite.common.opening_hours import OpeningHours
from mhsite.common.phones import Phone
from mhsite.publication.samples import Sample, station_reasons

TOP_LEVEL = ("meta", "kinds", "services", "stations")


class StationsMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: Name(30)  # type: ignore[valid-type]
    coordinates: Literal["gcj02", "wgs84"]
    # Demo data: every locator page says so, and a publishing build refuses it.
    sample: bool = False
    # `verified` older than this many days is reported (listing the stations).
    stale_after_days: int = Field(180, ge=1, le=3650)


class Station(BaseModel):
    """One place a resident can go."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    id: Identifier
    name: Name(60)  # type: ignore[valid-type]
    kind: Identifier
    # Becomes the address of the area's page (/stations/area/<area>/).
    area: Name(20, in_address=True)  # type: ignore[valid-type]
    parent: Identifier | None = None
    address: Name(100)  # type: ignore[valid-type]
    phone: list[Annotated[Phone, WithJsonSchema(fields.PHONE_SCHEMA)]] = Field(min_length=1)
    # Parsed together with `special_days` and `holidays` (see _opening_hours).
    hours: Annotated[OpeningHours, WithJsonSchema(fields.WEEKLY_SCHEMA)]
    notes: Text(300) = ""  # type: ignore[valid-type]
    services: list[Identifier] = Field(default_factory=list)
    location: Annotated[
        tuple[float, float],
        WithJsonSchema({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2, "description": "[纬度, 经度]"}),
    ]
    accessible: bool | None = None
    verified: fields.Date

    @field_validator("phone", mode="before")
    @classmethod
    def _phones(cls, value: Any) -> Any:
        # One number may be written without the list brackets.
        values = value if isinstance(value, list) else [value]
        return [fields.phone(v) for v in values]

    @model_validator(mode="before")
    @classmethod
    def _opening_hours(cls, data: Any) -> Any:
        # Stations close on statutory holidays unless they say otherwise.
        return fields.with_opening_hours(data, default_holidays="closed")

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str, info: ValidationInfo) -> str:
        return fields.in_vocabulary([value], info, "kinds", "类型")[0]

    @field_validator("services")
    @classmethod
    def _services(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return fields.in_vocabulary(value, info, "services", "服务")

    @field_validator("location", mode="before")
    @classmethod
    def _location_shape(cls, value: Any) -> Any:
        how = "位置应写成 [纬度, 经度] 两个数字，例如 [30.8381, 120.6034]（在高德或腾讯地图上取点）。"
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise ValueError(how)
        numbers = [fields.decimal(v) for v in value]
        if None in numbers:
            raise ValueError(how)
        return numbers

    @field_validator("location")
    @classmethod
    def _location_in_china(cls, value: tuple[float, float]) -> tuple[float, float]:
        problem = coordinate_problem(*value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("verified")
    @classmethod
    def _verified(cls, value: date, info: ValidationInfo) -> date:
        return fields.not_in_future(value, info)

    def wgs84(self, system: str) -> tuple[float, float]:
        """The location in WGS-84 (what GPS and the browser use)."""
        return gcj02_to_wgs84(*self.location) if system == "gcj02" else self.location


@dataclass(frozen=True)
class StationNetwork:
    file: str
    meta: StationsMeta
    kinds: Mapping[str, str]
    services: Mapping[str, str]
    stations: tuple[Station, ...]
    # The audiences (audiences.yml codes) each service is for, by service
    # code; a service written as plain "code: 名称" is for anyone and has none.
    service_audiences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Derived lookups, for the pages.
    by_id: Mapping[str, Station] = field(default_factory=dict)
    children: Mapping[str, tuple[Station, ...]] = field(default_factory=dict)
    # Stations recognised as the shipped sample by what they are, with or
    # without `meta.sample` (publication/samples.py): by id, with where and why.
    samples: Mapping[str, Sample] = field(default_factory=dict)
    # The line of `meta.sample: true` (None when the file is not marked).
    sample_line: int | None = None
    # The stations written in the file but refused for a mistake of their
    # own (each has its message), by id, with the area written (or None).
    # They still count as present for what refers to them (an activity held
    # there gets no second message: events/model.py).
    refused: Mapping[str, str | None] = field(default_factory=dict)

    def is_sample(self, station: Station) -> bool:
        """Shown as a sample: no dialling link, no map link to a real place."""
        return self.meta.sample or station.id in self.samples

    @cached_property
    def all_sample(self) -> bool:
        """Every station is a sample (the pages say so once, at the top)."""
        return self.meta.sample or (bool(self.stations) and all(s.id in self.samples for s in self.stations))

    @property
    def areas(self) -> list[str]:
        """Areas in the order they first appear in the file."""
        return list(dict.fromkeys(s.area for s in self.stations))


def load_stations(path: Path, shown: str, today: date, audiences: Mapping[str, str] | None = None) -> Loaded[StationNetwork]:
    """Load and validate the file. `audiences`: the vocabulary of
    docs/_data/audiences.yml (code → name) that the services' `audience`
    refers to (None: not checked, as for the locator's benchmarks).

    Returns the network of valid stations, the errors (each fails a strict
    build) and the notices (stale `verified` dates: a reminder to call the
    stations, reported without failing the build).
    """
    doc = load_yaml(path, shown)
    errors: list[DataError] = []
    if not isinstance(doc.data, Mapping):
        error = DataError(doc.file, 1, "", "文件应由 meta:、kinds:、services:、stations: 四部分组成。")
        return Loaded(StationNetwork(doc.file, StationsMeta(region="?", coordinates="gcj02"), {}, {}, ()), [error], [])

    errors += unknown_parts(doc, TOP_LEVEL)
    meta, meta_errors = validate_document(doc, StationsMeta, ("meta",))
    errors += meta_errors
    meta = meta or StationsMeta(region="?", coordinates="gcj02")
    kinds = vocabulary(doc, "kinds", errors, "room: 村（社区）心理咨询室")
    services, service_audiences = service_vocabulary(doc, errors, audiences)

    stations, entry_errors = validate_entries(
        doc, "stations", Station, context={"kinds": kinds, "services": services, "today": today}
    )
    errors += entry_errors
    indexed = indexed_ids(doc, "stations")
    errors += duplicate_ids(doc, "stations", indexed)
    index_of = first_index_by_id(doc, "stations")

    by_id = {s.id: s for s in stations}
    all_ids = {entry_id for _, entry_id in indexed}
    errors += _parent_errors(doc, stations, by_id, all_ids, index_of)
    lookalikes = _lookalike_areas(doc, stations, index_of)
    errors += lookalikes
    if lookalikes:
        # Each would get a page of its own that looks like the other's.
        bad = {s.id for s in stations if any(e.where.startswith(f"stations[{index_of[s.id]}]") for e in lookalikes)}
        stations = [s for s in stations if s.id not in bad]
        by_id = {s.id: s for s in stations}

    stale = [s for s in stations if (today - s.verified).days > meta.stale_after_days]
    notices = []
    if stale:
        listing = "；".join(
            f"{s.id}（{s.name}，第 {doc.line_of(('stations', index_of[s.id], 'verified'))} 行，{s.verified}）" for s in stale
        )
        notices.append(
            DataError(
                doc.file,
                None,
                "stations",
                f"{len(stale)} 个站点超过 {meta.stale_after_days} 天未核实：{listing}。"
                "请打电话确认地址、电话和开放时间，再把 verified 改为核实当天的日期。",
            )
        )

    samples: dict[str, Sample] = {}
    for s in stations:
        reasons = station_reasons(s.name, s.address, s.notes, list(s.phone))
        if reasons:
            loc = ("stations", index_of[s.id])
            samples[s.id] = Sample(doc.file, doc.line_of(loc), format_loc(loc, {loc: s.id}), tuple(reasons))

    written = doc.data.get("stations")
    refused = {
        str(item["id"]): item.get("area") if isinstance(item.get("area"), str) else None
        for item in (written if isinstance(written, list) else [])
        if isinstance(item, Mapping) and item.get("id") is not None and str(item["id"]) not in by_id
    }
    children: dict[str, list[Station]] = {}
    for s in stations:
        if s.parent and s.parent in by_id:
            children.setdefault(s.parent, []).append(s)
    network = StationNetwork(
        doc.file,
        meta,
        kinds,
        services,
        tuple(stations),
        service_audiences=service_audiences,
        by_id=by_id,
        children={k: tuple(v) for k, v in children.items()},
        samples=samples,
        sample_line=doc.line_of(("meta", "sample")) if meta.sample else None,
        refused=refused,
    )
    return Loaded(network, errors, notices)


SERVICE_NAME_MAX = 20  # as every vocabulary's names (data_files.vocabulary)


class ServiceEntry(BaseModel):
    """A service written in full: its name and the audiences it is for."""

    model_config = ConfigDict(extra="forbid")

    name: Name(SERVICE_NAME_MAX)  # type: ignore[valid-type]
    audience: list[Identifier] = Field(min_length=1)

    @field_validator("audience")
    @classmethod
    def _audience(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if (info.context or {}).get("audiences") is None:
            return value
        return fields.in_vocabulary(value, info, "audiences", "对象")


SERVICE_EXAMPLE = "sandplay: 沙盘室"


def service_vocabulary(
    doc: YamlDocument, errors: list[DataError], audiences: Mapping[str, str] | None
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The `services:` part: each service as "code: 名称" (for anyone), or,
    for a service that is for some groups, as

        family:
          name: 婚姻家庭辅导
          audience: [family-conflict, parents]

    Returns code → name and code → audiences (only the services that name
    theirs); mistakes are added to `errors`, each with its line."""
    value = doc.data.get("services") if isinstance(doc.data, Mapping) else None
    if not isinstance(value, Mapping) or not value:
        return vocabulary(doc, "services", errors, SERVICE_EXAMPLE), {}
    names = Vocabulary(refused=(str(code) for code in value if code is not None))
    service_audiences: dict[str, tuple[str, ...]] = {}
    for code, entry in value.items():
        if not isinstance(entry, Mapping):
            # "code: 名称", checked as every vocabulary is (same lines).
            names.update(vocabulary(YamlDocument(doc.file, {"services": {code: entry}}, doc.lines), "services", errors, SERVICE_EXAMPLE))
            continue
        loc = ("services", code)
        try:
            check_identifier(str(code))
        except ValueError as exc:
            errors.append(DataError(doc.file, doc.line_of(loc), f"services.{code}", str(exc)))
            continue
        try:
            service = ServiceEntry.model_validate(entry, context={"audiences": audiences})
        except ValidationError as exc:
            errors += errors_from_validation(doc, exc, loc, {})
            # A mistake in its audiences only: the service is still one, so
            # the stations offering it are not refused as well.
            try:
                names[code] = check_name(entry.get("name"), max_length=SERVICE_NAME_MAX)
            except (ValueError, TypeError):
                pass
            continue
        names[code] = service.name
        service_audiences[code] = tuple(service.audience)
    # The codes refused (a mistake in their own line) still count as present
    # for the stations that offer them: one message, the service's.
    return Vocabulary(names, refused=names.refused), service_audiences


def _lookalike_areas(doc: YamlDocument, stations: list[Station], index_of: Mapping[str, int]) -> list[DataError]:
    """Areas written differently that read the same (full-width letters,
    "ＡＢ社区" and "AB社区"): one area, so one spelling."""
    first: dict[str, Station] = {}
    errors = []
    for s in stations:
        key = name_key(s.area)
        other = first.setdefault(key, s)
        if other.area != s.area:
            loc = ("stations", index_of[s.id], "area")
            errors.append(
                DataError(
                    doc.file,
                    doc.line_of(loc),
                    format_loc(loc, {("stations", index_of[s.id]): s.id}),
                    f"“{s.area}” 和第 {doc.line_of(('stations', index_of[other.id], 'area'))} 行的 “{other.area}” 看起来一样，"
                    "但写法不同（全角、半角字母或数字）；同一个地区请用同一种写法，可以从那一行复制。",
                )
            )
    return errors


def _parent_errors(
    doc: YamlDocument, stations: list[Station], by_id: Mapping[str, Station], all_ids: set[str], index_of: Mapping[str, int]
) -> list[DataError]:
    errors = []
    for s in stations:
        if s.parent is None:
            continue
        loc = ("stations", index_of[s.id], "parent")
        where = format_loc(loc, {("stations", index_of[s.id]): s.id})
        if s.parent not in all_ids:
            errors.append(DataError(doc.file, doc.line_of(loc), where, f"上级站点 “{s.parent}” 不存在；请写另一个站点的 id，或删掉这一行。"))
            continue
        # Follow the chain of parents; coming back to s is a cycle.
        seen = [s.id]
        current = by_id.get(s.parent)
        while current is not None and current.parent:
            if current.id in seen:
                break
            seen.append(current.id)
            if current.parent == s.id:
                chain = " → ".join([*seen, s.id])
                errors.append(DataError(doc.file, doc.line_of(loc), where, f"上级关系形成了循环（{chain}）；请检查这些站点的 parent。"))
                break
            current = by_id.get(current.parent)
        if s.parent == s.id:
            errors.append(DataError(doc.file, doc.line_of(loc), where, "站点不能是自己的上级；请写另一个站点的 id。"))
    return errors
