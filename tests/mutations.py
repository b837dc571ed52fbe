"""Mutations of every file editors write, for the mutation test (issue 14).

What a hostile or careless editor can do to the site's inputs, generated
from the files themselves rather than listed by hand:

- every data file in docs/_data/ (audiences, hotlines, stations, events, emergency with
  a campaign switched on, faq, content, holidays with a year filled in, a
  questionnaire) and docs/news/.authors.yml;
- the front matter of an article, a lesson, a guide, a lesson series' index
  page and a news post;
- the operator's settings in mkdocs.yml (printed in every page's head and
  footer; not validated, so only escaping is asked of them).

For each file the structure is walked: every scalar field of one entry of
each shape (the fewest entries that between them have every field), of the
vocabularies (first item) and of the rest of the document. Each field gets
each field class (`FIELD_CLASSES`: a wrong type, a 100 KB string, a
zero-width space, and every markup payload of `PAYLOADS`), each file each
file class (`FILE_CLASSES`: empty, `null`, a list instead of a mapping, a key
written twice, a YAML syntax error).

Payloads carry a marker (`jx` and three digits, `MARKER`) so that whatever
they produce in the output can be traced to the field they were put in.

Nothing here runs a build: tests/test_mutations.py does, with `Loaders` for
the refusals (the same domain loaders the hooks call) and
`tests/output_safety.py` for the output.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))

from mhsite.audiences.model import load_audiences  # noqa: E402
from mhsite.content.model import check_page, load_settings  # noqa: E402
from mhsite.common.data_files import DataError, DataFileError, parse_yaml  # noqa: E402
from mhsite.emergency.model import load_emergency  # noqa: E402
from mhsite.events.model import load_events  # noqa: E402
from mhsite.faq.model import load_faq  # noqa: E402
from mhsite.common.front_matter import FRONT_MATTER, read_front_matter  # noqa: E402
from mhsite.common.holidays import load_holiday_file  # noqa: E402
from mhsite.hotlines.model import load_hotlines  # noqa: E402
from mhsite.news.model import check_post, load_authors  # noqa: E402
from mhsite.self_check.model import load_questionnaire  # noqa: E402
from mhsite.config import check_settings, line_of  # noqa: E402
from mhsite.stations.model import load_stations  # noqa: E402

# conftest.TEST_EPOCH: 2026-11-23, China.
TODAY = date(2026, 11, 23)

# -- What is put into fields --------------------------------------------------

# Markup payloads ({m} is the marker). The list, plus a bare
# javascript: address (for fields that are links), a tag short enough for an
# 8-character field, and calendar lines (RFC 5545 content lines in a text).
PAYLOADS: dict[str, str] = {
    "script": "<script>{m}()</script>",
    "img-onerror": '"><img src=x onerror={m}()>',
    "attr-list": "x {{ onfocus={m}() autofocus }}",
    "js-link": "[x](javascript:{m}())",
    "js-url": "javascript:{m}()",
    "tracker-img": "![](https://tracker.example/{m}.gif)",
    "close-script": "</script><script>{m}()</script>",
    "cdata": "]]><{m}/>",
    "ics-lines": "{m}\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:{m}",
    "short-tag": "<s>{m}",
}
# `jx` is no SVG path command and no hexadecimal digit: it never occurs in
# icons or asset hashes. Three digits: the same length in every build, so a
# field's length limit decides the same way.
MARKER = re.compile(r"jx\d{3}")
LONG = "长" * 100_000
ZWSP = "\u200b"

FIELD_CLASSES = ("wrong-type", "long", "invisible", *(f"payload:{k}" for k in PAYLOADS))
FILE_CLASSES = ("empty", "null", "wrong-top", "duplicate-key", "yaml-error")


def marker(number: int) -> str:
    return f"jx{number:03d}"


def payload(kind: str, mark: str) -> str:
    return PAYLOADS[kind].format(m=mark)


# -- Reading and writing editors' YAML ----------------------------------------

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    """YAML that data_files reads back as `data` (plain scalars are text there)."""
    if data is None:
        return "null\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 20, default_flow_style=False)


def split_front_matter(source: str) -> tuple[Any, str]:
    match = FRONT_MATTER.match(source)
    assert match, "no front matter"
    return parse_yaml(match.group(1), "front matter").data, source[match.end():]


# Dates and whole numbers unquoted, as editors write them: MkDocs and
# Material's blog read front matter with YAML 1.1, where '2026-11-05' in
# quotes is text and 2026-11-05 a date (data_files reads both as text).
_QUOTED_SCALAR = re.compile(r"(?<=: )'(\d{4}-\d{2}-\d{2}|\d+)'$", re.M)


def join_front_matter(data: Any, body: str) -> str:
    text = _QUOTED_SCALAR.sub(lambda m: m.group(1), dump(data))
    return f"---\n{text}---\n{body}"


class Key(str):
    """A path step that is a mapping's key itself (a holiday's name)."""


Path_ = tuple[Any, ...]


def get_in(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def set_in(data: Any, path: Path_, value: Any) -> None:
    *parent, last = path
    container = get_in(data, tuple(parent))
    if isinstance(last, Key):
        items = list(container.items())
        container.clear()
        container.update({(value if k == last else k): v for k, v in items})
    else:
        container[last] = value


# Mappings whose keys are data, not field names (opening hours by day:
# "mon-fri", "sat"...): their first item stands for all.
FIRST_ONLY = ("hours",)


def leaves(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Paths of the scalar fields under `value` (the first item of a list)."""
    if isinstance(value, Mapping):
        items = list(value.items())
        if path and path[-1] in FIRST_ONLY:
            items = items[:1]
        for key, item in items:
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        if value:
            yield from leaves(value[0], (*path, 0))
    elif value is not None:
        yield path


