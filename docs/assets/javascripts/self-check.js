/* Self-check scoring, on the phone. Nothing is sent anywhere: there is no
   form to submit and no request is made. A result is kept only if the
   resident presses "在本机保存" (localStorage on this device), and "清除"
   removes it. Without this script the page shows how to score by hand.

   What is on the screen always matches the answers as they are now: a result
   is the sum of the answers when 查看结果 was pressed, and changing any answer
   afterwards puts it away with a prompt to press again; "在本机保存" stores
   the sum of the current answers, and only while their result is shown. The
   urgent box (e.g. PHQ-9 item 9) follows the answers live. */
(function () {
  "use strict";

  var dataElement = document.getElementById("mh-quiz-data");
  var quiz = document.getElementById("mh-quiz");
  if (!dataElement || !quiz) return;
  var data = JSON.parse(dataElement.textContent);
  var KEY = "mh-self-check:" + data.id;

  var missing = document.getElementById("mh-missing");
  var stale = document.getElementById("mh-stale");
  var urgentBox = document.getElementById("mh-urgent");
  var result = document.getElementById("mh-result");
  var stored = document.getElementById("mh-stored");
  var header = document.querySelector(".md-header");
  var shown = null; // the result on the screen: {total, band}, or null

  quiz.querySelector(".mh-quiz__actions").hidden = false;

  function answer(item) {
    var checked = quiz.querySelector('input[name="' + item + '"]:checked');
    return checked ? Number(checked.value) : null;
  }

  function bandFor(total) {
    for (var i = 0; i < data.bands.length; i++) {
      if (data.bands[i].min <= total && total <= data.bands[i].max) return data.bands[i];
    }
    return null;
  }

  /* The answers as they are now: {unanswered: [question numbers], total, band}
     (band null while any is unanswered). Read from the radio buttons every
     time, never remembered: the browser may restore or change them. */
  function current() {
    var unanswered = [];
    var total = 0;
    data.items.forEach(function (item, index) {
      var value = answer(item);
      if (value === null) unanswered.push(index + 1);
      else total += value;
    });
    return { unanswered: unanswered, total: total, band: unanswered.length ? null : bandFor(total) };
  }

  /* Urgent items (PHQ-9 item 9) show the crisis numbers as soon as they are
     answered, before the resident reaches the end, and go when the answer
     is changed back. */
  function updateUrgent() {
    var any = false;
    data.urgent.forEach(function (u) {
      var value = answer(u.item);
      var on = value !== null && value >= u.min_score;
      var message = urgentBox.querySelector('[data-urgent="' + u.item + '"]');
      if (message) message.hidden = !on;
      any = any || on;
    });
    urgentBox.hidden = !any;
  }

  function missingText(unanswered) {
    return "还有第 " + unanswered.join("、") + " 题没有回答。";
  }

  /* A result that no longer matches the answers is put away, with a prompt
     in its place above the 查看结果 button (announced once, politely). */
  function hideResult() {
    shown = null;
    result.hidden = true;
  }

  function putAwayStale() {
    if (result.hidden) return;
    hideResult();
    stale.textContent = "您改了答案，之前的结果已收起。请再按“查看结果”看新的结果。";
  }

  function render(res) {
    document.getElementById("mh-total").textContent = String(res.total);
    var band = document.getElementById("mh-band");
    band.textContent = res.band.label;
    band.className = "mh-result__band mh-level--" + res.band.level;
    document.getElementById("mh-meaning").textContent = res.band.meaning;
    document.getElementById("mh-advice").textContent = res.band.advice;
    shown = { total: res.total, band: res.band };
    result.hidden = false;
  }

  /* Scroll `el`'s top to just under the sticky header (Material's header,
     with the tabs on a wide screen; taller in 长辈模式 and with large text),
     measured now rather than assumed. */
  function bringToTop(el) {
    var gap = 8;
    el.style.scrollMarginTop = (header ? header.getBoundingClientRect().height : 0) + gap + "px";
    el.scrollIntoView({ block: "start" });
    // A browser without scroll-margin: move it out from under the header.
    var under = (header ? header.getBoundingClientRect().bottom : 0) + gap - el.getBoundingClientRect().top;
    if (under > 1) window.scrollBy(0, -under);
  }

  function score() {
    var res = current();
    updateUrgent();
    stale.textContent = "";
    if (res.unanswered.length) {
      hideResult();
      missing.hidden = false;
      missing.textContent = missingText(res.unanswered);
      var first = quiz.querySelector('[data-item="' + data.items[res.unanswered[0] - 1] + '"] input');
      if (first) first.focus();
      return;
    }
    missing.hidden = true;
    render(res);
    // With an urgent answer, the crisis numbers come first, in view and to
    // the screen reader, before the total and its band; else the result.
    var target = urgentBox.hidden ? result : urgentBox;
    target.focus({ preventScroll: true });
    bringToTop(target);
  }

  quiz.addEventListener("change", function () {
    updateUrgent();
    putAwayStale();
    // "还有第 … 题没有回答" names only what is still unanswered.
    if (!missing.hidden) {
      var left = current().unanswered;
      if (left.length) missing.textContent = missingText(left);
      else missing.hidden = true;
    }
  });

  function today() {
    // The date in China, for the saved result's label.
    var d = new Date(Date.now() + 8 * 3600 * 1000);
    return d.getUTCFullYear() + "-" + ("0" + (d.getUTCMonth() + 1)).slice(-2) + "-" + ("0" + d.getUTCDate()).slice(-2);
  }

  function showStored() {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(KEY)); } catch (e) { saved = null; }
    stored.textContent = saved
      ? "本机保存的结果：" + saved.date + "，总分 " + saved.total + " 分（" + saved.label + "）。"
      : "本机没有保存结果。";
    // Nothing saved, nothing to clear: no 「清除」 button under 「本机没有保存结果」.
    clearButton.parentNode.hidden = !saved;
    return saved;
  }

  document.getElementById("mh-score").addEventListener("click", score);
  document.getElementById("mh-save").addEventListener("click", function () {
    // Saved from the answers as they are now, and only if the result on the
    // screen is theirs: a total that does not match the answers is never stored.
    var res = current();
    updateUrgent();
    if (shown === null || result.hidden || res.band === null || res.total !== shown.total) {
      putAwayStale();
      document.getElementById("mh-score").focus();
      return;
    }
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ date: today(), total: res.total, label: res.band.label }));
    } catch (e) {
      stored.textContent = "这个浏览器不允许保存。";
      return;
    }
    showStored();
  });
  var clearButton = document.getElementById("mh-clear");
  clearButton.addEventListener("click", function () {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    showStored();
    // The button is gone: the focus goes to the line that says so.
    stored.focus();
  });

  document.getElementById("mh-store").hidden = false;
  updateUrgent();
  showStored();
})();
