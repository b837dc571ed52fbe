/* The station locator: filter by area, kind and service, search by name or
   address, "open now", and "nearest to me". Everything runs on the phone:
   the position from the browser's geolocation is used here and never sent
   anywhere. Without this script the page is a complete list (or a list of
   areas, for a large network). The data (stations.json, WGS-84) is fetched
   from this site on the first use of a control, so the page's first view
   stays small however many stations there are. */
(function () {
  "use strict";

  var form = document.getElementById("mh-finder");
  if (!form || !window.OpeningHours || !window.OpenText || !window.Geo || !window.fetch) return;
  var results = document.getElementById("mh-results");
  var status = document.getElementById("mh-status");
  var staticList = document.getElementById("mh-station-list");
  var nearButton = document.getElementById("mh-near");
  var data = null, loading = null, position = null;

  // A large network lists its areas once, as links (the page without
  // JavaScript): the area choice is made from that list.
  var areaSelect = document.getElementById("mh-area");
  if (areaSelect && areaSelect.options.length <= 1) {
    Array.prototype.forEach.call(document.querySelectorAll("#mh-station-list [data-area]"), function (item) {
      var name = item.getAttribute("data-area");
      areaSelect.appendChild(new Option(name, name));
    });
  }
  form.hidden = false;

  function load() {
    if (!loading) {
      status.textContent = "正在载入站点数据……";
      loading = fetch("stations.json", { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (d) { data = d; return d; })
        .catch(function () {
          loading = null;
          status.textContent = "站点数据载入失败，请检查网络后重试；下方列表仍可使用。";
          throw new Error("load");
        });
    }
    return loading;
  }

  function selectedServices() {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=service]"), function (c) { return c.checked; })
      .map(function (c) { return c.value; });
  }

  function matches(s, f, now) {
    if (f.area && s.area !== f.area) return false;
    if (f.kind && s.kind !== f.kind) return false;
    for (var i = 0; i < f.services.length; i++) if (s.services.indexOf(f.services[i]) < 0) return false;
    if (f.q) {
      var text = (s.name + " " + s.address + " " + s.area + " " + s.services.map(function (c) { return data.services[c] || c; }).join(" "));
      var words = f.q.split(/\s+/);
      for (var j = 0; j < words.length; j++) if (words[j] && text.indexOf(words[j]) < 0) return false;
    }
    if (f.open && !s._state.open) return false;
    return true;
  }

  function distanceText(m) {
    return m < 1000 ? "约 " + Math.max(10, Math.round(m / 10) * 10) + " 米" : "约 " + (m / 1000).toFixed(1) + " 公里";
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function render() {
    if (!data) return;
    var now = Date.now();
    var f = {
      area: form.elements.area.value,
      kind: form.elements.kind.value,
      services: selectedServices(),
      q: form.elements.q.value.trim(),
      open: form.elements.open.checked
    };
    var list = data.stations.map(function (s) {
      s._state = window.OpeningHours.openState(s.hours, data.calendar, now);
      s._distance = position ? window.Geo.distanceM(position[0], position[1], s.lat, s.lng) : null;
      return s;
    }).filter(function (s) { return matches(s, f, now); });
    if (position) list.sort(function (a, b) { return a._distance - b._distance; });

    var shown = list.slice(0, 100);
    results.textContent = "";
    shown.forEach(function (s) {
      var li = el("li", "mh-station mh-result");
      li.setAttribute("data-station", s.id);
      var a = el("a", "mh-station__name", s.name);
      a.href = s.id + "/";
      li.appendChild(a);
      li.appendChild(el("span", "mh-station__kind", data.kinds[s.kind] || s.kind));
      if (s._distance != null) li.appendChild(el("span", "mh-distance", distanceText(s._distance)));
      li.appendChild(el("span", "mh-badge " + (s._state.open ? "mh-badge--open" : "mh-badge--closed"),
        window.OpenText.describe(s._state, now, window.OpenText.STATION)));
      li.appendChild(el("span", "mh-station__meta", s.address));
      li.appendChild(el("span", "mh-station__meta", s.hours_text));
      if (s.services.length) {
        li.appendChild(el("span", "mh-station__meta", "服务：" + s.services.map(function (c) { return data.services[c] || c; }).join("、")));
      }
      s.phone.forEach(function (p, i) {
        var call;
        if (data.sample || s.sample) {
          call = el("span", "mh-station__phone", p + "（示例号码）");
        } else {
          call = el("a", "mh-station__phone", p);
          call.href = s.tel[i];
          call.setAttribute("aria-label", "拨打" + s.name + "电话 " + p);
        }
        li.appendChild(call);
      });
      results.appendChild(li);
    });
    results.hidden = false;
    staticList.hidden = true;
    status.textContent = list.length ? foundText(list.length, shown.length) : noneText(f);
  }

  function foundText(count, shownCount) {
    var msg = "找到 " + count + " 个站点";
    if (count > shownCount) msg += "，显示前 " + shownCount + " 个";
    if (position) msg += "，按距离由近到远排列";
    return msg + "。";
  }

  // Nothing found: say what to change, for what was actually chosen. Only
  // a word typed: the word; filters: the filters (one sentence, one 。).
  function noneText(f) {
    var filtered = !!(f.area || f.kind || f.services.length || f.open);
    if (f.q && !filtered) return "没有找到名称、地址或服务里有“" + f.q + "”的站点。换个词试试，比如镇（街道）或社区的名字，或者按地区查找。";
    if (f.q) return "没有找到符合条件的站点，请换个词，或者减少筛选条件。";
    return "没有找到符合条件的站点，请减少筛选条件。";
  }

  function update() { load().then(render, function () {}); }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });

  // /stations/?service=<code> (the 「我是……」 pages' "查看全部站点"): that
  // service ticked on arrival, and the list filtered by it.
  var wanted = (window.location.search.match(/[?&]service=([^&]+)/) || [])[1];
  if (wanted) {
    wanted = decodeURIComponent(wanted);
    Array.prototype.forEach.call(form.querySelectorAll("input[name=service]"), function (c) {
      if (c.value === wanted) { c.checked = true; update(); }
    });
  }

  nearButton.addEventListener("click", function () {
    if (!navigator.geolocation) {
      status.textContent = "这个浏览器无法获取位置，请按地区查找。";
      return;
    }
    status.textContent = "正在获取您的位置……";
    navigator.geolocation.getCurrentPosition(function (p) {
      // The browser gives WGS-84, like the station data in stations.json.
      position = [p.coords.latitude, p.coords.longitude];
      update();
    }, function () {
      status.textContent = "没有获得位置权限。可以在浏览器设置中允许，或按地区查找。";
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  });
})();
