"""Coordinates in China: GCJ-02 ↔ WGS-84, distances, and a plausibility check.

Coordinates copied from Amap (高德) or Tencent maps are GCJ-02, an obfuscated
system offset from GPS (WGS-84) by several hundred metres; the browser's
geolocation gives WGS-84. Distances are only right once both are in the same
system. The conversion is the published GCJ-02 algorithm (the Krasovsky 1940
ellipsoid and the fixed polynomial offsets); WGS-84 → GCJ-02 is exact, and
GCJ-02 → WGS-84 is its inverse by iteration (error well under 1 m).

`docs/assets/javascripts/geo.js` is the same code for the browser; a test
checks that both agree.
"""

from __future__ import annotations

import math

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as GCJ-02 uses
_EE = 0.00669342162296594323  # its first eccentricity squared
EARTH_RADIUS_M = 6371008.8  # mean radius, for great-circle distances


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def outside_china_box(lat: float, lng: float) -> bool:
    """The rectangle GCJ-02 applies to; outside it the two systems coincide."""
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if outside_china_box(lat, lng):
        return lat, lng
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lng + d_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """Inverse of `wgs84_to_gcj02` by fixed-point iteration."""
    if outside_china_box(lat, lng):
        return lat, lng
    w_lat, w_lng = lat, lng
    for _ in range(30):
        g_lat, g_lng = wgs84_to_gcj02(w_lat, w_lng)
        d_lat, d_lng = g_lat - lat, g_lng - lng
        w_lat, w_lng = w_lat - d_lat, w_lng - d_lng
        if abs(d_lat) < 1e-10 and abs(d_lng) < 1e-10:
            break
    return w_lat, w_lng


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance in metres between two WGS-84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


# China lies within these bounds (from the South China Sea islands to Mohe, from
# the Pamirs to Fuyuan): a coarse check that catches swapped or mistyped
# coordinates without pretending to know the border.
CHINA_LAT = (3.8, 53.6)
CHINA_LNG = (73.4, 135.1)


def coordinate_problem(lat: float, lng: float) -> str | None:
    """Why (lat, lng) cannot be a place in China, in words for an editor; None if it can."""
    in_lat = CHINA_LAT[0] <= lat <= CHINA_LAT[1]
    in_lng = CHINA_LNG[0] <= lng <= CHINA_LNG[1]
    if in_lat and in_lng:
        return None
    if CHINA_LAT[0] <= lng <= CHINA_LAT[1] and CHINA_LNG[0] <= lat <= CHINA_LNG[1]:
        return f"[{lat}, {lng}] 看起来纬度和经度写反了；请写成 [纬度, 经度]，即 [{lng}, {lat}]。"
    return (
        f"[{lat}, {lng}] 不在中国境内（纬度应在 {CHINA_LAT[0]}–{CHINA_LAT[1]}，经度应在 {CHINA_LNG[0]}–{CHINA_LNG[1]}）；"
        "请在高德或腾讯地图上重新取点，按 [纬度, 经度] 填写。"
    )
