"""The JSON Schemas shipped for editors' IDEs: up to date with the models,
accepting the sample data, rejecting mistakes."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT
from mhsite.schemas import render_all


class _Yaml12Loader(yaml.SafeLoader):
    """What an editor's IDE reads: YAML 1.2's core schema (the YAML extension
    of VS Code), where 17 is a number, 2026-11-05 text and yes a word."""


_Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
]:
    _Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


def load_yaml(path: Path) -> SimpleNamespace:
    return SimpleNamespace(data=yaml.load(path.read_text(encoding="utf-8"), _Yaml12Loader))  # noqa: S506 - a SafeLoader


def test_committed_schemas_are_generated_from_the_models() -> None:
    for name, text in render_all().items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text, f"run ./run schemas: {name} is out of date"


@pytest.mark.parametrize(
    ("data_file", "schema"),
    [
        ("stations.yml", "stations.schema.json"),
        ("hotlines.yml", "hotlines.schema.json"),
        ("questionnaires/phq9.yml", "questionnaire.schema.json"),
        ("questionnaires/gad7.yml", "questionnaire.schema.json"),
        ("events.yml", "events.schema.json"),
        ("emergency.yml", "emergency.schema.json"),
        ("faq.yml", "faq.schema.json"),
    ],
)
def test_sample_data_is_valid_and_points_at_its_schema(data_file: str, schema: str) -> None:
    path = ROOT / "docs/_data" / data_file
    up = "../" * (data_file.count("/") + 2)
    assert path.read_text(encoding="utf-8").splitlines()[0] == f"# yaml-language-server: $schema={up}schemas/{schema}"
    validator = Draft202012Validator(json.loads((ROOT / "schemas" / schema).read_text(encoding="utf-8")))
    errors = list(validator.iter_errors(load_yaml(path).data))
    assert errors == []


def test_schema_flags_editor_mistakes() -> None:
    validator = Draft202012Validator(json.loads((ROOT / "schemas/stations.schema.json").read_text(encoding="utf-8")))
    data = load_yaml(ROOT / "docs/_data/stations.yml").data
    cases = {
        "unknown field": lambda s: s.update(colour="red"),
        "missing name": lambda s: s.pop("name"),
        "hours not a time": lambda s: s.update(hours={"mon-fri": "morning"}),
        "bad day name": lambda s: s.update(hours={"monday": "08:30-11:30"}),
        "location one number": lambda s: s.update(location=[30.1]),
        "special day 32": lambda s: s.update(special_days=[{"monthly": 32, "hours": "08:30-11:30"}]),
        "id with capitals": lambda s: s.update(id="Xihe"),
    }
    for name, mutate in cases.items():
        broken = copy.deepcopy(data)
        mutate(broken["stations"][0])
        assert list(validator.iter_errors(broken)), f"schema accepts: {name}"


def test_front_matter_schemas_accept_the_sample_pages() -> None:
    import yaml

    for schema_name, pattern in (("article", "articles/*.md"), ("guide", "guides/*.md"), ("lesson", "lessons/*/0*.md")):
        validator = Draft202012Validator(json.loads((ROOT / f"schemas/{schema_name}.schema.json").read_text(encoding="utf-8")))
        pages = [p for p in (ROOT / "docs").glob(pattern) if p.name != "index.md"]
        assert pages
        for page in pages:
            meta = yaml.load(page.read_text(encoding="utf-8").split("---")[1], Loader=yaml.BaseLoader)  # dates as text
            meta = {k: (v == "true" if v in ("true", "false") else int(v) if k in ("order", "minutes") else v) for k, v in meta.items()}
            assert list(validator.iter_errors(meta)) == [], page
