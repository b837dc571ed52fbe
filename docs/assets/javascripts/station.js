/* One station's page: the "开放中 / 几点开门" badge, in China's time whatever
   the phone's time zone. Without this script the page shows the hours in
   words. */
(function () {
  "use strict";
  var el = document.getElementById("mh-station-data");
  var badge = document.querySelector("[data-open-badge]");
  if (!el || !badge || !window.OpeningHours || !window.OpenText) return;
  var data = JSON.parse(el.textContent);

  function update() {
    var now = Date.now();
    var state = window.OpeningHours.openState(data.hours, data.calendar, now);
    badge.hidden = false;
    badge.className = "mh-badge " + (state.open ? "mh-badge--open" : "mh-badge--closed");
    badge.textContent = window.OpenText.describe(state, now, window.OpenText.STATION);
  }

  update();
  setInterval(update, 60000);
})();
