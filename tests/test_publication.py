"""Nothing sample, template or unreviewed goes live (issue 15).

Builds, kept few and shared between tests:
- the shipped project in publish mode (MH_PUBLISH=1): it stops with the
  whole list, before building any page (a few seconds);
- a copy with every sample, unreviewed and template item replaced by valid,
  non-sample data (`make_publishable`): it publishes, and its pages offer
  "信息有误？" with a dialable number; with a fresh `./run new` page added,
  publish mode refuses that page (and only it);
- a copy of the shipped project with every `sample: true` deleted and a
  fresh `./run new` page: a preview builds, notes the page, and the shipped
  samples are still shown as samples (no tel: and no map links).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from conftest import ROOT, BuildResult, build_env, copy_project, mkdocs_build
from html_scan import parse
from mhsite.publication.check import KINDS, check, load_data, read_config
from mhsite.common.clock import read_clock

TODAY = date(2026, 11, 23)  # TEST_EPOCH, China


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    """`./run check` as it runs: hooks/mhsite/publication of that project."""
    return subprocess.run(
        [sys.executable, "-m", "mhsite.publication"],
        cwd=project,
        env={**build_env(), "PYTHONPATH": str(project / "hooks")},
        capture_output=True,
        text=True,
        timeout=120,
    )


def findings(project: Path):
    config = read_config(project / "mkdocs.yml")
    return check(config, read_clock().moment, load_data(config, TODAY))


def by_kind(items) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        out[item.kind] = out.get(item.kind, 0) + 1
    return out


def new_page(project: Path, *args: str) -> Path:
    """`./run new …` in `project`; the path of the page it made."""
    result = subprocess.run(
        [sys.executable, "-m", "mhsite.content.new_page", *args],
        cwd=project,
        env={**build_env(), "PYTHONPATH": str(project / "hooks")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return next(project.glob(f"docs/*/{args[1]}.md"))


# -- What the shipped project is ----------------------------------------------------


def shipped_expectations() -> dict[str, int]:
    """The counts by kind the shipped project must give, read from the
    shipped files themselves (not from the check)."""
    data = ROOT / "docs/_data"
    stations = yaml.safe_load((data / "stations.yml").read_text(encoding="utf-8"))
    events = yaml.safe_load((data / "events.yml").read_text(encoding="utf-8"))
    hotlines = yaml.safe_load((data / "hotlines.yml").read_text(encoding="utf-8"))
    pages = [p for p in (ROOT / "docs").rglob("*.md") if "_data" not in p.parts]
    posts = [p for p in pages if "posts" in p.parts and "\nsample: true\n" in p.read_text(encoding="utf-8")]
    unreviewed = [p for p in pages if "\nreviewer_sample: true\n" in p.read_text(encoding="utf-8")]
    # Pages with the invented district's name or a （示例） note outside code:
    # every unreviewed sample page's author line, the home page, the news
    # index, the sample campaign; not the sample posts (listed as a whole) nor
    # the editors' guide (which shows them as code).
    texts = [
        p
        for p in pages
        if re.search(r"示例区|（示例", re.sub(r"```.*?```|`[^`\n]*`|<!--.*?-->", "", p.read_text(encoding="utf-8"), flags=re.S))
        and p not in posts
    ]
    return {
        "site-url": 1,  # https://example.org/
        "sample-operator": 2,  # extra.operator, and the news author "centre"
        "sample-flag": 2,  # stations.yml and events.yml meta.sample
        "sample-station": len(stations["stations"]),
        "sample-hotline": sum(1 for h in hotlines["hotlines"] if h.get("sample")),
        "sample-event": len(events["events"]),
        "sample-post": len(posts),
        "unreviewed": len(unreviewed) + 1,  # + faq.yml's “尚未经专业人员审核”
        "placeholder": 1,  # docs/emergency/sample-campaign.md's “这是示例页面” box
        # + mkdocs.yml (site_name…) and stations.yml (meta.region: 示例区)
        "sample-text": len(texts) + 2,
    }


def test_the_shipped_project_lists_every_sample_and_unreviewed_item() -> None:
    items = findings(ROOT)
    expected = shipped_expectations()
    assert by_kind(items) == expected
    assert expected["sample-station"] == 55 and expected["sample-event"] == 20 and expected["unreviewed"] == 31
    # Every item names its file and line, and says what to do.
    assert all(i.file and i.line and i.message for i in items)
    station = next(i for i in items if i.kind == "sample-station")
    line = (ROOT / "docs/_data/stations.yml").read_text(encoding="utf-8").splitlines().index("  - id: district-centre") + 1
    assert str(station).startswith(f"docs/_data/stations.yml:{line}: stations[0] (district-centre): 项目自带的示例站点（")
    assert "0573-80001000 是项目自带的虚构号码" in station.message and "地址里写着“（示例地址）”" in station.message


@pytest.fixture(scope="module")
def shipped_publish_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return mkdocs_build(ROOT, tmp_path_factory.mktemp("shipped-publish") / "site", publish=True)


def test_publish_mode_refuses_the_shipped_project_with_the_whole_list(shipped_publish_build: BuildResult) -> None:
    result = shipped_publish_build
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "正式发布（publish 模式）被拒绝" in result.output
    items = findings(ROOT)
    missing = [str(i) for i in items if str(i) not in result.output]
    assert missing == [], "\n".join(missing[:5])
    assert f"共 {len(items)} 处：" in result.output
    # It stops before building pages: no page was written.
    assert not list(result.site.rglob("*.html"))


def test_extra_publish_true_is_publish_mode_too(project_copy: Path, tmp_path: Path) -> None:
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("publish: false", "publish: true", 1), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "正式发布（publish 模式）被拒绝" in result.output
    assert f"共 {len(findings(ROOT))} 处：" in result.output


def test_run_check_prints_the_same_list_and_fails() -> None:
    result = subprocess.run(["./run", "check"], cwd=ROOT, env=build_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for item in findings(ROOT):
        assert str(item) in result.stdout
    # Grouped by file: each file's name on a line of its own, before its items.
    assert "\ndocs/_data/stations.yml\n  docs/_data/stations.yml:" in result.stdout


# -- A project with all of it replaced ----------------------------------------------

STATIONS = """\
meta:
  region: 测试区
  coordinates: gcj02
