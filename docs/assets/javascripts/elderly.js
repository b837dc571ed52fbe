/* 长辈模式 (elderly mode): the header button turns it on and off.
   The class "mh-elderly" on <html> is what elderly.css follows; the little
   script in the page head (overrides/partials/elderly-head.html) sets it from
   localStorage before the page is drawn, so a remembered choice never
   flashes. The choice stays on this device: nothing is sent anywhere. */
(function () {
  "use strict";
  var KEY = "mh-elderly";
  var root = document.documentElement;
  var buttons = document.querySelectorAll("[data-mh-elderly-toggle]");
  var status = document.querySelector("[data-mh-elderly-status]");

  function isOn() {
    return root.classList.contains("mh-elderly");
  }

  function set(on, announce) {
    if (on) root.classList.add("mh-elderly");
    else root.classList.remove("mh-elderly");
    // The button's label follows the class (elderly.css): 长辈模式 / 标准模式.
    if (announce && status) status.textContent = on ? "已开启长辈模式" : "已关闭长辈模式";
  }

  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var on = !isOn();
      try {
        if (on) window.localStorage.setItem(KEY, "1");
        else window.localStorage.removeItem(KEY);
      } catch (e) { /* storage refused: the mode lasts for this page only */ }
      set(on, true);
    });
  });

  // Changed in another tab of the same site: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) set(event.newValue === "1", false);
  });

  // A link that is a whole paragraph or list item on its own ("全部活动"):
  // elderly mode gives it a button-sized box. A link inside a sentence stays
  // a word (WCAG's "inline" exception), underlined.
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset a[href]:not([class])"), function (a) {
    var block = a.parentElement && a.parentElement.closest("p, li, dt, dd, td, th, nav, div");
    if (block && block.textContent.trim() === a.textContent.trim()) a.setAttribute("data-mh-alone", "");
  });

})();
