"""The publication check: everything that is not ready for residents, in one list.

A new site starts as a demo: invented stations, a sample district line,
activities, news posts and operator, articles no professional has reviewed,
templates with words still to fill in. Right for a preview, dangerous on a
real site. This module lists every such thing in one run, grouped by file,
each with its line and what to do. The kinds (`KINDS`):

- site-url            `site_url` missing or an example address (example.org…):
                      posters' QR codes, the sitemap and calendars use it;
- sample-operator     `extra.operator` is the shipped sample (its flag, 示例 in
                      its name, an example.org email, an invented phone), or
                      a news author is;
- no-contact          no operator, or no email or phone for corrections;
- sample-flag         a data file marked `meta.sample: true`;
- sample-station, sample-hotline, sample-event
                      an entry recognised as the shipped sample (samples.py:
                      its flag, its 示例 words, or its fingerprint), so that
                      deleting `sample: true` alone does not make it real;
- unverified-hotline  a crisis line (on every page) not verified within
                      `meta.verify_every_days`, or any line past twice that;
- sample-campaign     emergency mode on with the sample campaign;
- sample-post         a news post marked `sample: true`, with the 示例内容 box,
                      or the shipped one;
- unreviewed          a page with `reviewer_sample: true` or a reviewer
                      “待专业人员审核”; a data file that says it is unreviewed;
- placeholder         words `./run new` leaves to fill in (【待填写】), or a
                      template's 示例 box (docs/emergency/sample-campaign.md);
- sample-text         the invented district (示例区) or a （示例） note left in
                      a page, or 示例 in mkdocs.yml;
- data-error          a data file that cannot be read or has a mistake
                      (`./run check` only: a build reports those itself).

One list, three ways in:

- `./run check` (`python -m mhsite.publication`) prints it in seconds without
  building the site; its exit status is 1 when anything blocks publication;
- a build in publish mode (`extra.publish: true` in mkdocs.yml, or
  `MH_PUBLISH=1` in the environment, which `./run publish` and the
  publishing workflow set) stops with it (the plugin, on_config);
- any other build (a preview) prints a one-line summary as INFO, never a
  failure: a sample, or a date passing, must never block a preview or an
  urgent fix.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mhsite import PROJECT
from mhsite.audiences.model import AudienceList, load_audiences
from mhsite.common.clock import read_clock
from mhsite.common.data_files import DataError, DataFileError, YamlDocument, load_yaml, validate_document
from mhsite.common.fields import parse_date
from mhsite.common.front_matter import read_front_matter
from mhsite.config import Operator, SiteConfig, check_settings, read_config
from mhsite.emergency.model import load_emergency
from mhsite.events.model import EventList, load_events
from mhsite.hotlines.model import HotlineDirectory, load_hotlines
from mhsite.publication.samples import (
    LEGACY_PLACEHOLDERS,
    PLACEHOLDER,
    SAMPLE_BOX,
    SAMPLE_IN_NAME,
    SAMPLE_WORDS,
    is_shipped,
    post_fingerprint,
    reserved_host,
    words_in,
)
from mhsite.stations.model import StationNetwork, load_stations

ROOT = PROJECT

# Each kind and how the summary counts it, in the order of the list.
KINDS: dict[str, str] = {
    "site-url": "网站地址未设置或是示例",
    "sample-operator": "示例主办单位",
    "no-contact": "缺少纠错联系方式",
    "sample-flag": "标为示例的数据文件",
    "sample-station": "示例站点",
    "sample-hotline": "示例热线",
    "unverified-hotline": "超过核实期限的热线",
    "sample-event": "示例活动",
    "sample-campaign": "示例应急专题",
    "sample-post": "示例动态",
    "unreviewed": "未经专业人员审核",
    "placeholder": "模板和待填写的文字",
    "sample-text": "示例文字",
    "data-error": "数据文件写法错误",
}

PUBLISH_ENV = "MH_PUBLISH"


@dataclass(frozen=True)
class Finding:
    """One thing not ready for residents: where it is, and what to do."""

    kind: str  # a key of KINDS
    file: str  # as editors see it: mkdocs.yml, docs/_data/stations.yml
    line: int | None
    where: str  # the entry or setting ("stations[0] (district-centre)"), or ""
    message: str  # what is wrong and what to do, in Chinese

    def __str__(self) -> str:
        position = f"{self.file}:{self.line}" if self.line else self.file
        return f"{position}: {self.where}: {self.message}" if self.where else f"{position}: {self.message}"


def publish_mode(extra_publish: Any) -> bool:
    """Is this the build that is published? `extra.publish: true` in
    mkdocs.yml, or MH_PUBLISH=1 (or true) in the environment: `./run publish`
    and the publishing workflow set it, so that the shipped mkdocs.yml can
    keep `publish: false` for previews."""
    return extra_publish is True or os.environ.get(PUBLISH_ENV, "").strip().lower() in ("1", "true", "yes")


# -- mkdocs.yml -------------------------------------------------------------------


def read_operator(config: SiteConfig) -> tuple[Operator | None, list[DataError]]:
    """`extra.operator`, checked (None when it is missing or has mistakes)."""
    if config.extra.get("operator") is None:
        return None, []
    return validate_document(config.doc, Operator, ("extra", "operator"))


# -- The data files -----------------------------------------------------------------


@dataclass
class DataFiles:
    """The data files, as the hooks load them (a build passes its own)."""

    hotlines: HotlineDirectory | None = None
    stations: StationNetwork | None = None
    events: EventList | None = None
    audiences: AudienceList | None = None
    # Mistakes in the files (listed by `./run check`; a build reports its own).
    errors: list[DataError] = field(default_factory=list)


def load_data(config: SiteConfig, today: date) -> DataFiles:
    """Load the data files with the hooks' loaders, for `./run check`.
    `today`: the checks' date (Clock.today: the real one, as in a build)."""
    docs = config.docs_dir
    out = DataFiles()
    out.errors += check_settings(config.data, config.text, config.doc.file)
    try:
        out.audiences, errors, _ = load_audiences(docs / "_data/audiences.yml", config.shown(docs / "_data/audiences.yml"))
        out.errors += errors
    except DataFileError as exc:
        out.errors += exc.errors
    names = out.audiences.names if out.audiences is not None else {}
    try:
        out.hotlines, errors, _ = load_hotlines(docs / "_data/hotlines.yml", config.shown(docs / "_data/hotlines.yml"), today, names)
        out.errors += errors
    except DataFileError as exc:
        out.errors += exc.errors
    try:
        out.stations, errors, _ = load_stations(docs / "_data/stations.yml", config.shown(docs / "_data/stations.yml"), today, names)
        out.errors += errors
    except DataFileError as exc:
        out.errors += exc.errors
    if out.stations is not None and out.hotlines is not None:
        network = out.stations
        try:
            out.events, errors, _ = load_events(
                docs / "_data/events.yml",
                config.shown(docs / "_data/events.yml"),
                network.by_id,
                network.areas,
                names,
                network.meta.coordinates,
                [s.id for s in network.stations if network.is_sample(s)],
                network.refused,
            )
            out.errors += errors
        except DataFileError as exc:
            out.errors += exc.errors
    return out


