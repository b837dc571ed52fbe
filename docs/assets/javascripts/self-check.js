/* Self-check scoring, on the phone. Nothing is sent anywhere: there is no
   form to submit and no request is made. A result is kept only if the
   resident presses "在本机保存" (localStorage on this device), and "清除"
   removes it. Without this script the page shows how to score by hand. */
(function () {
  "use strict";

  var dataElement = document.getElementById("mh-quiz-data");
  var quiz = document.getElementById("mh-quiz");
  if (!dataElement || !quiz) return;
  var data = JSON.parse(dataElement.textContent);
  var KEY = "mh-self-check:" + data.id;

  var missing = document.getElementById("mh-missing");
  var urgentBox = document.getElementById("mh-urgent");
  var result = document.getElementById("mh-result");
  var stored = document.getElementById("mh-stored");
  var last = null;

  quiz.querySelector(".mh-quiz__actions").hidden = false;

  function answer(item) {
    var checked = quiz.querySelector('input[name="' + item + '"]:checked');
    return checked ? Number(checked.value) : null;
  }

  /* Urgent items (PHQ-9 item 9) show the crisis numbers as soon as they are
     answered, before the resident reaches the end. */
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

  function bandFor(total) {
    for (var i = 0; i < data.bands.length; i++) {
      if (data.bands[i].min <= total && total <= data.bands[i].max) return data.bands[i];
    }
    return null;
  }

  function show(res) {
    document.getElementById("mh-total").textContent = String(res.total);
    var band = document.getElementById("mh-band");
    band.textContent = res.band.label;
    band.className = "mh-result__band mh-level--" + res.band.level;
    document.getElementById("mh-meaning").textContent = res.band.meaning;
    document.getElementById("mh-advice").textContent = res.band.advice;
    result.hidden = false;
    result.focus();
  }

  function score() {
    var unanswered = [];
    var total = 0;
    data.items.forEach(function (item, index) {
      var value = answer(item);
      if (value === null) unanswered.push(index + 1);
      else total += value;
    });
    if (unanswered.length) {
      missing.hidden = false;
      missing.textContent = "还有第 " + unanswered.join("、") + " 题没有回答。";
      var first = quiz.querySelector('[data-item="' + data.items[unanswered[0] - 1] + '"] input');
      if (first) first.focus();
      return;
    }
    missing.hidden = true;
    last = { total: total, band: bandFor(total) };
    show(last);
  }

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
    return saved;
  }

  quiz.addEventListener("change", updateUrgent);
  document.getElementById("mh-score").addEventListener("click", score);
  document.getElementById("mh-save").addEventListener("click", function () {
    if (!last) return;
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ date: today(), total: last.total, label: last.band.label }));
    } catch (e) {
      stored.textContent = "这个浏览器不允许保存。";
      return;
    }
    showStored();
  });
  document.getElementById("mh-clear").addEventListener("click", function () {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    showStored();
  });

  document.getElementById("mh-store").hidden = false;
  updateUrgent();
  showStored();
})();
