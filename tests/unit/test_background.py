"""The build's helper process (hooks/mhsite/common/background.py): the same
results as the build's own process, and a build that goes on when the helper
cannot."""

from __future__ import annotations

import os
import signal
from concurrent.futures.process import BrokenProcessPool

import pytest

from mhsite.common.background import Background, result
from mhsite.search.index import content_part, index_document, write_documents
from mhsite.stations.qr import qr_svg

URLS = ["https://xinli.example.cn/stations/donghu-1/", "https://xinli.example.cn/stations/区-2/"]


def test_the_helper_makes_what_the_build_would() -> None:
    background = Background(cores=2)
    try:
        assert background.parallel
        futures = [background.submit(qr_svg, url) for url in URLS]
        assert [result(future, lambda: None) for future in futures] == [qr_svg(url) for url in URLS]
    finally:
        background.close()


def test_one_core_means_no_helper_and_the_same_results() -> None:
    background = Background(cores=1)
    assert not background.parallel
    assert background.submit(qr_svg, URLS[0]).result() == qr_svg(URLS[0])


def test_an_error_in_the_work_reaches_the_build() -> None:
    for cores in (1, 2):
        background = Background(cores=cores)
        try:
            with pytest.raises(ValueError):
                # segno refuses an error-correction level it does not know
                background.submit(_bad_qr).result()
        finally:
            background.close()


def _bad_qr() -> None:
    import segno

    segno.make_qr("x", error="z")


def test_a_helper_that_died_leaves_the_work_to_the_build() -> None:
    background = Background(cores=2)
    try:
        first = background.submit(os.getpid)
        helper = first.result()
        assert helper != os.getpid()
        os.kill(helper, signal.SIGKILL)
        future = background.submit(qr_svg, URLS[0])
        with pytest.raises(BrokenProcessPool):
            future.result()
        assert result(future, lambda: qr_svg(URLS[0])) == qr_svg(URLS[0])
        # Later work runs in the build's own process.
        assert background.submit(os.getpid).result() == os.getpid()
    finally:
        background.close()


def test_search_documents_written_by_the_helper_are_the_pages(tmp_path) -> None:
    page = (
        '<html><body><nav>导航 很长</nav><div data-md-component="content"><h1 id="t">睡不着怎么办</h1>'
        "<p>打电话给热线</p></div><footer>页脚</footer></body></html>"
    )
    part = content_part(page)
    assert part is not None and "导航" not in part
    assert content_part("<html><body><p>没有正文</p></body></html>") is None
    background = Background(cores=2)
    try:
        written = background.submit(write_documents, str(tmp_path), [("faq/index.html", part), ("x/index.html", "<p>x</p>")])
        assert written.result() == ["faq/index.html"]
    finally:
        background.close()
    assert (tmp_path / "faq/index.html").read_text(encoding="utf-8") == index_document(page)
    assert not (tmp_path / "x").exists()


def test_an_error_in_the_helper_is_left_to_the_fallback() -> None:
    background = Background(cores=2)
    try:
        future = background.submit(_bad_qr)
        assert result(future, lambda: "made here") == "made here"
    finally:
        background.close()


def test_station_bodies_from_the_helper_are_the_pages_own() -> None:
    """The shipped stations, their context sent once (stations/pages.py):
    the helper's bodies are what the build would make itself."""
    import pickle
    from datetime import date
    from pathlib import Path

    from mhsite.common.holidays import calendar_to_json, load_calendar
    from mhsite.stations.model import load_stations
    from mhsite.audiences.model import load_audiences
    from mhsite.hotlines.model import load_hotlines
    from mhsite.open_data.hsds import hsds_export
    from mhsite.stations.pages import (
        BodyContext,
        locator_data,
        remember_context,
        station_page_bodies,
        station_page_body,
        with_remembered_network,
    )

    root = Path(__file__).resolve().parents[2]
    network = load_stations(root / "docs/_data/stations.yml", "docs/_data/stations.yml", date(2026, 11, 23)).value
    calendar = load_calendar(None, [2026, 2027])
    assert pickle.loads(pickle.dumps(calendar)) == calendar
    context = BodyContext(network, calendar, calendar_to_json(calendar), "https://xinli.example.cn/", date(2026, 11, 23),
                          {}, "", None, build="test")
    ids = [s.id for s in network.stations[:12]]
    audiences = load_audiences(root / "docs/_data/audiences.yml", "docs/_data/audiences.yml").value.names
    hotlines = load_hotlines(root / "docs/_data/hotlines.yml", "docs/_data/hotlines.yml", date(2026, 11, 23), audiences).value
    open_data = (hotlines, dict(audiences), "https://xinli.example.cn/", {"name": "中心", "email": "", "phone": "", "sample": True})
    background = Background(cores=2)
    try:
        background.submit(remember_context, context)
        made = background.submit(station_page_bodies, "test", ids).result()
        # The locator's and the open data's JSON, made there from the same context (plugin.py, later_files).
        locator = background.submit(with_remembered_network, "test", locator_data, calendar).result()
        hsds = background.submit(with_remembered_network, "test", hsds_export, *open_data).result()
    finally:
        background.close()
    assert made == [station_page_body(context, network.by_id[i]) for i in ids]
    assert all("<svg" in body for body in made)
    assert locator == locator_data(network, calendar)
    assert hsds == hsds_export(network, *open_data)


def test_a_process_without_this_builds_context_refuses_to_make_bodies() -> None:
    """The build's own process after the helper died (its station_page_bodies
    would run here) must not use the context of an earlier build."""
    from mhsite.stations import pages

    pages.remember_context(pages.BodyContext(None, None, {}, "/", None, {}, "", None, build="earlier"))  # type: ignore[arg-type]
    try:
        with pytest.raises(RuntimeError):
            pages.station_page_bodies("this", ["x"])
        with pytest.raises(RuntimeError):
            pages.with_remembered_network("this", pages.locator_data, None)
    finally:
        pages._context = None


def test_a_system_that_cannot_start_the_helper_builds_without_it(monkeypatch) -> None:
    """No POSIX semaphores (some sandboxes), no processes left (EAGAIN):
    the work runs in the build's process, no error."""
    from mhsite.common import background as module

    def no_semaphores(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(module, "ProcessPoolExecutor", no_semaphores)
    helperless = Background(cores=2)
    assert not helperless.parallel
    assert helperless.submit(qr_svg, URLS[0]).result() == qr_svg(URLS[0])
    monkeypatch.undo()

    background = Background(cores=2)
    try:
        def cannot_fork(*args, **kwargs):
            raise BlockingIOError(11, "Resource temporarily unavailable")

        monkeypatch.setattr(background._pool, "submit", cannot_fork)
        assert background.submit(qr_svg, URLS[0]).result() == qr_svg(URLS[0])
        assert not background.parallel
    finally:
        background.close()