def _shape(path: Path_) -> Path_:
    # hours.mon-fri and hours.daily are the same field.
    return tuple("*" if i and path[i - 1] in FIRST_ONLY else step for i, step in enumerate(path))


def shapes(entries: list[Any]) -> list[int]:
    """The fewest entries (indexes, greedily) that between them have every field."""
    fields_of = [{_shape(p) for p in leaves(entry)} if isinstance(entry, Mapping) else set() for entry in entries]
    wanted = set().union(*fields_of) if fields_of else set()
    chosen: list[int] = []
    while wanted:
        best = max(range(len(entries)), key=lambda i: (len(fields_of[i] & wanted), -i))
        chosen.append(best)
        wanted -= fields_of[best]
    return sorted(chosen)


# -- The files ----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One file editors (or the operator) write."""

    name: str
    rel: str  # path in the project
    kind: str  # "yaml", "front-matter", "operator"
    entries: tuple[str, ...] = ()  # top-level lists whose items are entries
    vocabularies: tuple[str, ...] = ()  # "code: 名称" mappings (first item walked)
    key_names: tuple[Path_, ...] = ()  # mappings whose keys are editors' names
    markdown: tuple[str, ...] = ()  # fields that are Markdown (sanitised, not shown as typed)
    may_be_empty: bool = False  # an empty file means "nothing" (no activities, no campaign)
    pages: str = ""  # what each entry becomes (see `expected_pages`)
    # Judge each field case alone, not as a copy added to the list: the file
    # has a rule across entries that a copy breaks (audiences.yml: only one
    # entry may be `everyone: true`).
    one_by_one: bool = False

    @property
    def src_uri(self) -> str:
        return self.rel.removeprefix("docs/")


