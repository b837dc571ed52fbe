/* "Open now" in words, in China's time (UTC+8; no daylight saving since 1991),
   whatever the phone's own time zone. Shared by the hotline directory, the
   locator and the station pages. */
(function (root) {
  "use strict";
  var CHINA_OFFSET = 8 * 3600 * 1000;
  var WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

  function china(ms) {
    var d = new Date(ms + CHINA_OFFSET);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), h: d.getUTCHours(), min: d.getUTCMinutes(), wd: (d.getUTCDay() + 6) % 7 };
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* "今天 17:00" / "明天 08:00" / "周一 08:30" / "12月1日 08:30". */
  function when(ms, now) {
    var t = china(ms), n = china(now);
    var days = Math.round((Date.UTC(t.y, t.m, t.d) - Date.UTC(n.y, n.m, n.d)) / 86400000);
    var time = pad(t.h) + ":" + pad(t.min);
    if (days === 0) return "今天 " + time;
    if (days === 1) return "明天 " + time;
    if (days < 7) return WEEKDAYS[t.wd] + " " + time;
    return (t.m + 1) + "月" + t.d + "日 " + time;
  }

  /* words: {open: "正在接听", closed: "现在不在接听时间", ends: "结束", starts: "开始"} */
  function describe(state, now, words) {
    if (state.open) {
      return state.closesAt && state.closesAt - now < 86400000 ? words.open + "，" + when(state.closesAt, now) + " " + words.ends : words.open;
    }
    return state.nextOpen ? words.closed + "，" + when(state.nextOpen, now) + " " + words.starts : words.closed;
  }

  var OpenText = {
    when: when,
    describe: describe,
    HOTLINE: { open: "正在接听", closed: "现在不在接听时间", ends: "结束", starts: "开始" },
    STATION: { open: "开放中", closed: "现在未开放", ends: "关门", starts: "开门" }
  };
  root.OpenText = OpenText;
  if (typeof module !== "undefined") module.exports = OpenText;
})(typeof window !== "undefined" ? window : this);
