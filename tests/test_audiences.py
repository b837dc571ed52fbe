"""The one audience vocabulary (docs/_data/audiences.yml) and the 「我是……」
pages (issue 19): every group the district serves has its page at
/for/<code>/, reachable from the home page in one tap, gathering real content
from the sample data (hotlines with the crisis lines first, services and the
stations offering them, the next activities, articles, lessons, guides and
FAQ answers tagged for it); the vocabulary is validated like every data file."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, crisis_numbers
from html_scan import parse
from mhsite.audiences.model import load_audiences
from mhsite.hotlines.model import load_hotlines

AUDIENCES = ROOT / "docs/_data/audiences.yml"
VOCABULARY, ERRORS, _ = load_audiences(AUDIENCES, "docs/_data/audiences.yml")

# The groups the issue names (the district platforms' groups), by code.
ISSUE_GROUPS = {
    "youth": "minors and students",
    "parents": "parents",
    "elderly": "the elderly",
    "women": "women",
    "medical": "medical and front-line workers",
    "workers": "employees returning to work",
    "lost-only-child": "families who lost their only child (失独家庭)",
    "disability": "people with disabilities and their families",
    "community-correction": "people under community correction (社区矫正对象)",
    "entitled": "entitled groups (优抚对象)",
    "children-in-difficulty": "children in difficulty (困境儿童)",
    "family-conflict": "families in marital conflict",
}
# Labels the editors' guide (十四) asks not to put on residents: the names
# shown must use the wording it gives instead.
BLUNT_LABELS = ("失独", "矫正对象", "残废", "弱智", "问题家庭", "问题儿童", "单亲", "劳改", "犯人")


def test_the_vocabulary_is_valid_and_covers_the_issues_groups() -> None:
    assert ERRORS == []
    codes = [a.id for a in VOCABULARY.audiences]
    assert set(ISSUE_GROUPS) <= set(codes), set(ISSUE_GROUPS) - set(codes)
    assert VOCABULARY.everyone == "public"
    # The hotlines' seven audiences of before are still codes (existing data keeps working).
    assert {"public", "youth", "parents", "elderly", "women", "medical", "workers"} <= set(codes)
    for a in VOCABULARY.groups:
        assert not any(word in a.name for word in BLUNT_LABELS), (a.id, a.name)
        assert a.intro.strip(), a.id


def _counts(site: Path, code: str) -> dict[str, int]:
    page = parse(site / f"for/{code}/index.html")
    content = page.html.split('data-md-component="content"', 1)[1]
    return {
        "hotlines": content.count('class="mh-audience-line"'),
        "services": len(re.findall(r'<h3 id="service-', content)),
        "stations": len(re.findall(r'href="\.\./\.\./stations/[a-z0-9-]+/"', content)),
        "events": content.count('class="mh-event mh-event--'),
        "reading": len(re.findall(r'href="\.\./\.\./(?:articles|lessons|guides)/[^"]+/"', content)),
        "faq": len(re.findall(r'href="\.\./\.\./faq/#', content)),
    }


def test_every_group_has_its_page_with_real_content(site_dir: Path) -> None:
    table = {}
    for a in VOCABULARY.groups:
        counts = _counts(site_dir, a.id)
        table[a.id] = counts
        # Crisis lines always; and for every group something made for it:
        # a service with the stations offering it, and reading or answers.
        assert counts["hotlines"] >= len(crisis_numbers()), (a.id, counts)
        assert counts["services"] >= 1 and counts["stations"] >= 1, (a.id, counts)
        assert counts["reading"] + counts["faq"] >= 1, (a.id, counts)
        assert counts["events"] >= 1, (a.id, counts)
    print("\n" + "\n".join(f"{code}: {counts}" for code, counts in table.items()))
    # "Everyone" has no page of its own.
    assert not (site_dir / "for/public/index.html").exists()


def test_a_groups_page_lists_the_crisis_lines_first_then_its_own(site_dir: Path) -> None:
    page = parse(site_dir / "for/youth/index.html")
    numbers = [e.text.strip() for e in page.find("span", "mh-call__number")]
    crisis = crisis_numbers()
    assert numbers[: len(crisis)] == crisis
    assert "12355" in numbers[len(crisis):]  # 共青团's line, tagged for young people
    assert "12338" not in numbers  # the women's line is not theirs
    women = [e.text.strip() for e in parse(site_dir / "for/women/index.html").find("span", "mh-call__number")]
    assert women[: len(crisis)] == crisis and "12338" in women


def test_a_groups_page_gathers_what_is_tagged_for_it_and_nothing_else(site_dir: Path) -> None:
    html = parse(site_dir / "for/lost-only-child/index.html").html
    assert "失去独生子女家庭关爱" in html  # the service
    assert "../../stations/nanshan-station/" in html  # a station offering it
    assert "../../events/2026-12-bereaved-families-nanshan/" in html  # its activity
    assert "../../articles/grief-after-loss/" in html
    assert "../../faq/#grief-months-later" in html
    assert "../../guides/screen-time/" not in html  # a parents' guide
    # The locator filtered by the service, for all the stations that offer it.
    assert 'href="../../stations/?service=bereaved-families"' in html


def test_no_cancelled_activity_on_the_groups_pages_or_the_home_page(site_dir: Path) -> None:
    for path in [site_dir / "index.html", *sorted((site_dir / "for").glob("*/index.html"))]:
        assert "mh-event--cancelled" not in path.read_text(encoding="utf-8"), path
    home = parse(site_dir / "index.html")
    slots = [e for e in home.find("li", "mh-event") if "hidden" not in e.attrs]
    assert len(slots) == 3 and all("mh-event--scheduled" in e.classes or "mh-event--full" in e.classes or "mh-event--moved" in e.classes for e in slots)


def test_the_home_page_links_every_group_in_one_tap_and_the_index(site_dir: Path) -> None:
    home = parse(site_dir / "index.html")
    links = {e.attrs.get("href") for e in home.find("a", "mh-audience")}
    assert links == {f"for/{a.id}/" for a in VOCABULARY.groups}
    assert any(e.attrs.get("href") == "for/" for e in home.find("a"))
    index = parse(site_dir / "for/index.html")
    assert {e.attrs.get("href") for e in index.find("a", "mh-audience")} == {f"{a.id}/" for a in VOCABULARY.groups}
    # Useful without JavaScript: the lists are in the HTML, nothing is hidden.
    assert all("hidden" not in e.attrs for e in index.find("a", "mh-audience"))


def test_every_data_file_names_its_audiences_from_the_one_vocabulary(site_dir: Path) -> None:
    # Activities, hotlines and articles show the vocabulary's names.
    event = parse(site_dir / "events/2026-12-counsellor-training/index.html")
    assert "医护人员和一线工作者" in event.text
    directory = parse(site_dir / "hotlines/index.html")
    chips = [e.attrs["data-audience"] for e in directory.find("button", "mh-chip")]
    # Only the groups some line is for ("public" matches every choice).
    assert chips[0] == "" and "public" not in chips and "youth" in chips and "entitled" in chips
    assert "workers" not in chips  # no line is tagged for workers


# -- Mistakes in audiences.yml, and the vocabulary's old place ---------------------


def _load(tmp_path: Path, text: str):
    path = tmp_path / "audiences.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_audiences(path, "docs/_data/audiences.yml")


def test_mistakes_are_named_with_line_and_field(tmp_path: Path) -> None:
    _, errors, _ = _load(
        tmp_path,
        """\
        audiences:
          - id: public
            name: 所有人
            everyone: true
          - id: parents
            name: 家长
          - id: Parents
            name: 家长们
            intro: 写给家长。
          - id: also-everyone
            name: 大家
            everyone: true
        """,
    )
    shown = [str(e) for e in errors]
    assert any(s.startswith("docs/_data/audiences.yml:5: audiences[1] (parents).intro: 请写 intro") for s in shown), shown
    assert any(s.startswith("docs/_data/audiences.yml:7: audiences[2] (Parents).id:") for s in shown), shown
    assert any(s.startswith("docs/_data/audiences.yml:12: audiences[3] (also-everyone).everyone: 只能有一项") for s in shown), shown


def test_audiences_left_in_hotlines_yml_are_pointed_to_their_new_file(tmp_path: Path) -> None:
    path = tmp_path / "hotlines.yml"
    path.write_text(
        "meta:\n  verify_every_days: 90\naudiences:\n  public: 所有人\nhotlines:\n"
        "  - id: national-12356\n    name: 全国统一心理援助热线\n    number: \"12356\"\n    scope: national\n"
        "    hours: 24h\n    audience: [public]\n    crisis: true\n    verified: 2026-11-01\n    source: 国家卫生健康委\n",
        encoding="utf-8",
    )
    from datetime import date

    _, errors, _ = load_hotlines(path, "docs/_data/hotlines.yml", date(2026, 11, 23), VOCABULARY.names)
    assert [str(e) for e in errors] == [
        "docs/_data/hotlines.yml:3: audiences: 人群名单已移到 docs/_data/audiences.yml（热线、站点、活动、文章共用一份）。"
        "请把这里的人群补进那个文件（已有的不用重复），再删掉这一部分。"
    ]


@pytest.mark.parametrize("code", ["nobody", "Youth"])
def test_an_unknown_audience_in_a_station_service_is_named(tmp_path: Path, code: str) -> None:
    from datetime import date

    from mhsite.stations.model import load_stations

    text = (ROOT / "docs/_data/stations.yml").read_text(encoding="utf-8").replace(
        "    audience: [elderly]\n", f"    audience: [{code}]\n", 1
    )
    path = tmp_path / "stations.yml"
    path.write_text(text, encoding="utf-8")
    _, errors, _ = load_stations(path, "docs/_data/stations.yml", date(2026, 11, 23), VOCABULARY.names)
    line = text.splitlines().index(f"    audience: [{code}]") + 1
    assert [e.line for e in errors] == [line], [str(e) for e in errors]
    assert errors[0].where == "services.elderly-care.audience[0]" if code == "Youth" else errors[0].where == "services.elderly-care.audience"
    # The service itself stays: the stations offering it are not refused too.
    assert len(errors) == 1
