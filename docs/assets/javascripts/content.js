/* Articles, lessons and guides: 朗读全文 (read aloud) and printing. Loaded
   by site.js on those pages only (overrides/partials/content-tools.html
   marks them). Two independent parts. */

/* 朗读全文 on articles, lessons and guides: the browser's own speech
   synthesis reads the page's title and text aloud, a sentence at a time.

   Only a voice on the phone or computer itself is used (localService): a
   "network" voice would send the text of what the resident is reading to
   the voice's company. Without a Chinese voice of that kind the button stays
   hidden. Voices load after the page: "voiceschanged" says when. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var tools = document.querySelector("[data-mh-content-page]");
  if (!tools || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;
  var button = tools.querySelector("[data-mh-read-aloud]");
  var label = button.querySelector(".mh-read-aloud__text");
  var article = tools.closest(".md-content__inner") || document.querySelector(".md-content__inner");
  if (!button || !article) return;

  // What is read: headings and text blocks, in order…
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, figcaption";
  // …but not the page's furniture: author and review lines, lesson number,
  // players, help box (the help bar's numbers are on screen), tags, lesson
  // navigation, buttons, hidden parts. A lesson's aims are read.
  var SKIP = ".mh-pageinfo__line, .mh-lesson-progress, .mh-media, .mh-helpbox, .md-tags, nav, .mh-lesson-done, [data-mh-content-page], " +
    ".headerlink, .md-source-file, [hidden], script, style, button, audio, video";
  // The sources and related pages at the end are lists of references, not text to listen to.
  var END = "#sources, #related";
  var LONG = 80; // characters: longer sentences are split at commas

  var voice = null;
  var utterances = []; // kept referenced: Chrome drops events of collected utterances
  var reading = false;

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var best = null;
    var bestRank = 99;
    for (var i = 0; i < voices.length; i++) {
      var v = voices[i];
      var lang = String(v.lang || "").replace("_", "-").toLowerCase();
      if (!/^(zh|cmn)(-|$)/.test(lang) || v.localService === false) continue;
      // Mainland Mandarin first; Taiwan Mandarin next; Cantonese last.
      var rank = /^(zh-cn|zh-hans|cmn-cn|cmn-hans|zh-sg)/.test(lang) || lang === "zh" || lang === "cmn" ? 0
        : /^(zh-hk|zh-mo|yue)/.test(lang) ? 2 : 1;
      if (rank < bestRank) { best = v; bestRank = rank; }
    }
    return best;
  }

  function textOf(el) {
    // The element's own text, without parts read on their own or skipped.
    var parts = [];
    (function walk(node) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) parts.push(child.nodeValue);
        else if (child.nodeType === 1 && !child.matches(SKIP) && !child.matches(BLOCKS) && !child.matches("ul, ol, dl, table")) walk(child);
      }
    })(el);
    return parts.join("").replace(/\s+/g, " ").trim();
  }

  function blocks() {
    var end = article.querySelector(END);
    var out = [];
    Array.prototype.forEach.call(article.querySelectorAll(BLOCKS), function (el) {
      if (el.closest(SKIP)) return;
      if (end && (el === end || (end.compareDocumentPosition(el) & 4))) return; // at or after the end
      var text = textOf(el);
      if (text) out.push(text);
    });
    return out;
  }

  function sentences(text) {
    // Split after 。！？；… and, for long ones, after commas, keeping every character.
    var out = [];
    (text.match(/[^。！？；!?;]+[。！？；!?;”」』）)]*\s*|[。！？；!?;”」』）)]+\s*/g) || [text]).forEach(function (s) {
      if (s.length <= LONG) { out.push(s); return; }
      var piece = "";
      (s.match(/[^，、,：:]+[，、,：:]*\s*|[，、,：:]+\s*/g) || [s]).forEach(function (part) {
        if (piece && piece.length + part.length > LONG) { out.push(piece); piece = ""; }
        piece += part;
      });
      if (piece) out.push(piece);
    });
    return out.map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function show(on) {
    reading = on;
    label.textContent = on ? "停止朗读" : "朗读全文";
    button.classList.toggle("mh-read-aloud--reading", on);
  }

  function stop() {
    utterances = [];
    synth.cancel();
    show(false);
  }

  function start() {
    synth.cancel();
    var chunks = [];
    blocks().forEach(function (text) { chunks = chunks.concat(sentences(text)); });
    if (!chunks.length || !voice) return;
    utterances = chunks.map(function (text) {
      var u = new window.SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9; // a little slower than the default: easier to follow
      u.onerror = function (event) {
        if (utterances.indexOf(u) !== -1 && event.error !== "interrupted" && event.error !== "canceled") stop();
      };
      return u;
    });
    var last = utterances[utterances.length - 1];
    last.onend = function () { if (utterances.indexOf(last) !== -1) { utterances = []; show(false); } };
    show(true);
    utterances.forEach(function (u) { synth.speak(u); });
  }

  button.addEventListener("click", function () {
    if (reading) stop();
    else start();
  });

  function offer() {
    voice = chineseVoice();
    if (!voice) {
      if (reading) stop();
      tools.hidden = true;
      return;
    }
    if (tools.hidden) {
      // Under the title, where a reader looks for it.
      var title = article.querySelector("h1");
      if (title && title.nextElementSibling !== tools) title.insertAdjacentElement("afterend", tools);
      tools.hidden = false;
    }
  }

  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", offer);
  else synth.onvoiceschanged = offer;
  window.addEventListener("pagehide", function () { if (reading) stop(); });
  offer();
})();

/* Printing an article, lesson or guide (styles in site.css, @media print):
   - each link's address is printed after it. Addresses inside the site are
     given in full from the page's canonical address (site_url in mkdocs.yml),
     so a printed sheet shows where the page is published even when it was
     printed from a saved or preview copy. Without this script only links to
     other sites show their address;
   - folded parts (<details>: transcripts) are opened for printing in browsers
     that cannot show them with CSS alone, and folded again afterwards. */
(function () {
  "use strict";
  var canonical = document.querySelector('link[rel="canonical"]');
  var base = canonical ? canonical.href : window.location.href;
  var links = document.querySelectorAll(".md-content a[href], a.mh-helpbar__more[href]");

  Array.prototype.forEach.call(links, function (a) {
    var href = a.getAttribute("href");
    if (!href || href.charAt(0) === "#" || /^(tel|sms|mailto|javascript):/i.test(href)) return;
    if (a.classList.contains("headerlink") || a.classList.contains("footnote-backref")) return;
    var shown;
    try {
      shown = /^https?:/i.test(href) ? href : decodeURI(new URL(href, base).href);
    } catch (e) {
      return;
    }
    if (a.textContent.replace(/\s+/g, "") === shown) return; // the address is the text already
    a.setAttribute("data-mh-print-url", shown);
  });

  var opened = [];
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".md-content details:not([open])"), function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