# -- The check ------------------------------------------------------------------------


def check(config: SiteConfig, now: datetime, loaded: DataFiles) -> list[Finding]:
    """Everything not ready for residents, in list order (by file, then line).
    `now`: the build's moment (is an emergency campaign on?); the dates of the
    data files' checks are those their loaders were given (`load_data`)."""
    findings: list[Finding] = []
    findings += _site_findings(config)
    findings += _operator_findings(config)
    findings += _author_findings(config)
    if loaded.stations is not None:
        findings += _station_findings(loaded.stations, config.root)
    if loaded.hotlines is not None:
        findings += _hotline_findings(loaded.hotlines)
    if loaded.events is not None:
        findings += _event_findings(loaded.events)
    findings += _emergency_findings(config, now)
    findings += _data_text_findings(config)
    for path in _pages(config):
        findings += _page_findings(config, path)
    findings += [Finding("data-error", e.file, e.line, e.where, e.message) for e in loaded.errors]
    return sorted(findings, key=_order)


def _order(finding: Finding) -> tuple:
    rank = 0 if finding.file == "mkdocs.yml" else 1 if "/_data/" in finding.file or finding.file.endswith(".yml") else 2
    return (rank, finding.file, finding.line or 0, list(KINDS).index(finding.kind))


def _site_findings(config: SiteConfig) -> list[Finding]:
    findings = []
    url = config.data.get("site_url")
    line = config.doc.line_of(("site_url",)) if "site_url" in config.data else None
    use = "海报上的二维码、站点地图、分享卡片、活动日历和“信息有误”邮件里的网址都用它"
    if not url or not isinstance(url, str):
        findings.append(
            Finding("site-url", "mkdocs.yml", line, "site_url", f"没有写网站的正式地址：请写上，如 https://xinli.某某区.gov.cn/（{use}）。")
        )
    elif reserved_host(urlsplit(url).hostname or "localhost"):
        findings.append(
            Finding(
                "site-url",
                "mkdocs.yml",
                line,
                "site_url",
                f"还是示例地址 {url}：改成网站正式发布的地址，如 https://xinli.某某区.gov.cn/（{use}）。",
            )
        )
    # 示例 anywhere else in the settings: the site's name, description, author…
    operator = _subtree_lines(config.doc, ("extra", "operator"))
    lines, words = [], []
    for number, line_text in enumerate(config.text.splitlines(), start=1):
        value = re.sub(r"(^|\s)#.*$", "", line_text)
        if number in operator or not SAMPLE_IN_NAME.search(value):
            continue
        lines.append(number)
        words.append(words_in(value, name=True) or "示例")
    if lines:
        findings.append(
            Finding(
                "sample-text",
                "mkdocs.yml",
                lines[0],
                "",
                f"第 {_line_list(lines)} 行还有示例文字（{_quoted(words)}）：改成本区、本中心真实的名称"
                "（网站名称、简介、作者、版权和动态订阅的标题）。",
            )
        )
    return findings


