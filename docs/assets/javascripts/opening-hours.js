/* "Open now" for a station or a hotline: whether it is open, when it closes,
   when it next opens. The same rules as hooks/opening_hours.py (a test runs
   both over the same cases), applied to what `opening_hours_to_json` and
   `calendar_to_json` put in the page:

     hours:    {weekly: [7 lists of [startMinute, endMinute]], Monday first,
                special: [{monthly: 17 | {nth: 1..4 | -1, weekday: 0..6}, hours, label,
                           on_holidays: "open" | "closed"}],
                holidays: "closed" | "open" | [[start, end], ...],
                makeup: [[start, end], ...]}
     calendar: {holidays: {"2026-10-01": "国庆节", ...}, workdays: ["2026-10-10", ...],
                provisional: [2027]}

   Which hours apply on a day, first match wins: a special day (the first
   listed that falls on it, on a statutory holiday only one held on holidays,
   on_holidays "open"); a statutory holiday (the holiday policy; "open"
   means the weekly hours); a make-up working day (the `makeup` hours); the
   weekly hours. Minutes run from China's midnight; an end is exclusive.

   OpeningHours.openState(hours, calendar, nowMillis) →
     {open, closesAt, nextOpen} with times as epoch milliseconds or null;
   both look at most 400 days ahead. */
var OpeningHours = (function () {
  "use strict";

  /* China has had no daylight saving time since 1991, so Asia/Shanghai is a
     fixed UTC+8: shifting by eight hours and reading the UTC fields gives
     China's date and time whatever the phone's own time zone. */
  var CHINA_OFFSET_MS = 8 * 3600 * 1000;
  var DAY_MS = 86400 * 1000;
  var MINUTE_MS = 60 * 1000;
  var MINUTES_PER_DAY = 1440;
  var SEARCH_DAYS = 400;

  /* Days since 1970-01-01 in China's calendar. */
  function dayNumber(ms) {
    return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
  }

  function startOfDay(day) {
    return day * DAY_MS - CHINA_OFFSET_MS;
  }

  function civil(day) {
    var d = new Date(day * DAY_MS);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      weekday: (d.getUTCDay() + 6) % 7 /* Monday = 0 */
    };
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function isoDate(c) {
    return c.year + "-" + pad(c.month) + "-" + pad(c.day);
  }

  function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function fallsOn(monthly, c) {
    if (typeof monthly === "number") return c.day === monthly;
    if (c.weekday !== monthly.weekday) return false;
    if (monthly.nth === -1) return c.day + 7 > daysInMonth(c.year, c.month);
    return Math.floor((c.day - 1) / 7) + 1 === monthly.nth;
  }

  function makeRules(hours, calendar) {
    var holidays = (calendar && calendar.holidays) || {};
    var workdays = {};
    ((calendar && calendar.workdays) || []).forEach(function (iso) { workdays[iso] = true; });
    var special = hours.special || [];

    return function hoursOn(day) {
      var c = civil(day);
      var iso = isoDate(c);
      var holiday = Object.prototype.hasOwnProperty.call(holidays, iso);
      for (var i = 0; i < special.length; i++) {
        /* On a statutory holiday a special day is held only if it says so. */
        if (fallsOn(special[i].monthly, c) && (!holiday || special[i].on_holidays === "open")) return special[i].hours;
      }
      if (holiday) {
        if (hours.holidays === "closed") return [];
        if (hours.holidays === "open") return hours.weekly[c.weekday];
        return hours.holidays;
      }
      if (workdays[iso]) return hours.makeup;
      return hours.weekly[c.weekday];
    };
  }

  /* An opening that runs to 24:00 goes on if the next day opens at 00:00. */
  function closingTime(hoursOn, today, end) {
    var day = today;
    while (end === MINUTES_PER_DAY) {
      day += 1;
      if (day - today > SEARCH_DAYS) return null;
      var spans = hoursOn(day);
      if (!spans.length || spans[0][0] !== 0) return startOfDay(day);
      end = spans[0][1];
    }
    return startOfDay(day) + end * MINUTE_MS;
  }

  function nextOpening(hoursOn, today, sinceMidnight) {
    for (var offset = 0; offset <= SEARCH_DAYS; offset++) {
      var spans = hoursOn(today + offset);
      for (var i = 0; i < spans.length; i++) {
        if (offset > 0 || spans[i][0] * MINUTE_MS > sinceMidnight) {
          return startOfDay(today + offset) + spans[i][0] * MINUTE_MS;
        }
      }
    }
    return null;
  }

  function openState(hours, calendar, nowMillis) {
    var hoursOn = makeRules(hours, calendar);
    var today = dayNumber(nowMillis);
    var sinceMidnight = nowMillis - startOfDay(today);
    var spans = hoursOn(today);
    for (var i = 0; i < spans.length; i++) {
      if (spans[i][0] * MINUTE_MS <= sinceMidnight && sinceMidnight < spans[i][1] * MINUTE_MS) {
        return { open: true, closesAt: closingTime(hoursOn, today, spans[i][1]), nextOpen: null };
      }
    }
    return { open: false, closesAt: null, nextOpen: nextOpening(hoursOn, today, sinceMidnight) };
  }

  return { openState: openState };
})();

if (typeof window !== "undefined") window.OpeningHours = OpeningHours;
if (typeof module !== "undefined") module.exports = OpeningHours;
