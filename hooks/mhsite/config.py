"""The operator's settings in mkdocs.yml (README, "For the operator"),
declared once: `SiteSettings`.

The operator (centre staff too) writes the `site_*` lines and `extra:`.
Every setting is declared below with its type and its rule, so that:

- a mistake is one message naming mkdocs.yml, the line and the setting, as
  in the editors' files: Material prints `site_name`, `site_author`,
  `site_description` and `copyright` into every page's head as HTML,
  unescaped (one line of plain text, site_description a few lines, without
  the characters HTML gives a meaning to: < > & " '); the footer's
  `extra.operator` lines and the 备案 numbers are escaped by our own template
  (overrides/partials/copyright.html) and only need the text rules;
- a key under `extra:` that is not declared here, a misspelt `publsh:` that
  would silently leave the publication gate open, is a warning naming it
  (with the setting it resembles): strict builds stop. Material's own
  `extra` settings (MATERIAL_EXTRA) are accepted as they are;
- README's operator table lists exactly these (tests/unit/test_plugin.py).

A setting with a mistake is left at its default and every other one is
still used (a wrong ICP number must not take the operator's contact away).
Also here: mkdocs.yml read with line numbers (`read_config`, for
`./run check` and for the messages), the blog's categories (printed
unescaped like tags), and `repo_url` (Material's script would fetch the
repository's stars from GitHub or GitLab). Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import pathspec
import pydantic
import yaml
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, WithJsonSchema, field_validator

from mhsite.common import fields
from mhsite.common.data_files import DataError, DataFileError, YamlDocument, errors_from_validation, yaml_problem
from mhsite.common.phones import Phone
from mhsite.common.text import Name, Text, check_name, check_text, markup_problem
from mhsite.publication.operator import ReportContact
from mhsite.publication.samples import SAMPLE_IN_NAME, reserved_domain, shipped_phone

CONFIG_FILE = "mkdocs.yml"
CATEGORY_MAX = 20

# Material for MkDocs' own `extra` settings (9.8: its templates read
# config.extra.<these>): accepted as they are, Material documents them.
MATERIAL_EXTRA = (
    "alternate", "analytics", "annotate", "consent", "generator", "homepage",
    "polyfills", "scope", "social", "status", "tags", "version",
)  # fmt: skip


# -- The settings ----------------------------------------------------------------


def email(value: Any) -> str:
    """An email address (checked with email-validator, no network lookup)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("请写电子邮箱地址，如 xinli@example.gov.cn。")
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(
            f"“{value}” 不是有效的电子邮箱地址：应写成 名字@域名，如 xinli@example.gov.cn，"
            "中间不能有空格，@ 和 . 要用半角（英文）符号。"
        ) from None


Email = Annotated[str, BeforeValidator(email), WithJsonSchema({"type": "string", "format": "email"})]


def _unset_if_empty(value: Any) -> Any:
    """An empty setting (`icp: ""`) is one not set."""
    return None if value == "" else value


def _unescaped_text(value: str, *, max_length: int) -> str:
    check_text(value, max_length=max_length)
    problem = markup_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _optional(kind: Any) -> Any:
    return Annotated[kind | None, BeforeValidator(_unset_if_empty)]


UnescapedText300 = Annotated[str, AfterValidator(partial(_unescaped_text, max_length=300))]


