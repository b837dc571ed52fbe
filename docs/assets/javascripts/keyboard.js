/* Keyboard use of Material's header buttons. The navigation drawer and
   search buttons are <label>s for hidden checkboxes: a tap works, but a
   keyboard could not reach them, so on a phone-sized screen (or a computer
   zoomed in) a keyboard user had no way to the navigation or the search.
   header.html puts a focusable, named button in each label
   (<span class="mh-press" role="button" tabindex="0">); this presses it on
   Enter and Space (its click reaches the label, which toggles the
   checkbox). The open drawer covers the page like a dialog, so the focus
   goes into it and stays in it (Tab and Shift+Tab go round its links)
   until Escape, or its button, closes it; Escape puts the focus back on the
   button. Material closes the search on Escape itself. */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 76.234375em)"); // Material's drawer breakpoint

  function drawerOpen() {
    var toggle = document.getElementById("__drawer");
    return !!toggle && toggle.checked && NARROW.matches;
  }

  function drawerItems() {
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!sidebar) return [];
    return Array.prototype.filter.call(
      sidebar.querySelectorAll("a[href], [tabindex]:not([tabindex='-1']), input, button, select"),
      function (el) {
        return el.getClientRects().length > 0 && getComputedStyle(el).visibility === "visible";
      });
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest(".mh-press") : null;
    if (button && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      button.click();
      if (button.closest('label[for="__drawer"]') && drawerOpen()) {
        var items = drawerItems();
        if (items.length) items[0].focus();
      }
      return;
    }
    if (!drawerOpen()) return;
    if (event.key === "Escape") {
      var opener = document.querySelector('label[for="__drawer"] .mh-press');
      if (opener) {
        opener.click();
        opener.focus();
      }
    } else if (event.key === "Tab") {
      var all = drawerItems();
      if (!all.length) return;
      var first = all[0], last = all[all.length - 1], at = all.indexOf(document.activeElement);
      if (at < 0 || (!event.shiftKey && at === all.length - 1) || (event.shiftKey && at === 0)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    }
  });
})();