def _subtree_lines(doc: YamlDocument, loc: tuple[str, ...]) -> range:
    """The lines of the mapping at `loc` (its key to its last value)."""
    lines = [line for key, line in doc.lines.items() if key[: len(loc)] == loc]
    return range(min(lines), max(lines) + 1) if lines else range(0)


def _operator_findings(config: SiteConfig) -> list[Finding]:
    where = "extra.operator"
    if config.extra.get("operator") is None:
        return [
            Finding(
                "no-contact",
                "mkdocs.yml",
                config.doc.line_of(("extra",)),
                where,
                "没有写主办单位：请在 extra: 下写 operator:，包括 name（中心名称）和纠错用的 email、phone（见 README 的运营者设置）。",
            )
        ]
    operator, errors = read_operator(config)
    if operator is None:
        return []  # its mistakes are listed (data-error) or reported by the build
    line = config.doc.line_of(("extra", "operator"))
    findings = []
    reasons = operator.sample_reasons()
    if reasons:
        findings.append(
            Finding(
                "sample-operator",
                "mkdocs.yml",
                line,
                where,
                f"还是项目自带的示例主办单位（{'；'.join(reasons)}）：写上本中心的名称、联系方式和纠错用的 email、phone，再删掉 sample: true。",
            )
        )
    if not operator.email and not operator.phone:
        findings.append(
            Finding(
                "no-contact",
                "mkdocs.yml",
                line,
                where,
                "没有纠错联系方式：居民发现站点、热线或活动的信息有误时，没有办法告诉你们。请在 extra.operator 下写 email（邮箱）"
                "和 phone（电话）：每个站点、热线、活动页面和“找不到页面”页都会显示。",
            )
        )
    return findings


def _author_findings(config: SiteConfig) -> list[Finding]:
    blog = config.blog_dir
    path = config.docs_dir / (blog or "") / ".authors.yml"
    if blog is None or not path.is_file():
        return []
    try:
        doc = load_yaml(path, config.shown(path))
    except DataFileError:
        return []  # the build reports it
    authors = doc.data.get("authors") if isinstance(doc.data, Mapping) else None
    findings = []
    for key, author in (authors or {}).items() if isinstance(authors, Mapping) else ():
        if not isinstance(author, Mapping):
            continue
        words = [w for w in (words_in(str(author.get(f) or ""), name=True) for f in ("name", "description")) if w]
        if words:
            findings.append(
                Finding(
                    "sample-operator",
                    doc.file,
                    doc.line_of(("authors", key)),
                    f"authors.{key}",
                    f"动态的作者还是示例（写着{_quoted(words)}）：改成本中心的名称和介绍。",
                )
            )
    return findings


