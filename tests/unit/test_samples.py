"""Sample data recognised by more than its flag (samples.py), and the
operator's "信息有误？" links (site_operator.py)."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from mhsite.publication import samples
from mhsite.events.model import load_events
from mhsite.audiences.model import load_audiences
from mhsite.hotlines.model import load_hotlines
from mhsite.common.phones import parse_phone
from mhsite.config import Operator
from mhsite.stations.model import load_stations

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs/_data"
TODAY = date(2026, 11, 23)


def without_flags_and_words(text: str) -> str:
    """A data file with every `sample: true` and 示例 word deleted: what an
    operator gets by deleting the marks and keeping the invented entries."""
    text = re.sub(r"(?m)^\s*sample: true\b.*\n", "", text)
    text = text.replace("region: 示例区", "region: 测试区").replace("source: 示例数据", "source: 区卫生健康局")
    return re.sub(r"示例区|[（(]示例[^）)\n]*[）)]|示例", "", text)


def test_the_fingerprints_are_those_of_the_shipped_samples() -> None:
    """`_SHIPPED` is what `python hooks/samples.py` prints for the sample data
    now in docs/: paste its output there after changing the samples."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        samples.main()
    printed = set(re.findall(r'"([0-9a-f]{16})"', out.getvalue()))
    assert printed == set(samples._SHIPPED)
    # 55 stations (one with two numbers), the district line, 20 activities, 3 posts.
    assert len(printed) == 56 + 1 + 20 + 3


def test_shipped_stations_are_samples_without_their_flag_and_words(tmp_path: Path) -> None:
    path = tmp_path / "stations.yml"
    path.write_text(without_flags_and_words((DATA / "stations.yml").read_text(encoding="utf-8")), encoding="utf-8")
    network, errors, _ = load_stations(path, "docs/_data/stations.yml", TODAY)
    assert errors == [] and not network.meta.sample
    assert set(network.samples) == {s.id for s in network.stations}
    assert all(network.is_sample(s) for s in network.stations) and network.all_sample
    assert all("是项目自带的虚构号码" in s.reason_text for s in network.samples.values())


def test_the_shipped_hotline_and_activities_are_samples_without_their_flag_and_words(tmp_path: Path) -> None:
    path = tmp_path / "hotlines.yml"
    path.write_text(without_flags_and_words((DATA / "hotlines.yml").read_text(encoding="utf-8")), encoding="utf-8")
    audiences = load_audiences(DATA / "audiences.yml", "docs/_data/audiences.yml")[0].names
    directory, errors, _ = load_hotlines(path, "docs/_data/hotlines.yml", TODAY, audiences)
    assert errors == []
    assert list(directory.samples) == ["district-sample-line"]
    assert directory.samples["district-sample-line"].reasons == ("号码 0573-80000000 是项目自带的虚构号码",)
    assert "district-sample-line" not in {h.id for h in directory.crisis_lines}
    # Activities, even at stations no longer known to be samples.
    network, _, _ = load_stations(DATA / "stations.yml", "docs/_data/stations.yml", TODAY)
    path = tmp_path / "events.yml"
    path.write_text(without_flags_and_words((DATA / "events.yml").read_text(encoding="utf-8")), encoding="utf-8")
    events, errors, _ = load_events(path, "docs/_data/events.yml", network.by_id, network.areas, directory.audiences)
    assert errors == [] and not events.meta.sample
    assert set(events.samples) == {e.id for e in events.events}
    assert all(r == ("标题和开始时间与项目自带的示例活动相同",) for r in (s.reasons for s in events.samples.values()))


def test_real_entries_are_not_samples(tmp_path: Path) -> None:
    """Names and ids are not signs: a real 东湖街道心理服务站 with its own
    number, keeping the sample's id, is real."""
    text = (DATA / "stations.yml").read_text(encoding="utf-8")
    text = text.replace("  sample: true\n", "", 1)
    start = text.index("  - id: donghu-station")
    end = text.index("  - id:", start + 5)
    entry = re.sub(r'phone: \[.*\]', 'phone: ["0573-82345678"]', text[start:end]).replace("（示例地址）", "")
    path = tmp_path / "stations.yml"
    path.write_text(text[: text.index("stations:\n") + len("stations:\n")] + entry.replace("    parent: district-centre\n", ""), encoding="utf-8")
    network, errors, _ = load_stations(path, "docs/_data/stations.yml", TODAY)
    assert errors == [] and [s.id for s in network.stations] == ["donghu-station"]
    assert network.samples == {} and not network.is_sample(network.stations[0])


@pytest.mark.parametrize(
    ("value", "name", "word"),
    [
        ("东湖街道示例大道1号（示例地址）", True, "（示例地址）"),
        ("示例区心理咨询热线", True, "示例区"),
        ("示例数据", True, "示例"),
        ("请拨打本站电话报名（示例）", False, "（示例）"),
        ("下面举一个示例：深呼吸", False, None),  # in running text, the word itself is not a mark
        ("东湖街道心理服务站", True, None),
    ],
)
def test_sample_words(value: str, name: bool, word: str | None) -> None:
    assert samples.words_in(value, name=name) == word


def test_fingerprints_ignore_how_a_number_is_written() -> None:
    assert samples.shipped_phone(parse_phone("0573-8000 1000").digits)
    assert samples.shipped_phone(parse_phone("057380001000").digits)
    assert not samples.shipped_phone(parse_phone("0573-82345678").digits)


def operator(**fields: object) -> Operator:
    return Operator.model_validate({"name": "测试区社会心理服务指导中心"} | fields)


def test_report_link_names_the_entry_and_its_address() -> None:
    contact = operator(email="xinli@example.gov.cn", phone="0573-82345678").report_contact()
    assert contact is not None and not contact.sample
    link = contact.link("西河镇心理服务站 & 室", "https://xinli.example.gov.cn/stations/xihe-station/")
    href = str(link.mailto).replace("&amp;", "&")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and unquote(parts.path) == "xinli@example.gov.cn"
    # RFC 6068: everything percent-encoded (no raw space, &, or non-ASCII).
    assert re.fullmatch(r"[A-Za-z0-9%=&._\-~]+", parts.query)
    fields = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert fields["subject"] == "信息有误：西河镇心理服务站 & 室（https://xinli.example.gov.cn/stations/xihe-station/）"
    assert fields["body"].startswith("页面：https://xinli.example.gov.cn/stations/xihe-station/\r\n")
    assert (link.tel, link.phone) == ("tel:057382345678", "0573-82345678")


def test_a_sample_operator_is_recognised_and_never_dialled() -> None:
    sample = operator(email="xinli@example.org", phone="0573-8000 1000")
    assert sample.sample_reasons() == [
        "邮箱 xinli@example.org 是示例地址（example.org 收不到信）",
        "电话 0573-80001000 是项目自带的虚构号码",
    ]
    link = sample.report_contact().link("x", "")
    assert link.sample and link.tel == "" and link.phone == "0573-80001000"


def test_no_contact_means_no_link() -> None:
    assert operator().report_contact() is None
    only_phone = operator(phone="0573-82345678").report_contact().link("x", "")
    assert only_phone.mailto is None and only_phone.tel == "tel:057382345678"


@pytest.mark.parametrize("email", ["xinli at example.gov.cn", "xinli@localhost", "xinli＠example.gov.cn", "心理 @例子.中国"])
def test_a_wrong_email_is_a_chinese_message(email: str) -> None:
    with pytest.raises(ValueError) as error:
        operator(email=email)
    assert "不是有效的电子邮箱地址" in str(error.value)