kinds:
  centre: 区社会心理服务指导中心
  station: 镇（街道）心理服务站
services:
  counselling: 个体咨询
stations:
  - id: ceshi-centre
    name: 测试区社会心理服务指导中心
    kind: centre
    area: 城关街道
    address: 城关街道人民路1号
    phone: ["0573-82345678"]
    hours:
      mon-fri: "08:30-11:30, 13:30-17:00"
    services: [counselling]
    location: [30.7512, 120.7543]
    verified: 2026-11-01
  - id: chengguan-station
    name: 城关街道心理服务站
    kind: station
    area: 城关街道
    parent: ceshi-centre
    address: 城关街道文昌路2号
    phone: ["0573-62345671"]
    hours:
      mon-fri: "08:30-11:30"
    services: [counselling]
    location: [30.7601, 120.7402]
    verified: 2026-11-01
"""

EVENTS = """\
events:
  - id: 2026-12-parents-chengguan
    title: 家长沙龙：和孩子好好说话
    start: 2026-12-12 09:30
    end: 2026-12-12 11:00
    station: chengguan-station
    audience: [parents]
    register: 请拨打本站电话报名
"""

POST = """\
---
date: 2026-11-20
categories:
  - 中心动态
authors:
  - centre
description: 测试区社会心理服务指导中心的网站开通了。
---

# 中心网站开通

测试区社会心理服务指导中心的网站开通了：热线、站点和活动都在这里。

<!-- more -->