def _station_findings(network: StationNetwork, root: Path) -> list[Finding]:
    findings = []
    if network.sample_line is not None:
        findings.append(
            Finding(
                "sample-flag",
                network.file,
                network.sample_line,
                "meta.sample",
                "整个文件标为示例数据（sample: true）：把示例站点都换成本区真实的站点后，删掉这一行。",
            )
        )
    region = words_in(network.meta.region, name=True)
    if region:
        findings.append(
            Finding(
                "sample-text",
                network.file,
                _first_line(root / network.file, r"^\s*region:"),
                "meta.region",
                f"地区名称还是示例“{network.meta.region}”：改成本区的名称（站点页的标题里会显示）。",
            )
        )
    for sample in network.samples.values():
        findings.append(
            Finding(
                "sample-station",
                sample.file,
                sample.line,
                sample.where,
                f"项目自带的示例站点（{sample.reason_text}）：换成本区真实站点的名称、地址、电话和位置（每个都打电话核实），或删掉这一条。",
            )
        )
    return findings


def _hotline_findings(directory: HotlineDirectory) -> list[Finding]:
    findings = []
    for sample in directory.samples.values():
        findings.append(
            Finding(
                "sample-hotline",
                sample.file,
                sample.line,
                sample.where,
                f"示例热线（{sample.reason_text}）：换成本区真实的热线（号码和接听时间打电话核实）并删掉 sample: true，或删掉这一条。",
            )
        )
    for late in directory.unverified:
        if late.id in directory.samples:
            continue  # listed above: it goes anyway
        if late.crisis and late.age > late.limit:
            why = f"这是求助热线（crisis: true，每一页顶部都显示），要求每 {late.limit} 天核实一次"
        elif late.age > 2 * late.limit:
            why = f"超过了核实期限（每 {late.limit} 天）的两倍"
        else:
            continue  # a reminder in every build, not a reason to hold the site back
        findings.append(
            Finding(
                "unverified-hotline",
                directory.file,
                late.line,
                late.where,
                f"已有 {late.age} 天未核实（{why}）：请拨打核实号码和接听时间，再把 verified 改为核实当天的日期。",
            )
        )
    return findings


def _event_findings(events: EventList) -> list[Finding]:
    findings = []
    if events.sample_line is not None:
        findings.append(
            Finding(
                "sample-flag",
                events.file,
                events.sample_line,
                "meta.sample",
                "整个文件标为示例活动（sample: true）：把示例活动都换成本区真实的活动（或删掉）后，删掉这一行。",
            )
        )
    for sample in events.samples.values():
        findings.append(
            Finding(
                "sample-event",
                sample.file,
                sample.line,
                sample.where,
                f"示例活动（{sample.reason_text}）：换成本区真实的活动，或删掉这一条。",
            )
        )
    return findings


def _emergency_findings(config: SiteConfig, now: datetime) -> list[Finding]:
    path = config.docs_dir / "_data/emergency.yml"
    if not path.is_file():
        return []
    try:
        setting = load_emergency(path, config.shown(path)).value
    except DataFileError:
        return []  # the build reports it
    campaign = setting.campaign
    if campaign is None or campaign.state(now) == "over":
        return []
    reasons = []
    if campaign.link.rsplit("/", 1)[-1] == "sample-campaign.md":
        reasons.append(f"专题页是项目自带的示例 {campaign.link}")
    for label, value in (("标题", campaign.title), ("通知", campaign.message)):
        word = words_in(value, name=True)
        if word:
            reasons.append(f"{label}里写着“{word}”")
    if not reasons:
        return []
    return [
        Finding(
            "sample-campaign",
            setting.file,
            setting.line,
            "emergency",
            f"应急模式用的是示例（{'；'.join(reasons)}）：写好这次真实的专题页，把 link 改成它的路径，标题和通知写这次的内容；"
            "不需要应急模式时，把 emergency: 下面的内容删掉或注释掉。",
        )
    ]


# Words that say a text has not been reviewed yet (待专业人员审核, 尚未经专业人员审核).
_UNREVIEWED = re.compile(r"(?:待|尚未|未经|没有经?)[^，。；：\n]{0,10}审核")


def _data_text_findings(config: SiteConfig) -> list[Finding]:
    """Data files that say, in a comment or a value, that they are unreviewed
    (docs/_data/faq.yml: “本文件为示例内容，尚未经专业人员审核。”)."""
    findings = []
    folder = config.docs_dir / "_data"
    for path in sorted(folder.rglob("*.yml")) if folder.is_dir() else ():
        lines = [n for n, text in enumerate((_read(path) or "").splitlines(), 1) if _UNREVIEWED.search(text)]
        if lines:
            findings.append(
                Finding(
                    "unreviewed",
                    config.shown(path),
                    lines[0],
                    "",
                    f"第 {_line_list(lines)} 行说内容还没有经专业人员审核：请有资质的专业人员审核全部内容（改好的写上 reviewed 日期）后，删掉这句话。",
                )
            )
    return findings


