"""An entry refused for a mistake of its own still counts as present for what
refers to it (issue 14): one message, the entry's own; never a second one
elsewhere that says it does not exist (and suggests another), and never an
"at least one" error about entries still in the file.

The kind: every check that looks an id up among the entries left after
refusals. Events → stations (and their areas); every file's `audience` →
audiences.yml; stations → their file's kinds and services; the FAQ's
questions → its topics; news posts → the authors file; the help bar → the
crisis lines. A code nobody wrote is still a mistake, with its suggestion.
"""

from __future__ import annotations

import logging
import shutil
from datetime import date
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from mhsite.audiences.model import load_audiences
from mhsite.content.model import check_page
from mhsite.events.model import load_events
from mhsite.faq.model import load_faq
from mhsite.hotlines.model import load_hotlines
from mhsite.news.model import check_post, load_authors
from mhsite.stations.model import load_stations

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs/_data"
TODAY = date(2026, 11, 23)  # tests/conftest.py TEST_EPOCH


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of docs/_data/<name> with `old` (which it has) replaced once."""
    text = (DATA / name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer has {old!r}: update the test"
    path = tmp_path / Path(name).name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def messages(errors) -> list[str]:
    return [str(e) for e in errors]


AUDIENCES = load_audiences(DATA / "audiences.yml", "docs/_data/audiences.yml").value.names


# -- Events at a refused station ------------------------------------------------------


def stations_with_bad_phone(tmp_path: Path):
    path = edited(tmp_path, "stations.yml", 'phone: ["0573-8001 2301"]', 'phone: ["12"]')
    network, errors, _ = load_stations(path, "docs/_data/stations.yml", TODAY, AUDIENCES)
    assert [e.where for e in errors] == ["stations[1] (donghu-station).phone"]
    return network


def events_of(network, path: Path = DATA / "events.yml"):
    samples = [s.id for s in network.stations if network.is_sample(s)]
    return load_events(
        path, "docs/_data/events.yml", network.by_id, network.areas, AUDIENCES, network.meta.coordinates, samples, network.refused
    )


def test_an_activity_at_a_refused_station_gets_no_second_message(tmp_path: Path) -> None:
    # The issue: 「stations.yml 里没有 id 为 "donghu-station" 的站点。是不是
    # "qingshi-station"？」 for each activity held there; the station is in
    # the file, refused for its phone.
    network = stations_with_bad_phone(tmp_path)
    assert "donghu-station" in network.refused and "donghu-station" not in network.by_id
    events, errors, notices = events_of(network)
    assert errors == []
    held = [e for e in notices if "donghu-station" in e.message]
    assert held and all("改好之前这个活动不显示" in e.message and e.where.endswith(".station") for e in held)
    assert not any(e.station == "donghu-station" for e in events.events)  # no address to show: it waits
    assert len(events.events) + len(held) == len(load_events(DATA / "events.yml", "x", *_good_network_args()).value.events)


def _good_network_args():
    network = load_stations(DATA / "stations.yml", "x", TODAY, AUDIENCES).value
    return network.by_id, network.areas, AUDIENCES, network.meta.coordinates


def test_the_area_of_a_refused_station_is_still_an_area(tmp_path: Path) -> None:
    # The only station of its area refused: an activity elsewhere in that
    # area gets no 「不认识的地区」.
    stations = (DATA / "stations.yml").read_text(encoding="utf-8")
    head, _, _ = stations.partition("\nstations:\n")
    path = tmp_path / "stations.yml"
    path.write_text(
        head + "\nstations:\n"
        "  - id: only-station\n    name: 某站\n    kind: station\n    area: 某镇\n    address: 某路1号\n"
        '    phone: ["12"]\n    hours: {mon-fri: "08:30-17:00"}\n    services: [counselling]\n'
        "    location: [30.75, 120.76]\n    verified: 2026-11-01\n",
        encoding="utf-8",
    )
    network, errors, _ = load_stations(path, "docs/_data/stations.yml", TODAY, AUDIENCES)
    assert len(errors) == 1 and network.refused == {"only-station": "某镇"}
    events = tmp_path / "events.yml"
    events.write_text(
        "events:\n  - id: talk\n    title: 讲座\n    start: 2026-12-10 14:00\n    end: 2026-12-10 15:00\n"
        "    place: 某镇小学\n    area: 某镇\n    audience: [public]\n",
        encoding="utf-8",
    )
    listed, errors, _ = events_of(network, events)
    assert errors == [] and [e.id for e in listed.events] == ["talk"]


def test_a_station_nobody_wrote_is_still_a_mistake_with_its_suggestion(tmp_path: Path) -> None:
    network = stations_with_bad_phone(tmp_path)
    path = edited(tmp_path, "events.yml", "station: qingshi-station", "station: qingshi-statoin")
    _, errors, _ = events_of(network, path)
    assert len(errors) == 1 and "没有 id 为 “qingshi-statoin” 的站点。是不是 “qingshi-station”？" in errors[0].message


# -- A refused audience, named by every other file -----------------------------------------


@pytest.fixture
def youth_refused(tmp_path: Path):
    path = edited(tmp_path, "audiences.yml", "    name: 青少年和学生\n", "    name: 青少年和学生青少年和学生青少年和学生\n")
    audiences, errors, _ = load_audiences(path, "docs/_data/audiences.yml")
    assert [e.where for e in errors] == ["audiences[1] (youth).name"]
    assert "youth" not in audiences.names and audiences.refused == {"youth"}
    return audiences.names


def test_a_refused_audience_is_no_mistake_in_the_files_that_name_it(youth_refused) -> None:
    names = youth_refused
    hotlines = load_hotlines(DATA / "hotlines.yml", "docs/_data/hotlines.yml", TODAY, names)
    stations = load_stations(DATA / "stations.yml", "docs/_data/stations.yml", TODAY, names)
    network = stations.value
    events = load_events(DATA / "events.yml", "docs/_data/events.yml", network.by_id, network.areas, names)
    faq = load_faq(DATA / "faq.yml", "docs/_data/faq.yml", TODAY, names)
    for loaded in (hotlines, stations, events, faq):
        assert not [e for e in loaded.errors if "youth" in e.message], messages(loaded.errors)
    # …and the entries naming it are all there (a line for the young, an
    # activity for them).
    assert any("youth" in h.audience for h in hotlines.value.hotlines)
    assert any("youth" in e.audience for e in events.value.events)


def test_a_refused_audience_in_a_pages_front_matter(youth_refused) -> None:
    source = "---\ntitle: 标题\ndescription: 介绍。\ntags: [睡眠]\naudience: [youth]\n---\n\n正文\n"
    context = {"tags": {"睡眠": "睡眠"}, "age_groups": {}, "audiences": youth_refused, "today": TODAY}
    _, errors = check_page("lessons/x/index.md", source, "docs/lessons/x/index.md", context)
    assert errors == []
    _, errors = check_page("lessons/x/index.md", source.replace("[youth]", "[yuoth]"), "docs/lessons/x/index.md", context)
    assert len(errors) == 1 and "不认识的对象 “yuoth”" in errors[0].message  # nobody wrote that one


# -- A file's own vocabulary: kinds, services, topics ------------------------------------------


def test_a_refused_kind_or_service_is_no_mistake_in_the_stations_offering_it(tmp_path: Path) -> None:
    path = edited(tmp_path, "stations.yml", "  room: 村（社区）心理咨询室\n", "  room: 村（社区）心理咨询室村（社区）心理咨询室村（社区）心理咨询室\n")
    path.write_text(
        path.read_text(encoding="utf-8").replace("    name: 家庭咨询\n", "    name: 家庭咨询家庭咨询家庭咨询家庭咨询家庭咨询家庭咨询\n", 1),
        encoding="utf-8",
    )
    network, errors, _ = load_stations(path, "docs/_data/stations.yml", TODAY, AUDIENCES)
    assert [e.where for e in errors] == ["kinds.room", "services.family.name"], messages(errors)
    assert any(s.kind == "room" for s in network.stations) and any("family" in s.services for s in network.stations)


def test_questions_under_a_refused_topic_wait_for_it_with_one_note(tmp_path: Path) -> None:
    path = edited(tmp_path, "faq.yml", "  sleep: 睡眠\n", "  sleep: 睡眠睡眠睡眠睡眠睡眠睡眠睡眠睡眠睡眠睡眠睡\n")
    faq, errors, notices = load_faq(path, "docs/_data/faq.yml", TODAY, AUDIENCES)
    assert [e.where for e in errors] == ["topics.sleep"], messages(errors)
    assert len(notices) == 1 and notices[0].where == "topics.sleep" and "改好之前它下面的" in notices[0].message
    # Not on the page, nor on an audience's page that would link to it there.
    assert faq.questions and not [q for q in faq.questions if q.topic == "sleep"]


# -- News: a refused author -----------------------------------------------------------------


def test_a_post_by_an_author_with_a_mistake_gets_no_second_message(tmp_path: Path) -> None:
    authors_file = ROOT / "docs/news/.authors.yml"
    text = authors_file.read_text(encoding="utf-8")
    path = tmp_path / ".authors.yml"
    path.write_text(text.replace("avatar: assets/images/logo.svg", "avatar: https://example.com/a.png", 1), encoding="utf-8")
    authors, errors, _ = load_authors(path, "docs/news/.authors.yml")
    assert len(errors) == 1 and "avatar" in errors[0].where
    post = "---\ndate: 2026-11-05\ncategories: [通知]\nauthors: [centre]\n---\n\n正文\n"
    assert not [e for e in check_post(post, "docs/news/posts/x.md", [], authors) if "作者" in e.message]
    wrong = check_post(post.replace("[centre]", "[centr]"), "docs/news/posts/x.md", [], authors)
    assert len(wrong) == 1 and "不认识的作者 centr" in wrong[0].message


# -- The crisis lines: an "at least one" check --------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("docs", "overrides", "hooks", "deploy"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795406400")  # 2026-11-23
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("MH_PUBLISH", raising=False)
    return tmp_path


def test_crisis_lines_refused_for_a_future_date_are_not_no_crisis_lines(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    # The issue: a future `verified` on the crisis lines added 「没有可用的
    # 求助热线…请至少保留 12356、110、120」 though they are in the file.
    hotlines = project / "docs/_data/hotlines.yml"
    text = hotlines.read_text(encoding="utf-8")
    assert text.count("verified: 2026-11-23") >= 3
    hotlines.write_text(text.replace("verified: 2026-11-23", "verified: 2027-01-01"), encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    with caplog.at_level(logging.INFO, logger="mkdocs.mhsite"):
        config.plugins.on_config(config)  # no PluginError
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(".verified: 核实日期 2027-01-01 在今天（2026-11-23）之后" in w for w in warnings), warnings
    assert "没有可用的求助热线" not in caplog.text
    notes = [r.getMessage() for r in caplog.records if "页面顶部的求助电话栏是空的" in r.getMessage()]
    assert len(notes) == 1 and "national-12356、emergency-110、emergency-120" in notes[0]


def test_a_file_without_crisis_lines_still_stops_the_build(project: Path) -> None:
    hotlines = project / "docs/_data/hotlines.yml"
    hotlines.write_text(hotlines.read_text(encoding="utf-8").replace("crisis: true", "crisis: false"), encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(PluginError, match="没有可用的求助热线"):
        config.plugins.on_config(config)