欢迎常来看看。
"""


def make_publishable(project: Path) -> Path:
    """Replace every sample, unreviewed and template item of the shipped
    project with valid, non-sample data (the invented district becomes
    测试区, a name no check looks for)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("示例区", "测试区")
    text = text.replace("https://example.org/", "https://xinli.example.gov.cn/")
    text = text.replace("地址与电话见“服务站点”页（示例数据）", "城关街道人民路1号 0573-82345678")
    text = text.replace("email: xinli@example.org", "email: xinli@example.gov.cn")
    text = text.replace('phone: "0573-8000 1000"', 'phone: "0573-82345678"')
    text = text.replace("    sample: true\n", "", 1)
    config.write_text(text, encoding="utf-8")
    docs = project / "docs"
    (docs / "_data/stations.yml").write_text(STATIONS, encoding="utf-8")
    (docs / "_data/events.yml").write_text(EVENTS, encoding="utf-8")
    hotlines = docs / "_data/hotlines.yml"
    text = hotlines.read_text(encoding="utf-8")
    hotlines.write_text(text[: text.index("  # 以下是示例")], encoding="utf-8")
    faq = docs / "_data/faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("# 本文件为示例内容，尚未经专业人员审核。\n", ""), encoding="utf-8")
    for post in (docs / "news/posts").glob("*.md"):
        post.unlink()
    (docs / "news/posts/2026-11-site-opening.md").write_text(POST, encoding="utf-8")
    authors = docs / "news/.authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8").replace("示例区", "测试区").replace("description: 示例", "description: 本中心"), encoding="utf-8")
    (docs / "emergency/sample-campaign.md").unlink()
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        new = (
            text.replace("author: 示例区社会心理服务指导中心（示例）", "author: 测试区社会心理服务指导中心")
            .replace("reviewer: 待专业人员审核（示例）", "reviewer: 测试区精神卫生中心 主任医师")
            .replace("reviewer_sample: true\n", "")
            .replace("示例区", "测试区")
        )
        if new != text:
            page.write_text(new, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def publishable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_publishable(copy_project(tmp_path_factory.mktemp("publishable") / "project"))


@pytest.fixture(scope="module")
def published(publishable: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = mkdocs_build(publishable, tmp_path_factory.mktemp("published") / "site", publish=True)
    assert result.returncode == 0, result.output
    return result


def test_the_replaced_project_has_nothing_on_the_list(publishable: Path) -> None:
    assert findings(publishable) == []
    result = run_check(publishable)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "可以正式发布" in result.stdout


def test_the_replaced_project_publishes(published: BuildResult) -> None:
    assert "正式发布前检查" not in published.output
    # Real stations get their dialling and map links.
    page = parse(published.site / "stations/chengguan-station/index.html")
    assert page.find("a", href="tel:057362345671")
    assert page.find("ul", cls="mh-maps__links")
    assert "示例" not in page.text


def mailto(href: str) -> tuple[str, dict[str, str]]:
    """The address and the decoded fields of a mailto: link (RFC 6068)."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    return unquote(parts.path), {k: v[0] for k, v in parse_qs(parts.query).items()}


def report_links(page) -> list:
    return [a for a in page.find("a") if a.attrs.get("href", "").startswith("mailto:")]


def test_report_links_name_the_entry_and_its_page(published: BuildResult) -> None:
    site = published.site
    # A station: the subject names it and its address; the operator's number is dialable.
    page = parse(site / "stations/chengguan-station/index.html")
    (link,) = report_links(page)
    address, fields = mailto(link.attrs["href"])
    assert address == "xinli@example.gov.cn"
    assert "城关街道心理服务站" in fields["subject"]
    assert "https://xinli.example.gov.cn/stations/chengguan-station/" in fields["subject"]
    assert "https://xinli.example.gov.cn/stations/chengguan-station/" in fields["body"]
    assert page.find("a", href="tel:057382345678", within="mh-verified")
    assert "信息有误？" in page.text
    # Each hotline on /hotlines/: its name, number and anchor.
    page = parse(site / "hotlines/index.html")
    hotlines = yaml.safe_load((ROOT / "docs/_data/hotlines.yml").read_text(encoding="utf-8"))["hotlines"]
    real = [h for h in hotlines if not h.get("sample")]
    subjects = [mailto(a.attrs["href"])[1]["subject"] for a in report_links(page)]
    assert len(subjects) == len(real)
    for h in real:
        assert any(h["name"] in s and f"hotlines/#{h['id']}" in s for s in subjects), h["id"]
    # An activity.
    page = parse(site / "events/2026-12-parents-chengguan/index.html")
    (link,) = report_links(page)
    subject = mailto(link.attrs["href"])[1]["subject"]
    assert "家长沙龙：和孩子好好说话" in subject and "events/2026-12-parents-chengguan/" in subject
    # The 404 page: its script adds the address the resident tried.
    page = parse(site / "404.html")
    (link,) = report_links(page)
    assert "data-report-here" in link.attrs and "找不到的页面" in mailto(link.attrs["href"])[1]["subject"]
    assert page.find("a", href="tel:057382345678")
    assert "请告诉我们。" not in page.text


def test_a_fresh_new_page_is_refused_in_publish_mode(publishable: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(publishable, project)
    page = new_page(project, "article", "winter-sleep", "冬天怎样睡个好觉")
    result = mkdocs_build(project, tmp_path / "site", publish=True)
    assert result.returncode != 0 and "Traceback" not in result.output
    items = findings(project)
    assert {i.file for i in items} == {"docs/articles/winter-sleep.md"}
    assert by_kind(items) == {"placeholder": 1, "unreviewed": 1}
    for item in items:
        assert str(item) in result.output
    placeholder = next(i for i in items if i.kind == "placeholder")
    # Every line the editor has to write: description, tags, audience,
    # sources and three lines of the body.
    written = page.read_text(encoding="utf-8").splitlines()
    lines = [n for n, line in enumerate(written, 1) if "【待填写】" in line]
    assert len(lines) == 7 and placeholder.message.startswith(f"第 {'、'.join(map(str, lines))} 行")


# -- Deleting `sample: true` is not enough ---------------------------------------------


@pytest.fixture(scope="module")
def flags_removed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    project = copy_project(tmp_path_factory.mktemp("flags-removed") / "project")
    for path in [project / "mkdocs.yml", *project.glob("docs/_data/*.yml"), *project.glob("docs/news/posts/*.md")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^\s*sample: true\b.*\n", "", text), encoding="utf-8")
    new_page(project, "article", "winter-sleep", "冬天怎样睡个好觉")
    result = mkdocs_build(project, tmp_path_factory.mktemp("flags-removed") / "site")
    assert result.returncode == 0, result.output
    return project, result


def test_without_the_flags_the_samples_are_still_listed(flags_removed: tuple[Path, BuildResult]) -> None:
    project, _ = flags_removed
    assert not re.search(r"(?m)^\s*sample: true", (project / "docs/_data/stations.yml").read_text(encoding="utf-8"))
    counts = by_kind(findings(project))
    expected = shipped_expectations()
    for kind in ("sample-station", "sample-hotline", "sample-event", "sample-post", "sample-operator"):
        assert counts[kind] == expected[kind], kind
    assert "sample-flag" not in counts


def test_a_preview_notes_what_is_not_ready_and_builds(flags_removed: tuple[Path, BuildResult]) -> None:
    _, result = flags_removed
    notice = next(line for line in result.output.splitlines() if "正式发布前检查" in line)
    assert notice.startswith("INFO")
    assert "docs/articles/winter-sleep.md" in notice and "./run check" in notice


def test_without_the_flags_sample_stations_get_no_tel_and_no_map_links(flags_removed: tuple[Path, BuildResult]) -> None:
    project, result = flags_removed
    site = result.site
    stations = yaml.safe_load((ROOT / "docs/_data/stations.yml").read_text(encoding="utf-8"))["stations"]
    for data in stations:
        page = parse(site / "stations" / data["id"] / "index.html")
        for number in data["phone"]:
            digits = "".join(c for c in number if c.isdigit())
            assert f"tel:{digits}" not in page.html, data["id"]
        assert not page.find("ul", cls="mh-maps__links"), data["id"]
        assert "示例数据" in page.text
    locator = (site / "stations/stations.json").read_text(encoding="utf-8")
    assert '"sample":true' in locator
    # Nor the activities held there, nor the district's sample line.
    event = parse(site / "events/2026-11-parent-child-xihe/index.html")
    assert "tel:057380022000" not in event.html and "示例号码，请勿拨打" in event.text
    hotlines = parse(site / "hotlines/index.html")
    assert "tel:057380000000" not in hotlines.html and "示例号码，请勿拨打" in hotlines.text


def test_report_links_on_a_sample_site_name_the_entry_but_dial_nothing(flags_removed: tuple[Path, BuildResult]) -> None:
    _, result = flags_removed
    page = parse(result.site / "stations/xihe-station/index.html")
    (link,) = report_links(page)
    address, fields = mailto(link.attrs["href"])
    assert address == "xinli@example.org"
    assert fields["subject"] == "信息有误：西河镇心理服务站（https://example.org/stations/xihe-station/）"
    # The sample operator's number is invented: shown, marked, not dialled.
    assert "tel:057380001000" not in page.html and "示例号码 0573-80001000，请勿拨打" in page.text


# -- ./run check ------------------------------------------------------------------------


def test_run_check_exit_status_on_a_broken_data_file(publishable: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(publishable, project)
    stations = project / "docs/_data/stations.yml"
    stations.write_text(stations.read_text(encoding="utf-8").replace("    kind: station\n", "    kind: station\n   area: x\n"), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "docs/_data/stations.yml:" in result.stdout and "YAML 格式错误" in result.stdout


def test_a_wrong_operator_email_is_named_with_its_line(publishable: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(publishable, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("email: xinli@example.gov.cn", "email: xinli at example.gov.cn")
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    email: xinli at example.gov.cn") + 1
    result = run_check(project)
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}: extra.operator.email: “xinli at example.gov.cn” 不是有效的电子邮箱地址" in result.stdout


def test_run_check_lists_an_unverified_crisis_line(publishable: Path, tmp_path: Path) -> None:
    """A date passing never fails a preview build, but a crisis line not
    verified within verify_every_days (90) must not be published."""
    project = tmp_path / "project"
    shutil.copytree(publishable, project)
    hotlines = project / "docs/_data/hotlines.yml"
    text = hotlines.read_text(encoding="utf-8")
    # 12356 (crisis) last verified 91 days before 2026-11-23.
    hotlines.write_text(text.replace("verified: 2026-11-23", "verified: 2026-08-24", 1), encoding="utf-8")
    items = findings(project)
    assert [(i.kind, i.where) for i in items] == [("unverified-hotline", "hotlines[0] (national-12356).verified")]
    assert "已有 91 天未核实" in items[0].message
    assert run_check(project).returncode == 1


def test_the_editors_checklist_matches_the_check() -> None:
    guide = (ROOT / "docs/editors/index.md").read_text(encoding="utf-8")
    section = guide[guide.index("## 十三、正式发布前") :]
    assert "./run check" in section and "./run publish" in section
    missing = [label for label in KINDS.values() if f"**{label}**" not in section]
    assert missing == []
