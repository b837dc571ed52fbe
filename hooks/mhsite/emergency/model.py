"""Emergency mode (应急模式): `docs/_data/emergency.yml`.

When a disaster or an epidemic hits, the centre turns the whole site to
emergency psychological support with one edit: a notice on every page (under
the help bar, never instead of it), leading the home page, linking to a
campaign page. It has an end date and turns itself off: the build leaves out
a campaign that has ended, and the browser hides it once the end has passed
(the site is not rebuilt every day). Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from mhsite.common import fields
from mhsite.common.data_files import DataError, Loaded, load_yaml, located_error, unknown_parts, validate_document
from mhsite.events.model import LocalTime, parse_local_time
from mhsite.common.text import Name, Text


class Emergency(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Name(40)  # type: ignore[valid-type]
    message: Text(200)  # type: ignore[valid-type]
    # A page of the site (emergency/flood-2027.md) or a full https:// address.
    link: Annotated[
        str,
        WithJsonSchema({"type": "string", "maxLength": fields.URL_MAX, "description": "docs/ 下的页面（emergency/flood-2027.md）或以 https:// 开头的网址"}),
    ] = Field(min_length=1)
    link_text: Name(20) = "查看应急心理援助信息"  # type: ignore[valid-type]
    start: LocalTime
    end: LocalTime

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: Any) -> datetime:
        return parse_local_time(value, date_only="start")

    @field_validator("end", mode="before")
    @classmethod
    def _end(cls, value: Any) -> datetime:
        # A bare date means "until the end of that day".
        return parse_local_time(value, date_only="end")

    @field_validator("link")
    @classmethod
    def _link(cls, value: str) -> str:
        text = value.strip()
        if text.endswith(".md"):
            return fields.site_path(text)
        if text.lower().startswith("https://"):
            return fields.web_address(text)
        raise ValueError(
            f"“{value}” 不是页面：写 docs/ 下的页面路径（例如 emergency/flood-2027.md），"
            "或以 https:// 开头的完整网址。"
        )

    @model_validator(mode="after")
    def _dates(self) -> "Emergency":
        if self.end <= self.start:
            raise located_error("end", f"结束时间 {self.end:%Y-%m-%d %H:%M} 不晚于开始时间 {self.start:%Y-%m-%d %H:%M}。")
        return self

    def state(self, now: datetime) -> Literal["upcoming", "active", "over"]:
        if now >= self.end:
            return "over"
        return "active" if now >= self.start else "upcoming"


@dataclass(frozen=True)
class EmergencySetting:
    file: str
    campaign: Emergency | None
    line: int | None = None  # of the `link:` field, for messages about it


def load_emergency(path: Path, shown: str) -> Loaded[EmergencySetting]:
    """The campaign, or None when `emergency:` is empty (the usual case)."""
    doc = load_yaml(path, shown)
    data = doc.data
    if data is None:
        return Loaded(EmergencySetting(doc.file, None), [], [])
    if not isinstance(data, Mapping):
        return Loaded(
            EmergencySetting(doc.file, None), [DataError(doc.file, 1, "", "文件应只有一个 emergency: 部分，见文件开头的说明。")], []
        )
    errors = unknown_parts(doc, ("emergency",))
    if data.get("emergency") in (None, "off", False):
        return Loaded(EmergencySetting(doc.file, None), errors, [])
    campaign, campaign_errors = validate_document(doc, Emergency, ("emergency",))
    return Loaded(EmergencySetting(doc.file, campaign, doc.line_of(("emergency", "link"))), errors + campaign_errors, [])


def ended_notice(setting: EmergencySetting, campaign: Emergency) -> DataError:
    """A campaign that has ended is left out of the pages: a notice (INFO)
    saying so, and that the block may go."""
    return DataError(
        setting.file,
        None,
        "",
        f"应急模式“{campaign.title}”已于 {campaign.end:%Y-%m-%d %H:%M} 结束，页面上不再显示。可以把 emergency: 下面的内容删掉或注释掉。",
    )


def missing_page(setting: EmergencySetting, link: str) -> DataError:
    """The campaign's `link` names a page of the site that does not exist."""
    return DataError(
        setting.file,
        setting.line,
        "emergency.link",
        f"找不到页面 docs/{link}；请写 docs/ 下已有页面的路径（例如 emergency/sample-campaign.md），或先写好这个页面。",
    )


def notice_view(campaign: Emergency, now: datetime) -> dict[str, Any]:
    """What the theme's notice (overrides/partials/emergency.html) shows of a
    campaign that has not ended at `now`: `link` is the campaign page's
    source path or an address (the plugin turns a page into its URL)."""
    return {
        "title": campaign.title,
        "message": campaign.message,
        "link": campaign.link,
        "link_text": campaign.link_text,
        "start": campaign.start.isoformat(),
        "end": campaign.end.isoformat(),
        # Not started yet at build time: site.js (emergency part) shows it at `start`.
        "waiting": campaign.state(now) == "upcoming",
    }