TARGETS: tuple[Target, ...] = (
    Target("audiences", "docs/_data/audiences.yml", "yaml", entries=("audiences",), pages="audiences", one_by_one=True),
    Target("hotlines", "docs/_data/hotlines.yml", "yaml", entries=("hotlines",), pages="hotlines"),
    Target("stations", "docs/_data/stations.yml", "yaml", entries=("stations",), vocabularies=("kinds", "services"), pages="stations"),
    Target("events", "docs/_data/events.yml", "yaml", entries=("events",), markdown=("description",), may_be_empty=True, pages="events"),
    Target("emergency", "docs/_data/emergency.yml", "yaml", may_be_empty=True),
    Target("faq", "docs/_data/faq.yml", "yaml", entries=("questions",), vocabularies=("topics",), markdown=("answer",), pages="faq"),
    Target("content", "docs/_data/content.yml", "yaml"),
    Target("holidays", "docs/_data/holidays.yml", "yaml", key_names=(("years", "2027", "holidays"),), may_be_empty=True),
    Target("questionnaire", "docs/_data/questionnaires/phq9.yml", "yaml", pages="questionnaire"),
    Target("authors", "docs/news/.authors.yml", "yaml"),
    Target("article", "docs/articles/sleep-basics.md", "front-matter", pages="page"),
    Target("lesson", "docs/lessons/good-sleep/01-how-sleep-works.md", "front-matter", pages="page"),
    Target("guide", "docs/guides/screen-time.md", "front-matter", pages="page"),
    Target("series", "docs/lessons/good-sleep/index.md", "front-matter", pages="page"),
    Target("post", "docs/news/posts/2026-11-winter-sleep-tips.md", "front-matter", pages="post"),
    Target("operator", "mkdocs.yml", "operator"),
)
BY_NAME = {t.name: t for t in TARGETS}

# The operator's settings in mkdocs.yml: the line each is on, and the text
# that replaces it (a JSON string is a valid YAML double-quoted scalar).
OPERATOR_LINES: dict[str, tuple[str, str]] = {
    "site_name": (r"^site_name: .*$", "site_name: {v}"),
    "site_author": (r"^site_author: .*$", "site_author: {v}"),
    "copyright": (r"^copyright: .*$", "copyright: {v}"),
    "extra.operator.name": (r"^    name: .*$", "    name: {v}"),
    "extra.operator.contact": (r"^    contact: .*$", "    contact: {v}"),
    "extra.icp": (r"^  icp: .*$", "  icp: {v}"),
    "extra.police_beian": (r"^  police_beian: .*$", "  police_beian: {v}"),
    "extra.police_beian_code": (r"^  police_beian_code: .*$", "  police_beian_code: {v}"),
    "plugins.blog.categories_allowed[0]": (r"^        - 中心动态$", "        - {v}"),
}
CATEGORY = "中心动态"


def set_operator(text: str, setting: str, value: str) -> str:
    pattern, line = OPERATOR_LINES[setting]
    replacement = line.format(v=json.dumps(value))
    new, count = re.subn(pattern, lambda _: replacement, text, count=1, flags=re.M)
    assert count == 1, setting
    return new


# -- The project the mutations start from -------------------------------------

SAMPLE_AUDIO = "assets/media/mutation-sample.mp3"