def _pages(config: SiteConfig) -> Iterator[Path]:
    """The Markdown pages MkDocs builds (what `exclude_docs` leaves in)."""
    docs = config.docs_dir
    excluded = config.excluded()
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs).as_posix()
        if not excluded.match_file(relative):
            yield path


def _page_findings(config: SiteConfig, path: Path) -> list[Finding]:
    shown = config.shown(path)
    text = _read(path)
    if text is None:
        return []  # not UTF-8: the build reports it
    front, _ = read_front_matter(text, shown)  # its mistakes: the build reports them
    meta = front.data if front is not None else {}

    def line_of(key: str) -> int | None:
        return front.doc.line_of((key,)) if front is not None and key in meta else None

    blog = config.blog_dir
    relative = path.relative_to(config.docs_dir).as_posix()
    if blog is not None and relative.startswith(f"{blog}/posts/"):
        if meta.get("draft") is True:
            return []  # not published
        post = _sample_post(shown, text, meta, line_of)
        if post is not None:
            return [post]

    findings: list[Finding] = []
    covered: set[int] = set()
    reasons, lines = [], []
    if meta.get("reviewer_sample") is True:
        reasons.append("reviewer_sample: true")
        lines.append(line_of("reviewer_sample"))
    reviewer = meta.get("reviewer")
    if isinstance(reviewer, str) and (_UNREVIEWED.search(reviewer) or SAMPLE_IN_NAME.search(reviewer)):
        reasons.append(f"审核人写的是“{reviewer}”")
        lines.append(line_of("reviewer"))
    if reasons:
        known = [n for n in lines if n]
        findings.append(
            Finding(
                "unreviewed",
                shown,
                min(known) if known else 1,
                "",
                f"还没有经专业人员审核（{'；'.join(reasons)}）：请有资质的专业人员审核后，把 reviewer 改成审核人的姓名和职称、"
                "reviewed 改成审核日期，并删掉 reviewer_sample 这一行。",
            )
        )
        covered.update(known)
    box = SAMPLE_BOX.search(text)
    if box:
        line = text.count("\n", 0, box.start()) + 1
        title = box.group(0).split('"')[1]
        findings.append(
            Finding(
                "placeholder",
                shown,
                line,
                "",
                f"这一页是示例或模板（第 {line} 行的“{title}”提示框），会作为网页发布：不用就删掉这个文件；"
                "要用就改写成真实的内容，并删掉提示框和所有“（示例）”字样。",
            )
        )
        covered.add(line)
    placeholders, samples, words = [], [], []
    for number, line_text in _text_lines(text):
        if number in covered:
            continue
        if PLACEHOLDER in line_text or any(p in line_text for p in LEGACY_PLACEHOLDERS):
            placeholders.append(number)
            continue
        found = SAMPLE_WORDS.search(line_text)
        if found:
            samples.append(number)
            words.append(found.group(0))
    if placeholders:
        findings.append(
            Finding(
                "placeholder",
                shown,
                placeholders[0],
                "",
                f"第 {_line_list(placeholders)} 行是新建页面的模板留下的待填写文字（“{PLACEHOLDER}”）：改写成本页的内容，并删掉“{PLACEHOLDER}”。",
            )
        )
    if samples:
        findings.append(
            Finding(
                "sample-text",
                shown,
                samples[0],
                "",
                f"第 {_line_list(samples)} 行还有示例文字（{_quoted(words)}）：改成本区、本中心真实的名称和内容。",
            )
        )
    return findings


def _sample_post(shown: str, text: str, meta: Mapping[str, Any], line_of: Any) -> Finding | None:
    reasons = []
    line = None
    if meta.get("sample") is True:
        reasons.append("标着 sample: true")
        line = line_of("sample")
    box = SAMPLE_BOX.search(text)
    if box:
        reasons.append(f"有“{box.group(0).split(chr(34))[1]}”提示框")
        line = line or text.count("\n", 0, box.start()) + 1
    title = next((t[2:].strip() for t in text.splitlines() if t.startswith("# ")), "")
    created = meta.get("date")
    created = created.get("created") if isinstance(created, Mapping) else created
    try:
        day = parse_date(created)
    except ValueError:
        day = None
    if day is not None and is_shipped(post_fingerprint(title, day)):
        reasons.append("标题和日期与项目自带的示例动态相同")
        line = line or line_of("date")
    if not reasons:
        return None
    return Finding(
        "sample-post",
        shown,
        line or 1,
        "",
        f"示例动态（{'；'.join(reasons)}）：删掉这篇，或改写成本中心真实的动态，并删掉 sample: true 和“示例内容”提示框。",
    )


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"`+[^`\n]*`+")
_COMMENT = re.compile(r"<!--.*?-->")


