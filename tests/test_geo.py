"""Coordinate conversion and distances (hooks/geo.py and its browser twin)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from conftest import ROOT
from mhsite.common.geo import coordinate_problem, distance_m, gcj02_to_wgs84, wgs84_to_gcj02


def test_gcj02_offset_is_hundreds_of_metres_in_china() -> None:
    # Tiananmen, WGS-84 (GPS).
    lat, lng = 39.90734, 116.39121
    g_lat, g_lng = wgs84_to_gcj02(lat, lng)
    offset = distance_m(lat, lng, g_lat, g_lng)
    assert 100 < offset < 700, offset


def test_known_conversion() -> None:
    # Reference value from the published algorithm (eviltransform's test data):
    # WGS-84 (39.915, 116.404) -> GCJ-02 (39.91640428150164, 116.41024449916938).
    lat, lng = wgs84_to_gcj02(39.915, 116.404)
    assert lat == pytest.approx(39.91640428150164, abs=1e-9)
    assert lng == pytest.approx(116.41024449916938, abs=1e-9)


@pytest.mark.parametrize("point", [(30.8381, 120.6034), (22.54, 114.06), (45.75, 126.63), (29.65, 91.13)])
def test_round_trip_within_a_metre(point) -> None:
    there = wgs84_to_gcj02(*point)
    back = gcj02_to_wgs84(*there)
    assert distance_m(*point, *back) < 0.01


def test_outside_china_nothing_changes() -> None:
    assert wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)


def test_distance() -> None:
    # One degree of latitude is about 111.2 km.
    assert distance_m(30.0, 120.0, 31.0, 120.0) == pytest.approx(111_195, rel=1e-3)
    assert distance_m(30.0, 120.0, 30.0, 120.0) == 0


def test_coordinate_problems() -> None:
    assert coordinate_problem(30.84, 120.60) is None
    assert "写反" in coordinate_problem(120.60, 30.84)
    assert "不在中国境内" in coordinate_problem(51.5, -0.12)
    assert "不在中国境内" in coordinate_problem(0, 0)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: the JS twin is not compared")
def test_browser_code_agrees_with_python() -> None:
    rng = random.Random(42)
    points = [(rng.uniform(18, 53), rng.uniform(74, 134)) for _ in range(300)]
    script = f"""
    const Geo = require({json.dumps(str(ROOT / "docs/assets/javascripts/geo.js"))});
    const pts = {json.dumps(points)};
    console.log(JSON.stringify(pts.map(([a, b]) => [Geo.wgs84ToGcj02(a, b), Geo.gcj02ToWgs84(a, b), Geo.distanceM(a, b, 30, 120)])));
    """
    out = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    for (lat, lng), (to_gcj, to_wgs, dist) in zip(points, out):
        assert to_gcj == pytest.approx(list(wgs84_to_gcj02(lat, lng)), abs=1e-12)
        assert to_wgs == pytest.approx(list(gcj02_to_wgs84(lat, lng)), abs=1e-9)
        assert dist == pytest.approx(distance_m(lat, lng, 30, 120), rel=1e-12)
