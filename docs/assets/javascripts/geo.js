/* Coordinates in China for the browser: GCJ-02 <-> WGS-84 and distances.
   The same algorithm as hooks/geo.py (a test checks they agree): positions
   from the phone's GPS are WGS-84, station coordinates copied from Amap or
   Tencent maps are GCJ-02, several hundred metres apart. */
(function (root) {
  "use strict";
  var A = 6378245.0, EE = 0.00669342162296594323, R = 6371008.8, PI = Math.PI;

  function tLat(x, y) {
    var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    r += (160.0 * Math.sin(y / 12.0 * PI) + 320 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    return r;
  }

  function tLng(x, y) {
    var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    r += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    r += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    return r;
  }

  function outside(lat, lng) {
    return !(lng > 73.66 && lng < 135.05 && lat > 3.86 && lat < 53.55);
  }

  function wgs84ToGcj02(lat, lng) {
    if (outside(lat, lng)) return [lat, lng];
    var dLat = tLat(lng - 105.0, lat - 35.0), dLng = tLng(lng - 105.0, lat - 35.0);
    var radLat = lat / 180.0 * PI;
    var magic = 1 - EE * Math.pow(Math.sin(radLat), 2), sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * PI);
    dLng = (dLng * 180.0) / (A / sqrtMagic * Math.cos(radLat) * PI);
    return [lat + dLat, lng + dLng];
  }

  function gcj02ToWgs84(lat, lng) {
    if (outside(lat, lng)) return [lat, lng];
    var wLat = lat, wLng = lng;
    for (var i = 0; i < 30; i++) {
      var g = wgs84ToGcj02(wLat, wLng), d1 = g[0] - lat, d2 = g[1] - lng;
      wLat -= d1; wLng -= d2;
      if (Math.abs(d1) < 1e-10 && Math.abs(d2) < 1e-10) break;
    }
    return [wLat, wLng];
  }

  function distanceM(lat1, lng1, lat2, lng2) {
    var p1 = lat1 * PI / 180, p2 = lat2 * PI / 180;
    var dp = p2 - p1, dl = (lng2 - lng1) * PI / 180;
    var h = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  var Geo = { wgs84ToGcj02: wgs84ToGcj02, gcj02ToWgs84: gcj02ToWgs84, distanceM: distanceM };
  root.Geo = Geo;
  if (typeof module !== "undefined") module.exports = Geo;
})(typeof window !== "undefined" ? window : this);
