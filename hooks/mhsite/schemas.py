"""JSON Schemas of the editors' data files, generated from the same pydantic
models that validate them, for editors' IDEs (autocomplete, red underlines).

`./run schemas` writes them to schemas/; a test checks the committed files
are up to date. The YAML files point at them with a `yaml-language-server`
comment on their first line (VS Code's YAML extension and others read it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mhsite import PROJECT
from mhsite.audiences.model import Audience
from mhsite.common import fields
from mhsite.content.model import ArticleMeta, ContentSettings, GuideMeta, LessonMeta
from mhsite.emergency.model import Emergency
from mhsite.events.model import Event, EventsMeta
from mhsite.faq.model import Question
from mhsite.hotlines.model import Hotline, HotlinesMeta
from mhsite.self_check.model import Questionnaire
from mhsite.stations.model import ServiceEntry, Station, StationsMeta

VOCABULARY = {
    "type": "object",
    "propertyNames": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    "additionalProperties": {"type": "string", "maxLength": 20, "description": "纯文字，一行"},
    "description": "代号: 中文名称（代号用小写英文字母、数字和连字符）",
}


def _entry_schema(model: type, extra_properties: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    schema = model.model_json_schema(mode="validation")
    defs = schema.pop("$defs", {})
    # Fields the model parses together with `hours` before validation.
    schema["properties"].update(extra_properties)
    return schema, defs


def stations_schema() -> dict[str, Any]:
    station, defs = _entry_schema(
        Station, {"special_days": fields.SPECIAL_DAYS_SCHEMA, "holidays": fields.HOLIDAYS_SCHEMA}
    )
    meta = StationsMeta.model_json_schema(mode="validation")
    # A service is "code: 名称" (for anyone) or {name, audience} (for some groups).
    services = dict(VOCABULARY)
    services["additionalProperties"] = {"anyOf": [VOCABULARY["additionalProperties"], ServiceEntry.model_json_schema(mode="validation")]}
    services["description"] = "代号: 中文名称；专门面向某些人群的服务写成 name 和 audience（docs/_data/audiences.yml 的人群代号）两行"
    return _document("心理服务站点（docs/_data/stations.yml）", {
        "meta": meta,
        "kinds": VOCABULARY,
        "services": services,
        "stations": {"type": "array", "items": station},
    }, ["meta", "kinds", "services", "stations"], defs)


def hotlines_schema() -> dict[str, Any]:
    hotline, defs = _entry_schema(Hotline, {"holidays": fields.HOLIDAYS_SCHEMA})
    meta = HotlinesMeta.model_json_schema(mode="validation")
    return _document("求助热线（docs/_data/hotlines.yml）", {
        "meta": meta,
        "hotlines": {"type": "array", "items": hotline},
    }, ["hotlines"], defs)


def audiences_schema() -> dict[str, Any]:
    audience = Audience.model_json_schema(mode="validation")
    return _document("服务对象（docs/_data/audiences.yml）", {
        "audiences": {"type": "array", "items": audience, "minItems": 1},
    }, ["audiences"], {})


def events_schema() -> dict[str, Any]:
    event = Event.model_json_schema(mode="validation", by_alias=True)
    defs = event.pop("$defs", {})
    return _document("活动（docs/_data/events.yml）", {
        "meta": EventsMeta.model_json_schema(mode="validation"),
        "events": {"anyOf": [{"type": "array", "items": event}, {"type": "null"}]},
    }, ["events"], defs)


def emergency_schema() -> dict[str, Any]:
    campaign = Emergency.model_json_schema(mode="validation")
    # A bare date is allowed too ("2027-08-20": until the end of that day).
    for name in ("start", "end"):
        campaign["properties"][name] = {
            "type": "string",
            "pattern": r"^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}[:：]\d{2})?$",
            "description": "北京时间，如 2027-07-20 08:00；只写日期也可以",
        }
    return _document("应急模式（docs/_data/emergency.yml）", {
        "emergency": {"anyOf": [campaign, {"type": "null"}]},
    }, [], {})


def faq_schema() -> dict[str, Any]:
    question = Question.model_json_schema(mode="validation")
    defs = question.pop("$defs", {})
    return _document("常见问题（docs/_data/faq.yml）", {
        "topics": VOCABULARY,
        "questions": {"type": "array", "items": question},
    }, ["topics", "questions"], defs)


def _document(title: str, properties: dict[str, Any], required: list[str], defs: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }
    if defs:
        schema["$defs"] = defs
    return schema


def questionnaire_schema() -> dict[str, Any]:
    return _model_schema(Questionnaire, "心理自测问卷（docs/_data/questionnaires/*.yml）")


def _model_schema(model: type, title: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


SCHEMAS = {
    "content.schema.json": lambda: _model_schema(ContentSettings, "内容设置（docs/_data/content.yml）"),
    "article.schema.json": lambda: _model_schema(ArticleMeta, "科普文章的 front matter（docs/articles/*.md）"),
    "lesson.schema.json": lambda: _model_schema(LessonMeta, "心理微课的 front matter（docs/lessons/<系列>/*.md）"),
    "guide.schema.json": lambda: _model_schema(GuideMeta, "亲子指南的 front matter（docs/guides/*.md）"),
    "stations.schema.json": stations_schema,
    "hotlines.schema.json": hotlines_schema,
    "audiences.schema.json": audiences_schema,
    "questionnaire.schema.json": questionnaire_schema,
    "events.schema.json": events_schema,
    "emergency.schema.json": emergency_schema,
    "faq.schema.json": faq_schema,
}


def render_all() -> dict[str, str]:
    return {name: json.dumps(make(), ensure_ascii=False, indent=2, sort_keys=True) + "\n" for name, make in SCHEMAS.items()}


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in render_all().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write_all(PROJECT / "schemas"):
        print(path)
