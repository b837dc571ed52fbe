/* Micro-lesson progress, kept only on this phone (localStorage): the
   "标记为已学完" button on a lesson, the ✓ marks and "已学 n/5 课" on the
   series and lesson lists. Without this script the lists are plain lists. */
(function () {
  "use strict";
  var PREFIX = "mh-lesson-done:";

  function isDone(key) {
    try { return window.localStorage.getItem(PREFIX + key) === "1"; } catch (e) { return false; }
  }

  function setDone(key, done) {
    try {
      if (done) window.localStorage.setItem(PREFIX + key, "1");
      else window.localStorage.removeItem(PREFIX + key);
    } catch (e) { /* storage refused: progress is simply not kept */ }
  }

  function refresh() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lesson-mark]"), function (mark) {
      mark.hidden = !isDone(mark.getAttribute("data-lesson-mark"));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-series-progress]"), function (el) {
      var keys = el.getAttribute("data-series-progress").split(" ");
      var done = keys.filter(isDone).length;
      el.hidden = false;
      el.textContent = done === 0 ? "还没有开始学习。" : "您已学完 " + done + " 课，共 " + keys.length + " 课。";
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-lesson]"), function (box) {
      var key = box.getAttribute("data-lesson");
      var button = box.querySelector("[data-lesson-toggle]");
      box.hidden = false;
      button.setAttribute("aria-pressed", String(isDone(key)));
      button.textContent = isDone(key) ? "✓ 已学完（点此取消）" : "标记为已学完";
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-lesson]"), function (box) {
    box.querySelector("[data-lesson-toggle]").addEventListener("click", function () {
      var key = box.getAttribute("data-lesson");
      setDone(key, !isDone(key));
      refresh();
    });
  });
  refresh();
})();
