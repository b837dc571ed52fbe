/* Hotline directory: "正在接听" badges, a notice when no local line is open,
   and the audience filter. Progressive: without this script the page is a
   complete list. Times are China's (Asia/Shanghai) whatever the phone's zone;
   nothing is sent anywhere. */
(function () {
  "use strict";

  var dataElement = document.getElementById("mh-hotlines-data");
  if (!dataElement || !window.OpeningHours || !window.OpenText) return;
  var data = JSON.parse(dataElement.textContent);
  function now() { return Date.now(); }

  function update() {
    var at = now();
    var localClosed = 0, localTotal = 0;
    Object.keys(data.hotlines).forEach(function (id) {
      var line = data.hotlines[id];
      var card = document.getElementById(id);
      if (!card || !line.hours) return;
      var badge = card.querySelector("[data-open-badge]");
      var state = window.OpeningHours.openState(line.hours, data.calendar, at);
      if (badge) {
        badge.hidden = false;
        badge.className = "mh-badge " + (state.open ? "mh-badge--open" : "mh-badge--closed");
        badge.textContent = window.OpenText.describe(state, at, window.OpenText.HOTLINE);
      }
      if (line.local) {
        localTotal += 1;
        if (!state.open) localClosed += 1;
      }
    });
    var notice = document.getElementById("mh-now");
    if (notice) {
      if (localTotal > 0 && localClosed === localTotal) {
        notice.hidden = false;
        notice.textContent = "";
        var p = document.createElement("p");
        p.textContent = "本地热线现在都不在接听时间。您仍然可以拨打：";
        notice.appendChild(p);
        var list = document.createElement("ul");
        list.className = "mh-button-row";
        data.always.forEach(function (line) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = line.tel;
          a.className = "mh-call";
          a.textContent = line.display + " " + line.label;
          li.appendChild(a);
          list.appendChild(li);
        });
        notice.appendChild(list);
      } else {
        notice.hidden = true;
      }
    }
  }

  function setupFilter() {
    var filter = document.getElementById("mh-hotline-filter");
    if (!filter) return;
    var buttons = filter.querySelectorAll("button[data-audience]");
    filter.hidden = false;
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var audience = button.getAttribute("data-audience");
        Array.prototype.forEach.call(buttons, function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
        Array.prototype.forEach.call(document.querySelectorAll(".mh-hotline"), function (card) {
          var audiences = (card.getAttribute("data-audience") || "").split(" ");
          // Lines for everyone and emergency numbers are never filtered out.
          card.hidden = !!audience && audiences.indexOf(audience) < 0 && audiences.indexOf("public") < 0
            && !card.classList.contains("mh-hotline--emergency");
        });
      });
    });
  }

  setupFilter();
  update();
  // Keep the badges right while the page stays open.
  setInterval(update, 60000);
})();
