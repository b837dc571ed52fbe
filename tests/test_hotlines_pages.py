"""The pages made from docs/_data/hotlines.yml, as built."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from conftest import ROOT, mkdocs_build
from mhsite.safe_messaging.wording import mentions_suicide, unsafe_wording, with_help_box
from html_scan import parse


def data() -> dict:
    return yaml.safe_load((ROOT / "docs/_data/hotlines.yml").read_text(encoding="utf-8"))


def test_directory_lists_every_line_emergency_first(site_dir: Path) -> None:
    page = parse(site_dir / "hotlines/index.html")
    cards = page.find("article", cls="mh-hotline")
    assert [c.attrs["id"] for c in cards][:2] == ["emergency-110", "emergency-120"]
    assert {c.attrs["id"] for c in cards} == {h["id"] for h in data()["hotlines"]}
    headings = [h.text.strip() for h in page.find("h2")]
    assert headings[0].startswith("紧急情况")
    assert "全国热线" in "".join(headings)


def test_each_real_line_has_a_big_call_button_and_samples_have_none(site_dir: Path) -> None:
    html = (site_dir / "hotlines/index.html").read_text(encoding="utf-8")
    page = parse(site_dir / "hotlines/index.html")
    big = {a.attrs["href"] for a in page.find("a", cls="mh-call--big")}
    for hotline in data()["hotlines"]:
        digits = "".join(ch for ch in str(hotline["number"]) if ch.isdigit())
        if hotline.get("sample"):
            assert f"tel:{digits}" not in html, f"sample {hotline['id']} must not be dialable"
        else:
            assert f"tel:{digits}" in big
    assert "示例号码，请勿拨打" in page.text


def test_hours_in_words_cost_and_verification_are_shown(site_dir: Path) -> None:
    page = parse(site_dir / "hotlines/index.html")
    card = next(c for c in page.find("article", cls="mh-hotline") if c.attrs["id"] == "district-sample-line")
    assert "周一至周五" in card.text and "08:30" in card.text
    assert "免费" in card.text
    assert "2026-11-23 核实" in card.text
    national = next(c for c in page.find("article", cls="mh-hotline") if c.attrs["id"] == "national-12356")
    assert "以当地公布为准" in national.text


def test_handout_is_one_printable_page_with_a_qr_code(site_dir: Path) -> None:
    page = parse(site_dir / "hotlines/print/index.html")
    svgs = page.find("svg")
    assert svgs, "QR code missing"
    assert "12356" in page.text and "110" in page.text
    # No site navigation on the sheet.
    assert not page.find("nav", cls="md-nav--primary")
    assert page.meta("description")


def test_handout_qr_code_encodes_the_directory_url(site_dir: Path) -> None:
    import segno

    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
    html = (site_dir / "hotlines/print/index.html").read_text(encoding="utf-8")
    expected = segno.make(site_url + "hotlines/", error="m").svg_inline(scale=4, dark="#000000", light="#ffffff", title=f"扫码打开：{site_url}hotlines/")
    assert expected in html


def test_json_export_matches_the_data(site_dir: Path) -> None:
    exported = json.loads((site_dir / "hotlines/hotlines.json").read_text(encoding="utf-8"))
    assert [h["id"] for h in exported["hotlines"]] == [h["id"] for h in data()["hotlines"]]
    by_id = {h["id"]: h for h in exported["hotlines"]}
    assert by_id["national-12356"]["number"] == "12356"
    assert by_id["district-sample-line"]["sample"] is True


def test_client_data_is_safely_embedded(site_dir: Path) -> None:
    html = (site_dir / "hotlines/index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="mh-hotlines-data">') + len('<script type="application/json" id="mh-hotlines-data">')
    payload = json.loads(html[start : html.index("</script>", start)])
    assert payload["hotlines"]["district-sample-line"]["local"] is True
    assert payload["calendar"]["holidays"]["2026-10-01"]
    assert [line["tel"] for line in payload["always"]] == ["tel:12356", "tel:110", "tel:120"]


def test_editor_text_is_escaped_in_the_directory_and_its_data(project_copy: Path, tmp_path: Path) -> None:
    path = project_copy / "docs/_data/hotlines.yml"
    text = re.sub(
        r"description: 共青团设立的.*",
        'description: "</script><script>alert(1)</script><b>共青团设立的青少年热线"',
        path.read_text(encoding="utf-8"),
    ).replace("name: 示例区心理咨询热线", 'name: "</script><img src=x onerror=alert(2)>"')
    path.write_text(text, encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    for page in ("hotlines/index.html", "hotlines/print/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
        assert "<b>共青团" not in html
    # Shown as written, as text.
    assert "</script><img src=x onerror=alert(2)>" in parse(tmp_path / "site/hotlines/index.html").text


# -- Help box and safe messaging -------------------------------------------------


def test_help_box_goes_after_the_title() -> None:
    out = with_help_box("# 标题\n\n正文", "BOX")
    assert out.splitlines()[0] == "# 标题" and "BOX" in out.splitlines()[2]
    assert with_help_box("正文", "BOX").startswith("BOX")


def test_trigger_words_and_unsafe_wording() -> None:
    assert mentions_suicide("如果家人说不想活了")
    assert mentions_suicide("自伤行为")
    assert not mentions_suicide("睡眠不好怎么办")
    found = unsafe_wording("第一行\n他自杀成功了\n有人割腕")
    assert [(line, phrase) for line, phrase, _ in found] == [(2, "自杀成功"), (3, "割腕")]
    assert "因自杀离世" in found[0][2]


def test_a_page_mentioning_suicide_gets_the_help_box(project_copy: Path, tmp_path: Path) -> None:
    (project_copy / "docs/test-page.md").write_text(
        "---\ntitle: 测试\ndescription: 测试页面的说明文字。\n---\n\n# 测试\n\n如何帮助有轻生念头的朋友。\n", encoding="utf-8"
    )
    (project_copy / "docs/other-page.md").write_text(
        "---\ntitle: 睡眠\ndescription: 测试页面的说明文字。\n---\n\n# 睡眠\n\n睡不着怎么办。\n", encoding="utf-8"
    )
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    page = parse(tmp_path / "site/test-page/index.html")
    boxes = page.find("aside", cls="mh-helpbox")
    assert len(boxes) == 1
    assert {a.attrs["href"] for a in page.find("a", cls="mh-call")} >= {"tel:12356"}
    assert page.html.index("<h1") < page.html.index("mh-helpbox")
    assert not parse(tmp_path / "site/other-page/index.html").find("aside", cls="mh-helpbox")


def test_unsafe_wording_fails_the_build_naming_file_and_line(project_copy: Path, tmp_path: Path) -> None:
    (project_copy / "docs/test-page.md").write_text(
        "---\ntitle: 测试\ndescription: 测试页面的说明文字。\n---\n\n# 测试\n\n他最终自杀成功。\n", encoding="utf-8"
    )
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/test-page.md:8: “自杀成功”" in result.output
    assert "因自杀离世" in result.output