def _text_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of the lines of a Markdown file that readers see:
    fenced code, inline code and HTML comments left out (the editors' guide
    shows `region: 示例区` as an example, and that is not sample text)."""
    fence: str | None = None
    comment = False
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        line = _COMMENT.sub("", line)
        if comment:
            if "-->" in line:
                comment, line = False, line.split("-->", 1)[1]
            else:
                continue
        if "<!--" in line:
            comment, line = True, line.split("<!--", 1)[0]
        yield number, _CODE_SPAN.sub("", line)


def _read(path: Path) -> str | None:
    """A file's text; None when it cannot be read as UTF-8 (the build says so)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _first_line(path: Path, pattern: str) -> int | None:
    """The first line of a file matching `pattern`."""
    text = _read(path)
    if text is None:
        return None
    match = re.search(pattern, text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _line_list(lines: list[int], most: int = 12) -> str:
    shown = "、".join(str(n) for n in lines[:most])
    return shown if len(lines) <= most else f"{shown} 等 {len(lines)} "


def _quoted(words: list[str]) -> str:
    return "、".join(f"“{w}”" for w in dict.fromkeys(words))


# -- Output ---------------------------------------------------------------------------


def counts(findings: list[Finding]) -> str:
    """"示例站点 55、示例活动 16…", in the order of KINDS."""
    by_kind = {kind: sum(1 for f in findings if f.kind == kind) for kind in KINDS}
    return "、".join(f"{KINDS[kind]} {n}" for kind, n in by_kind.items() if n)


def listing(findings: list[Finding], heading: str) -> str:
    """The whole list, grouped by file: what `./run check` prints and what a
    publishing build stops with."""
    out = [heading, ""]
    files: dict[str, list[Finding]] = {}
    for finding in findings:
        files.setdefault(finding.file, []).append(finding)
    for file, items in files.items():
        out.append(file)
        out += [f"  {item}" for item in items]
        out.append("")
    out.append(f"共 {len(findings)} 处：{counts(findings)}。")
    return "\n".join(out)


def summary(findings: list[Finding]) -> str:
    """One line for a preview build: the counts, and the files of the kinds
    with few findings (a page just started with ./run new is named)."""
    parts = []
    for kind, label in KINDS.items():
        mine = [f for f in findings if f.kind == kind]
        if not mine:
            continue
        files = list(dict.fromkeys(f.file for f in mine))
        parts.append(f"{label} {len(mine)}" + (f"（{'、'.join(files)}）" if len(files) <= 3 else ""))
    return (
        f"正式发布前检查：还有 {len(findings)} 处示例、未审核或待填写的内容，正式发布时会被拒绝："
        f"{'；'.join(parts)}。运行 ./run check 查看清单和改法。"
    )


def heading(findings: list[Finding], why: str) -> str:
    files = len({f.file for f in findings})
    return f"{why}：有 {len(findings)} 处还不能给居民看（{files} 个文件），逐条改好后再发布。"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./run check",
        description="正式发布前检查：列出所有还不能给居民看的内容（示例数据、未审核的页面、待填写的文字……），不用构建网站。"
        "有需要处理的内容时，退出码为 1。",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="项目的根目录（默认：本文件所在的项目）")
    args = parser.parse_args(argv)
    try:
        config = read_config(args.root / "mkdocs.yml")
    except DataFileError as exc:
        print(exc)
        return 1
    clock = read_clock()
    findings = check(config, clock.moment, load_data(config, clock.today))
    if not findings:
        print("正式发布前检查：没有发现示例、未审核或待填写的内容，可以正式发布（./run publish）。")
        return 0
    print(listing(findings, heading(findings, "正式发布前检查")))
    print("每处改好后再运行 ./run check。各文件的写法是否正确，./run site 会逐条检查。")
    return 1


if __name__ == "__main__":
    sys.exit(main())
