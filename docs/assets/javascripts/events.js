/* Activities: hide what has ended since the site was built (the site is not
   rebuilt every day), and filter /events/ by area and audience. Progressive:
   without this script every page is a complete list. Times in the page are
   ISO 8601 with +08:00 (Beijing time), so the phone's own time zone does not
   matter. Nothing is stored or sent anywhere. */
(function () {
  "use strict";

  function ended(el, now) {
    var end = Date.parse(el.getAttribute("data-end"));
    return !isNaN(end) && end <= now;
  }

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  var now = Date.now();

  /* One activity's page: say so when it has ended, and drop "添加到日历". */
  each("[data-event-page]", function (page) {
    if (!ended(page, now)) return;
    var notice = page.querySelector("[data-event-ended]");
    if (notice) notice.hidden = false;
    var actions = page.parentNode.querySelectorAll("[data-event-actions], .mh-event-hint");
    Array.prototype.forEach.call(actions, function (el) { el.hidden = true; });
  });

  /* Short lists (home page, station pages): the first `data-shown` activities
     that have not ended; a list with none left disappears. */
  each("[data-event-list]", function (list) {
    var shown = parseInt(list.getAttribute("data-shown"), 10) || 0;
    var count = 0;
    Array.prototype.forEach.call(list.querySelectorAll("[data-event]"), function (item) {
      var keep = !ended(item, now) && count < shown;
      if (keep) count += 1;
      item.hidden = !keep;
    });
    if (count === 0) {
      var section = list.closest("section") || list;
      section.hidden = true;
    }
  });

  /* /events/: weeks of activities, with filters. */
  var filter = document.getElementById("mh-event-filter");
  if (!filter) return;
  var area = document.getElementById("mh-event-area");
  var audience = document.getElementById("mh-event-audience");
  var count = document.getElementById("mh-events-count");
  var none = document.getElementById("mh-events-none");

  function update() {
    var total = 0;
    var wantArea = area.value, wantAudience = audience.value;
    each(".mh-event-week", function (week) {
      var visible = 0;
      Array.prototype.forEach.call(week.querySelectorAll("[data-event]"), function (item) {
        var audiences = (item.getAttribute("data-audience") || "").split(" ");
        var show = !ended(item, now) &&
          (!wantArea || item.getAttribute("data-area") === wantArea) &&
          // Activities open to everyone match every audience.
          (!wantAudience || audiences.indexOf(wantAudience) >= 0 || audiences.indexOf("public") >= 0);
        item.hidden = !show;
        if (show) visible += 1;
      });
      week.hidden = visible === 0;
      total += visible;
    });
    none.hidden = total > 0;
    var filtered = wantArea || wantAudience;
    count.textContent = filtered ? "找到 " + total + " 个活动" : "";
  }

  filter.hidden = false;
  filter.addEventListener("change", update);
  filter.addEventListener("submit", function (event) { event.preventDefault(); });
  update();
})();
