/* Emergency mode: the notice turns itself off after its end time, and a
   campaign set up ahead of time appears at its start, even when the site is
   not rebuilt. Times are ISO 8601 with +08:00 (Beijing time). */
(function () {
  "use strict";
  var now = Date.now();
  Array.prototype.forEach.call(document.querySelectorAll("[data-emergency]"), function (notice) {
    var start = Date.parse(notice.getAttribute("data-start"));
    var end = Date.parse(notice.getAttribute("data-end"));
    notice.hidden = !(now >= start && now < end);
  });
})();