class Operator(BaseModel):
    """`extra.operator`: the centre that runs the site (the footer's 主办 and
    contact line; `email` and `phone` where residents report a wrong
    listing: "信息有误？", publication/operator.py)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    name: Name(60) = Field(description="中心名称：页脚的“主办”")  # type: ignore[valid-type]
    contact: Text(200) = Field("", description="页脚的联系方式一行")  # type: ignore[valid-type]
    email: Email | None = Field(None, description="居民报告信息有误时写信的邮箱")
    phone: Annotated[Phone, WithJsonSchema(fields.PHONE_SCHEMA)] | None = Field(None, description="居民报告信息有误时打的电话")
    sample: bool = Field(False, description="true：项目自带的示例主办单位")

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: Any) -> Phone | None:
        return None if value is None else fields.phone(value)

    def sample_reasons(self) -> list[str]:
        """Why this is (still) the shipped sample operator; empty when not."""
        reasons = []
        if self.sample:
            reasons.append("标着 sample: true")
        for label, value in (("名称", self.name), ("联系方式", self.contact)):
            if SAMPLE_IN_NAME.search(value):
                reasons.append(f"{label}里写着“示例”")
        if self.email and reserved_domain(self.email):
            reasons.append(f"邮箱 {self.email} 是示例地址（{self.email.rsplit('@', 1)[1]} 收不到信）")
        if self.phone and shipped_phone(self.phone.digits):
            reasons.append(f"电话 {self.phone.display} 是项目自带的虚构号码")
        return reasons

    def report_contact(self) -> ReportContact | None:
        if not self.email and not self.phone:
            return None
        return ReportContact(self.email, self.phone, sample=bool(self.sample_reasons()))


class Extra(BaseModel):
    """`extra:` of mkdocs.yml."""

    model_config = ConfigDict(extra="forbid")

    operator: Operator | None = Field(None, description="运营单位（见 Operator）")
    publish: StrictBool = Field(
        False, description="true：每次构建都是正式发布，./run check 列出的内容一律拒绝（平时用 ./run publish）"
    )
    icp: _optional(Name(40)) = Field(None, description="ICP 备案号，页脚显示，链接到 beian.miit.gov.cn")  # type: ignore[valid-type]
    police_beian: _optional(Name(40)) = Field(None, description="公网安备号，页脚显示")  # type: ignore[valid-type]
    police_beian_code: _optional(Name(40)) = Field(None, description="公网安备号的查询代码")  # type: ignore[valid-type]
    # Material's own (MATERIAL_EXTRA), as Material documents them.
    alternate: Any = None
    analytics: Any = None
    annotate: Any = None
    consent: Any = None
    generator: Any = None
    homepage: Any = None
    polyfills: Any = None
    scope: Any = None
    social: Any = None
    status: Any = None
    tags: Any = None
    version: Any = None


class SiteSettings(BaseModel):
    """The operator's settings: the top of mkdocs.yml and `extra:` (other
    MkDocs settings are MkDocs' to check, and pass here unread)."""

    model_config = ConfigDict(extra="ignore")

    site_name: _optional(Name(40, unescaped=True)) = Field(None, description="网站名称")  # type: ignore[valid-type]
    site_description: _optional(UnescapedText300) = Field(None, description="搜索结果和分享卡片里的网站简介")  # type: ignore[valid-type]
    site_author: _optional(Name(60, unescaped=True)) = Field(None, description="网站的作者：中心名称")  # type: ignore[valid-type]
    site_url: Any = Field(None, description="网站正式发布的地址（站点地图、分享卡片、二维码）")
    copyright: _optional(Name(100, unescaped=True)) = Field(None, description="页脚的版权一行")  # type: ignore[valid-type]
    extra: Extra = Field(default_factory=Extra)


# The settings as README's operator table names them (tests/unit/test_plugin.py).
def documented_settings() -> list[str]:
    """Every operator setting: `site_name`, …, `extra.operator`, `extra.publish`…"""
    top = [name for name in SiteSettings.model_fields if name != "extra"]
    return top + [f"extra.{name}" for name in Extra.model_fields if name not in MATERIAL_EXTRA]