def prepare_base(project: Path) -> None:
    """Fill in the parts of the sample project that are empty or absent, so
    that their fields are walked too: an emergency campaign that is on at
    TODAY, a year of holidays, an author's link, an article's next review, a
    lesson's recording, a post's title and tags, the footer's 备案 lines."""

    def edit_yaml(rel: str, change: Callable[[Any], Any]) -> None:
        path = project / rel
        data = parse_yaml(path.read_text(encoding="utf-8"), rel).data
        path.write_text(dump(change(data)), encoding="utf-8")

    def edit_front_matter(rel: str, change: Callable[[dict], None]) -> None:
        path = project / rel
        data, body = split_front_matter(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(join_front_matter(data, body), encoding="utf-8")

    edit_yaml(
        "docs/_data/emergency.yml",
        lambda _: {
            "emergency": {
                "title": "暴雨洪涝灾害心理援助",
                "message": "受灾群众如有失眠、害怕等情况，可以拨打 12356 心理援助热线。",
                "link": "emergency/sample-campaign.md",
                "link_text": "查看应急心理援助信息",
                "start": "2026-11-20 08:00",
                "end": "2026-12-31 24:00",
            }
        },
    )
    edit_yaml(
        "docs/_data/holidays.yml",
        lambda _: {
            "years": {
                "2027": {
                    "source": "国务院办公厅关于2027年部分节假日安排的通知（测试数据）",
                    "holidays": {"元旦": ["2027-01-01..2027-01-03"], "劳动节": ["2027-05-01..2027-05-05"]},
                    "workdays": ["2027-04-25"],
                }
            }
        },
    )

    def author_link(data: Any) -> Any:
        data["authors"]["centre"]["url"] = "https://example.org/"
        return data

    edit_yaml("docs/news/.authors.yml", author_link)
    edit_front_matter("docs/articles/sleep-basics.md", lambda d: d.update(next_review="2028-11-01"))
    (project / "docs" / SAMPLE_AUDIO).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / SAMPLE_AUDIO).write_bytes(b"ID3")
    edit_front_matter(
        "docs/lessons/good-sleep/01-how-sleep-works.md",
        lambda d: d.update(media=[{"file": SAMPLE_AUDIO, "title": "本课录音", "transcript": "这是本课录音的文字稿，内容和下面的正文相同。"}]),
    )
    edit_front_matter(
        "docs/news/posts/2026-11-winter-sleep-tips.md", lambda d: d.update(title="冬天到了，照顾好情绪和睡眠", tags=["睡眠"])
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for setting, value in (("extra.icp", "示例ICP备00000000号-1"), ("extra.police_beian", "示例公网安备00000000000000号"), ("extra.police_beian_code", "00000000000000")):
        text = set_operator(text, setting, value)
    config.write_text(text, encoding="utf-8")


def copy_base(target: Path) -> Path:
    """A copy of the project (what a build reads), prepared (`prepare_base`)."""
    ignore = shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", ".pytest_cache", "node_modules")
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    prepare_base(target)
    return target


# -- Reading a target ---------------------------------------------------------


def read_target(project: Path, target: Target) -> tuple[Any, str]:
    """(data, body): a YAML file's data, or a page's front matter and body."""
    text = (project / target.rel).read_text(encoding="utf-8")
    if target.kind == "front-matter":
        return split_front_matter(text)
    return parse_yaml(text, target.rel).data, ""


def write_target(project: Path, target: Target, data: Any, body: str = "") -> None:
    text = join_front_matter(data, body) if target.kind == "front-matter" else dump(data)
    (project / target.rel).write_text(text, encoding="utf-8")


def field_paths(target: Target, data: Any) -> list[Path_]:
    """Every field walked in `data` (see the module's docstring)."""
    if target.kind == "operator":
        return [(setting,) for setting in OPERATOR_LINES]
    paths: list[Path_] = []
    for key, value in data.items():
        if key in target.entries and isinstance(value, list):
            for index in shapes(value):
                paths += [(key, index, *p) for p in leaves(value[index])]
        elif key in target.vocabularies and isinstance(value, Mapping) and value:
            paths.append((key, next(iter(value))))
            # An item written out in fields (a service with its audiences):
            # the first such item's fields too.
            written_out = next((k for k, v in value.items() if isinstance(v, Mapping)), None)
            if written_out is not None:
                paths += list(leaves(value[written_out], (key, written_out)))
        else:
            paths += list(leaves(value, (key,)))
    for names in target.key_names:
        mapping = get_in(data, names)
        paths.append((*names, Key(next(iter(mapping)))))
    return paths


def entry_of(target: Target, path: Path_) -> Path_:
    """The entry a field belongs to: ("hotlines", 2) for a hotline's field, ()
    for a field of the document."""
    if len(path) > 1 and path[0] in target.entries:
        return path[:2]
    return ()


def shown_path(path: Path_) -> str:
    """("hotlines", 2, "hours", "mon-fri") → hotlines[2].hours.mon-fri."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# -- Cases --------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    target: Target
    kind: str  # one of FIELD_CLASSES or FILE_CLASSES
    path: Path_ = ()  # the field (field classes)

    @property
    def payload_kind(self) -> str | None:
        return self.kind.removeprefix("payload:") if self.kind.startswith("payload:") else None

    @property
    def is_markdown(self) -> bool:
        fields = [step for step in self.path if isinstance(step, str)]
        return bool(fields) and fields[-1] in self.target.markdown

    def __str__(self) -> str:
        where = f" {shown_path(self.path)}" if self.path else ""
        return f"{self.target.rel}{where} [{self.kind}]"


def field_value(case: Case, original: Any, mark: str = "jx000") -> Any:
    """The value a field case puts in place of `original`."""
    if case.kind == "wrong-type":
        return {"字段": "值"}
    if case.kind == "long":
        return LONG
    if case.kind == "invisible":
        text = "true" if original is True else "false" if original is False else str(original)
        return text[: len(text) // 2 + 1] + ZWSP + text[len(text) // 2 + 1 :]
    assert case.payload_kind
    value = payload(case.payload_kind, mark)
    if case.target.name == "emergency" and case.path == ("emergency", "link") and case.payload_kind != "js-url":
        # The link is a page or an https:// address: the payload inside one.
        value = "https://example.org/" + value
    return value


def field_cases(project: Path) -> list[Case]:
    cases = []
    for target in TARGETS:
        data = read_target(project, target)[0] if target.kind != "operator" else None
        for path in field_paths(target, data):
            if target.kind == "operator":
                # MkDocs itself refuses a setting of the wrong type, in English,
                # before any hook runs: not ours to test.
                cases += [Case(target, kind, path) for kind in FIELD_CLASSES if kind != "wrong-type"]
                continue
            for kind in FIELD_CLASSES:
                if kind == "wrong-type" and isinstance(path[-1], Key):
                    continue  # a key is text whatever is written
                cases.append(Case(target, kind, path))
    return cases


def file_cases() -> list[Case]:
    return [Case(t, kind) for t in TARGETS if t.kind != "operator" for kind in FILE_CLASSES]


def apply_field(project: Path, case: Case, mark: str = "jx000") -> None:
    """Write the case's field mutation into `project` (one field of one file)."""
    target = case.target
    if target.kind == "operator":
        config = project / "mkdocs.yml"
        value = field_value(case, None, mark)
        setting = case.path[0]
        config.write_text(set_operator(config.read_text(encoding="utf-8"), setting, value), encoding="utf-8")
        if setting == "plugins.blog.categories_allowed[0]":
            # A category renamed: the posts that have it follow.
            for post in sorted((project / "docs/news/posts").glob("*.md")):
                data, body = split_front_matter(post.read_text(encoding="utf-8"))
                if CATEGORY in (data.get("categories") or []):
                    data["categories"] = [value if c == CATEGORY else c for c in data["categories"]]
                    post.write_text(join_front_matter(data, body), encoding="utf-8")
        return
    data, body = read_target(project, target)
    original = None if isinstance(case.path[-1], Key) else get_in(data, case.path)
    set_in(data, case.path, field_value(case, original, mark))
    write_target(project, target, data, body)


def file_text(project: Path, case: Case) -> str:
    """The whole text of the file for a file case."""
    target = case.target
    text = (project / target.rel).read_text(encoding="utf-8")
    if target.kind == "front-matter":
        data, body = split_front_matter(text)
        inner = dump(data)
    else:
        body, inner = "", text
    if case.kind == "empty":
        inner = ""
    elif case.kind == "null":
        inner = "null\n"
    elif case.kind == "wrong-top":
        inner = "- 第一项\n- 第二项\n"
    else:
        lines = inner.splitlines(keepends=True)
        doc = parse_yaml(inner, target.rel)
        # The first field of the first entry (or of the document), as written.
        path = field_paths(target, doc.data)[0]
        index = doc.line_of(path[:-1] if isinstance(path[-1], Key) else path) - 1
        if case.kind == "duplicate-key":
            lines.insert(index + 1, lines[index])
        else:  # yaml-error: a value that opens a list and never closes it
            key, _, _ = lines[index].partition(": ")
            lines[index] = f"{key}: [未闭合\n"
        inner = "".join(lines)
    if target.kind == "front-matter":
        return f"---\n{inner}---\n{body}"
    return inner


# -- What the hooks' loaders say about a project ------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it, its !!python/name: tags left out."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _config(project: Path) -> dict[str, Any]:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def _config_categories(project: Path) -> list[str]:
    for plugin in _config(project)["plugins"]:
        if isinstance(plugin, Mapping) and "blog" in plugin:
            return list(plugin["blog"].get("categories_allowed") or [])
    return []


class Loaders:
    """The domain loaders the hooks call, run on one target of a project.

    Other files a loader needs (the stations for the activities, the
    vocabularies for front matter) are read from `context_project`, so that
    a mutation of one file is judged on its own, as the build judges it.
    """

    def __init__(self, context_project: Path) -> None:
        self.context = context_project
        self._cache: dict[str, Any] = {}

    def _once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def audiences(self) -> Mapping[str, str]:
        rel = BY_NAME["audiences"].rel
        return self._once("audiences", lambda: load_audiences(self.context / rel, rel)[0].names)

    @property
    def network(self) -> Any:
        rel = BY_NAME["stations"].rel
        return self._once("network", lambda: load_stations(self.context / rel, rel, TODAY, self.audiences)[0])

    @property
    def content_context(self) -> dict[str, Any]:
        def make() -> dict[str, Any]:
            settings, _, _ = load_settings(self.context / BY_NAME["content"].rel, BY_NAME["content"].rel)
            return {
                "tags": {t: t for t in (settings.tags if settings else [])},
                "age_groups": {a: a for a in (settings.age_groups if settings else [])},
                "audiences": self.audiences,  # with the refused ones, as the build's
                "today": TODAY,
                "docs_dir": self.context / "docs",
            }

        return self._once("content", make)

    @property
    def authors(self) -> Mapping[str, Any]:
        rel = BY_NAME["authors"].rel
        return self._once("authors", lambda: load_authors(self.context / rel, rel)[0])

    @property
    def categories(self) -> list[str]:
        return self._once("categories", lambda: _config_categories(self.context))

    def errors(self, project: Path, target: Target) -> list[DataError]:
        """Every mistake the loaders report in `project`'s copy of `target`
        (a file that cannot be used at all: its DataFileError's). Any other
        exception is a traceback in the build and is left to propagate."""
        try:
            return self._errors(project, target)
        except DataFileError as exc:
            return list(exc.errors)

    def _errors(self, project: Path, target: Target) -> list[DataError]:
        path, rel = project / target.rel, target.rel
        name = target.name
        if name == "operator":
            text = path.read_text(encoding="utf-8")
            return check_settings(_config(project), text, rel, _config_categories(project))
        if name == "audiences":
            return load_audiences(path, rel)[1]
        if name == "hotlines":
            return load_hotlines(path, rel, TODAY, self.audiences)[1]
        if name == "stations":
            return load_stations(path, rel, TODAY, self.audiences)[1]
        if name == "events":
            net = self.network
            # As the build: a station refused for its own mistake still counts (its message is the one).
            return load_events(path, rel, net.by_id, net.areas, self.audiences, net.meta.coordinates, refused_stations=net.refused)[1]
        if name == "emergency":
            return load_emergency(path, rel)[1]
        if name == "faq":
            return load_faq(path, rel, TODAY, self.audiences).errors
        if name == "content":
            return load_settings(path, rel)[1]
        if name == "holidays":
            load_holiday_file(path, rel, years=range(2025, 2028))
            return []
        if name == "questionnaire":
            return load_questionnaire(path, rel, self.context / "docs")[1]
        if name == "authors":
            return load_authors(path, rel)[1]
        source = path.read_text(encoding="utf-8-sig")
        if name == "post":
            return check_post(source, rel, self.categories, self.authors)
        # Articles, lessons, guides, series: the page hook reads the front
        # matter (syntax, keys written twice), the content hook checks it.
        errors = read_front_matter(source, rel)[1] + check_page(target.src_uri, source, rel, self.content_context)[1]
        return list({str(e): e for e in errors}.values())


# -- What the build must still produce ----------------------------------------


@dataclass(frozen=True)
class ExpectedPage:
    """What one valid entry (or page) becomes in the site, and the words a
    message about it starts with when it is refused instead."""

    page: str  # file in the site (a glob for news posts)
    anchor: str | None  # element id on that page, for entries sharing a page
    named_by: str  # regex: a message naming the entry


def expected_pages(project: Path) -> list[ExpectedPage]:
    """Every entry of the entry lists, every questionnaire and every page
    of `project` that the targets walk."""
    out: list[ExpectedPage] = []
    for target in TARGETS:
        if not target.pages:
            continue
        data, _ = read_target(project, target)
        rel = re.escape(target.rel)
        if target.entries:
            key = target.entries[0]
            for index, entry in enumerate(data.get(key) or []):
                entry_id = entry.get("id") if isinstance(entry, Mapping) else None
                if not isinstance(entry_id, str):
                    continue
                # Its id is in the message when it is a valid one.
                named = rf"{rel}:\d+: {key}\[{index}\][ .:]"
                if target.pages == "audiences":
                    # The group's page; "everyone" has none, only its line on /for/.
                    if entry.get("everyone") is True:
                        out.append(ExpectedPage("for/index.html", entry_id, named))
                    else:
                        out.append(ExpectedPage(f"for/{entry_id}/index.html", None, named))
                elif target.pages == "hotlines":
                    out.append(ExpectedPage("hotlines/index.html", entry_id, named))
                elif target.pages == "faq":
                    out.append(ExpectedPage("faq/index.html", entry_id, named))
                elif target.pages == "stations":
                    out.append(ExpectedPage(f"stations/{entry_id}/index.html", None, named))
                elif target.pages == "events":
                    out.append(ExpectedPage(f"events/{entry_id}/index.html", None, named))
                    out.append(ExpectedPage(f"events/{entry_id}/{entry_id}.ics", None, named))
        elif target.pages == "questionnaire":
            for path in sorted((project / "docs/_data/questionnaires").glob("*.yml")):
                shown = re.escape(f"docs/_data/questionnaires/{path.name}")
                out.append(ExpectedPage(f"self-check/{path.stem}/index.html", None, rf"{shown}(:\d+)?: "))
        elif target.pages == "page":
            uri = target.src_uri.removesuffix(".md")
            page = uri.removesuffix("index") + "index.html" if uri.endswith("/index") else uri + "/index.html"
            out.append(ExpectedPage(page, None, rf"{rel}(:\d+)?: "))
        elif target.pages == "post":
            out.append(ExpectedPage(f"news/**/{Path(target.rel).stem}/index.html", None, rf"{rel}(:\d+)?: "))
    return out


@dataclass
class Tally:
    """The counts the test prints."""

    cases: int = 0
    refused: int = 0
    escaped: int = 0
    sanitised: int = 0
    not_shown: list[str] = field(default_factory=list)
    file_builds: int = 0
    payload_builds: int = 0


# -- Judging field cases with the loaders (no build) --------------------------


@dataclass
class Verdict:
    """What the loaders said about one case: the errors that name its entry
    or field (empty: accepted), the file as written (for line numbers), or
    the exception that escaped them (a traceback in the build)."""

    errors: list[DataError]
    lines: Mapping[Path_, int]
    path: Path_  # the field in the file as written (a clone's index, a renamed key)
    exception: BaseException | None = None

    @property
    def refused(self) -> bool:
        return bool(self.errors) or self.exception is not None


_ENTRY_WHERE = re.compile(r"^([A-Za-z_]+)\[(\d+)\]")


def _lines_of(target: Target, text: str) -> Mapping[Path_, int]:
    if target.kind == "front-matter":
        front_matter, _ = read_front_matter(text, target.rel)
        return front_matter.doc.lines if front_matter else {}
    return parse_yaml(text, target.rel).lines


def _written_path(case: Case, path: Path_, value: Any) -> Path_:
    return (*path[:-1], value) if isinstance(path[-1], Key) else path


def _evaluate_setting(project: Path, loaders: Loaders, case: Case) -> Verdict:
    """An operator's setting changed in mkdocs.yml: what the settings check
    says; for a blog category (renamed in the posts that have it too), what
    the posts' check says as well."""
    scratch = project.parent / f"{project.name}-setting"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(project, scratch)
    try:
        apply_field(scratch, case)
        text = (scratch / "mkdocs.yml").read_text(encoding="utf-8")
        fresh = Loaders(scratch)
        errors = fresh.errors(scratch, case.target)
        if case.path == ("plugins.blog.categories_allowed[0]",):
            for path in sorted((scratch / "docs/news/posts").glob("*.md")):
                rel = path.relative_to(scratch).as_posix()
                errors += check_post(path.read_text(encoding="utf-8"), rel, fresh.categories, fresh.authors)
            value = field_value(case, None)
            line = next((n for n, l in enumerate(text.splitlines(), start=1) if l.strip() == f"- {json.dumps(value)}"), None)
        else:
            line = line_of(text, case.path[0])
    except Exception as exc:  # noqa: BLE001 - reported by the test as a traceback
        return Verdict([], {}, case.path, exc)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Verdict(errors, {case.path: line} if line else {}, case.path)


def evaluate(project: Path, loaders: Loaders, cases: list[Case]) -> dict[Case, Verdict]:
    """Run the loaders on each case, restoring `project` afterwards.

    The entries' fields are judged many at once: each case on its own copy
    of its entry, added to the list (one loader run per file); errors name
    their entry, so each is the copy's. Anything unexpected in that (an error
    on no copy, an exception) and the file's cases are judged one by one."""
    verdicts: dict[Case, Verdict] = {}
    by_target: dict[str, list[Case]] = {}
    for case in cases:
        if case.target.kind == "operator":
            verdicts[case] = _evaluate_setting(project, loaders, case)
            continue
        by_target.setdefault(case.target.name, []).append(case)
    for name, group in by_target.items():
        target = BY_NAME[name]
        path = project / target.rel
        original = path.read_text(encoding="utf-8")
        try:
            entry_cases = [c for c in group if entry_of(target, c.path)] if not target.one_by_one else []
            batch = _evaluate_batch(project, loaders, target, entry_cases) if entry_cases else {}
            verdicts.update(batch)
            for case in group:
                if case not in verdicts:
                    verdicts[case] = _evaluate_one(project, loaders, case)
                    path.write_text(original, encoding="utf-8")
        finally:
            path.write_text(original, encoding="utf-8")
    return verdicts


def _evaluate_one(project: Path, loaders: Loaders, case: Case) -> Verdict:
    target = case.target
    data, body = read_target(project, target)
    original = None if isinstance(case.path[-1], Key) else get_in(data, case.path)
    value = field_value(case, original)
    set_in(data, case.path, value)
    write_target(project, target, data, body)
    text = (project / target.rel).read_text(encoding="utf-8")
    written = _written_path(case, case.path, value)
    try:
        errors = loaders.errors(project, target)
    except Exception as exc:  # noqa: BLE001 - reported by the test as a traceback
        return Verdict([], _lines_of(target, text), written, exc)
    return Verdict(errors, _lines_of(target, text), written)


def _evaluate_batch(project: Path, loaders: Loaders, target: Target, cases: list[Case]) -> dict[Case, Verdict]:
    data, body = read_target(project, target)
    data = copy.deepcopy(data)
    index_of: dict[int, Case] = {}
    written: dict[Case, Path_] = {}
    for number, case in enumerate(cases):
        key, rep, *rest = case.path
        entries = data[key]
        clone = copy.deepcopy(entries[rep])
        if isinstance(clone, Mapping) and isinstance(clone.get("id"), str):
            clone["id"] = f"{clone['id']}-c{number}"
        rel = (len(entries), *rest)
        original = None if isinstance(rest[-1], Key) else get_in(clone, tuple(rest))
        value = field_value(case, original)
        set_in(clone, tuple(rest), value)
        entries.append(clone)
        index_of[rel[0]] = case
        written[case] = _written_path(case, (key, *rel), value)
    write_target(project, target, data, body)
    text = (project / target.rel).read_text(encoding="utf-8")
    lines = _lines_of(target, text)
    try:
        errors = loaders.errors(project, target)
    except Exception:  # noqa: BLE001 - judged one by one instead
        return {}
    found: dict[Case, list[DataError]] = {case: [] for case in cases}
    for error in errors:
        match = _ENTRY_WHERE.match(error.where)
        case = index_of.get(int(match[2])) if match and match[1] in target.entries else None
        if case is None:
            return {}  # an error about something else: judge one by one
        found[case].append(error)
    return {case: Verdict(found[case], lines, written[case]) for case in cases}