def _unknown_setting(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"是不是 {close[0]}？" if close else f"可写的有 {'、'.join(known)}。"
    return (
        f"不认识的设置 “{key}”，可能是拼写错误；{hint}拼错的设置不起作用（如 publish 拼错，正式发布的检查就不会执行）。"
        "运营者的设置见 README 的 “For the operator” 一节。"
    )


def validate_settings(values: Mapping[str, Any], doc: YamlDocument) -> tuple[SiteSettings, list[DataError]]:
    """The settings in `values` (MkDocs' config, or mkdocs.yml as parsed),
    each mistake a message with its line in `doc` (mkdocs.yml as written).
    A setting with a mistake is left at its default, the others kept."""
    data = {name: values.get(name) for name in SiteSettings.model_fields if name != "extra"}
    extra = values.get("extra")
    data["extra"] = dict(extra) if isinstance(extra, Mapping) else extra
    errors: list[DataError] = []
    # Each pass drops the settings that had mistakes: the next one keeps the rest.
    for _ in range(3):
        try:
            return SiteSettings.model_validate(data), errors
        except pydantic.ValidationError as exc:
            errors += _messages(doc, exc)
            data = _without(data, [error["loc"] for error in exc.errors()])
    return SiteSettings(), errors


def _messages(doc: YamlDocument, exc: pydantic.ValidationError) -> list[DataError]:
    out = []
    for error, message in zip(exc.errors(include_url=False), errors_from_validation(doc, exc, (), {})):
        loc = error["loc"]
        if error["type"] == "extra_forbidden" and len(loc) == 2 and loc[0] == "extra":
            known = [name for name in Extra.model_fields if name not in MATERIAL_EXTRA]
            message = DataError(message.file, message.line, message.where, _unknown_setting(str(loc[1]), known))
        out.append(message)
    return out


def _without(data: dict[str, Any], locs: list[tuple[Any, ...]]) -> dict[str, Any]:
    """`data` without the top-level settings and `extra` keys named in `locs`."""
    data = dict(data)
    extra = dict(data["extra"]) if isinstance(data.get("extra"), dict) else data.get("extra")
    for loc in locs:
        if loc and loc[0] == "extra" and len(loc) > 1 and isinstance(extra, dict):
            extra.pop(loc[1], None)
        elif loc and loc[0] == "extra":
            extra = None
        elif loc:
            data.pop(loc[0], None)
    data["extra"] = extra if extra is not None else {}
    return data


def repo_url_problem(repo_url: str | None) -> DataError | None:
    """`repo_url` pointing at GitHub or a GitLab: Material's bundle would fetch
    the repository's stars from that host on every page."""
    repo = repo_url or ""
    if not re.search(r"github\.com/|gitlab", repo, re.I):
        return None
    host = repo.split("/")[2] if "//" in repo else repo
    return DataError(
        CONFIG_FILE,
        None,
        f"repo_url ({repo})",
        f"设置后，Material 的脚本会在每个页面上从 {host} 读取仓库的星标数，访问者的浏览器就会连接其他网站（内容安全策略也会拦下它）。"
        "请删除 repo_url；需要给出代码仓库时，把链接写在页面正文里。",
    )


def check_settings(
    config: Mapping[str, Any], text: str, shown: str = CONFIG_FILE, categories: list[Any] | None = None
) -> list[DataError]:
    """Every mistake in the operator's settings. `config`: the settings as
    read (MkDocs' config, or the parsed file); `text`: mkdocs.yml as written,
    for line numbers; `categories`: the blog's categories_allowed."""
    doc = parse_config(text, shown).doc if text else YamlDocument(shown, {}, {})
    _, errors = validate_settings(config, doc)
    errors += category_errors(categories or [], text, shown)
    problem = repo_url_problem(config.get("repo_url"))
    return errors + ([problem] if problem else [])


def category_errors(categories: list[Any], text: str, shown: str = CONFIG_FILE) -> list[DataError]:
    """The blog's categories_allowed: names Material prints unescaped."""
    errors = []
    for index, category in enumerate(categories):
        problem = None
        if not isinstance(category, str):
            problem = "分类名应为文字。"
        else:
            try:
                check_name(category, max_length=CATEGORY_MAX)
            except ValueError as exc:
                problem = str(exc)
            problem = problem or markup_problem(category)
        if problem:
            errors.append(DataError(shown, _category_line(text, category), f"plugins.blog.categories_allowed[{index}]", problem))
    return errors


def line_of(text: str, dotted: str) -> int | None:
    """The line of a setting in mkdocs.yml's text: each part of the dotted
    name is looked for below the previous one, more indented."""
    lines = text.splitlines()
    start, indent = 0, -1
    found = None
    for part in dotted.split("."):
        pattern = re.compile(rf"^(\s*){re.escape(part)}\s*:")
        for number in range(start, len(lines)):
            match = pattern.match(lines[number])
            if match and len(match[1]) > indent:
                found, start, indent = number, number + 1, len(match[1])
                break
            if lines[number].strip() and not lines[number].lstrip().startswith("#") and len(lines[number]) - len(lines[number].lstrip()) <= indent:
                return None
        else:
            return None
    return found + 1 if found is not None else None


def _category_line(text: str, category: Any) -> int | None:
    start = line_of(text, "plugins") or 1
    for number, line in enumerate(text.splitlines()[start - 1 :], start=start):
        if line.strip().startswith("- ") and str(category) in line:
            return number
    return None


# -- mkdocs.yml as written ----------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it (PyYAML's YAML 1.1), with its own tags:
    `!!python/name:…` (Markdown extensions' functions) read as None, `!ENV`
    as the variable's value (or the default), `!relative` as None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else None
    return default


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_constructor("!relative", lambda loader, node: None)


@dataclass(frozen=True)
class SiteConfig:
    """mkdocs.yml, read with line numbers (for `mkdocs.yml:10: site_url: …`)."""

    root: Path
    doc: YamlDocument
    text: str

    @property
    def data(self) -> Mapping[str, Any]:
        return self.doc.data if isinstance(self.doc.data, Mapping) else {}

    @property
    def extra(self) -> Mapping[str, Any]:
        extra = self.data.get("extra")
        return extra if isinstance(extra, Mapping) else {}

    @property
    def docs_dir(self) -> Path:
        return self.root / str(self.data.get("docs_dir") or "docs")

    def shown(self, path: Path) -> str:
        """A path as editors see it: relative to the project."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    @property
    def blog_dir(self) -> str | None:
        """The news (Material's blog plugin) folder under docs/, if any."""
        for plugin in self.data.get("plugins") or ():
            if plugin == "blog" or plugin == "material/blog":
                return "blog"
            if isinstance(plugin, Mapping):
                for name in ("blog", "material/blog"):
                    if name in plugin:
                        settings = plugin[name] if isinstance(plugin[name], Mapping) else {}
                        return str(settings.get("blog_dir") or "blog").strip("/")
        return None

    def excluded(self) -> pathspec.PathSpec:
        """The pages MkDocs leaves out: its defaults and `exclude_docs`."""
        lines = [".*", "/templates/", *str(self.data.get("exclude_docs") or "").splitlines()]
        return pathspec.GitIgnoreSpec.from_lines(lines)


def read_config(path: Path) -> SiteConfig:
    """Read mkdocs.yml. Raises DataFileError when it is not YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise DataFileError(DataError(path.name, None, "", "找不到这个文件；请在项目的根目录运行。")) from None
    return parse_config(text, path.name, path.parent)


def parse_config(text: str, name: str = CONFIG_FILE, root: Path | None = None) -> SiteConfig:
    """mkdocs.yml's text, parsed with line numbers. Raises DataFileError
    when it is not YAML."""
    try:
        loader = _ConfigLoader(text)  # the reader checks the characters here
    except yaml.YAMLError as exc:
        line, message = yaml_problem(exc, text)
        raise DataFileError(DataError(name, line, "", message)) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        # Worded as the data files' (the line of its cause, in Chinese).
        line, message = yaml_problem(exc, text)
        raise DataFileError(DataError(name, line, "", message)) from None
    finally:
        loader.dispose()
    lines: dict[tuple[str | int, ...], int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return SiteConfig(root or Path.cwd(), YamlDocument(name, data, lines), text)


def _record_lines(node: yaml.Node, loc: tuple[str | int, ...], lines: dict) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*loc, key.value)
            lines[child] = key.start_mark.line + 1
            _record_lines(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            _record_lines(item, (*loc, index), lines)
