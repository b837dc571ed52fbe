/* The site's script: one file on every page, loaded with `defer` and
   `blocking="render"` in the head (overrides/main.html). So it runs once the
   page is parsed and before the page is first drawn (Chromium 105+;
   elsewhere just after), and before Material's bundle, which it starts
   after the first paint (part 9): what it changes (the
   activities that have ended since the build, an emergency notice that has
   begun or ended, the 长辈模式 link boxes) is never seen to move. It holds
   what every page needs, each part an independent function as it was a file
   of its own:

   0. Material's "js" state of the page, before the first paint;
   1. the search on demand (must run before Material's bundle);
   2. a ResizeObserver stand-in for old browsers (before the bundle too);
   3. the header's buttons by keyboard;
   4. the offline copies (registers sw.js) and the 离线 notice;
   5. the 长辈模式 button;
   6. emergency mode's start and end;
   7. activities: what has ended since the build, the /events/ filters;
   8. the 404 page's "信息有误？" mail, naming the address tried;
   9. once the page has been drawn: Material's bundle and, on articles,
      lessons and guides, content.js (朗读, printed links).

   Page types with scripts of their own (the hotline directory, the locator
   and station pages, self-checks, lesson lists) load them after this one,
   also deferred and before the first paint. Everything is progressive: without
   JavaScript every page is complete. Nothing is sent anywhere. */

/* -- 0. Material's page state --------------------------------------------- */

/* Material's bundle swaps the class "no-js" on <html> for "js" when it
   starts, which shows the header's search button (main.css hides it under
   .no-js, and the search box on wide screens): the buttons beside it, 求助
   and 长辈模式, then moved aside after the page was drawn. Done here, before
   the first paint, the header is drawn as it stays; the bundle finds it done.
   Without JavaScript the page keeps "no-js" and no search button. */
(function (root) {
  "use strict";
  root.classList.remove("no-js");
  root.classList.add("js");
})(document.documentElement);

/* -- 1. Search on demand -------------------------------------------------- */

/* The site search starts when the resident reaches for it.

   Material's bundle, on every page load, starts the search worker
   (assets/javascripts/search-worker.js, Pagefind behind Material's search
   box) and fetches search/search_index.json (the highlighting settings).
   Material 9.8 has no setting to wait, so this part, which runs before the
   bundle (this file comes first, both deferred), holds both back until the
   resident
   - taps or clicks the search button or the search box, or focuses the box
     (Material's keyboard shortcuts /, s and f focus it), or
   - arrives with ?q= (search opens at once) or ?h= (a search result: the
     words are highlighted with those settings).
   Then both start as Material asked for them; the worker loads Pagefind
   and the box says 正在初始化搜索引擎 meanwhile; what the resident typed
   is searched as soon as it is ready. The index itself is fetched a piece
   at a time, for the words searched. Nothing else changes: other requests
   and workers pass through untouched. Measured by
   tests/test_search_browser.py and benchmarks/search.py. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var WORKER = /(?:^|\/)assets\/javascripts\/search-worker\.js(?:[?#]|$)/;
  var released = false;
  var later = [];  // what waits for the resident: functions to call on release
  function release() {
    if (released) return;
    released = true;
    later.splice(0).forEach(function (start) { start(); });
  }

  // The index: Material fetches it with XMLHttpRequest; its send() waits.
  var index = new WeakSet();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(String(url))) index.add(this); else index.delete(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (released || !index.has(this)) return send.apply(this, arguments);
    var request = this, args = arguments;
    later.push(function () { send.apply(request, args); });
  };

  // The worker: Material only listens to its messages and posts to it, so
  // it gets a stand-in that starts the real worker on release.
  var Native = window.Worker;
  if (Native && typeof EventTarget === "function") {
    var Lazy = function (url, options) {
      if (released || !WORKER.test(String(url))) return new Native(url, options);
      var stand = new EventTarget(), real = null, queue = [];
      stand.postMessage = function (message) { if (real) real.postMessage(message); else queue.push(message); };
      stand.terminate = function () { if (real) real.terminate(); queue = null; };
      later.push(function () {
        if (queue === null) return;
        real = new Native(url, options);
        real.addEventListener("message", function (event) {
          stand.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
        real.addEventListener("error", function () { stand.dispatchEvent(new Event("error")); });
        queue.splice(0).forEach(function (message) { real.postMessage(message); });
      });
      return stand;
    };
    Lazy.prototype = Native.prototype;
    window.Worker = Lazy;
  }

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) {
    release();
    return;
  }
  function reaching(event) {
    var target = event.target;
    if (target && target.closest && target.closest('.md-search, label[for="__search"], #__search')) {
      release();
      ["pointerdown", "focusin", "change"].forEach(function (type) {
        document.removeEventListener(type, reaching, true);
      });
    }
  }
  ["pointerdown", "focusin", "change"].forEach(function (type) {
    document.addEventListener(type, reaching, true);
  });
})();

/* -- 2. ResizeObserver stand-in ------------------------------------------- */

/* A stand-in for ResizeObserver, only where the browser has none (Safari
   before 13.1 and iOS before 13.4, Chrome and Android WebView before 64,
   Firefox before 69). Material's bundle watches the header's, the tabs' and
   the sidebars' sizes with ResizeObserver and, where it is missing, loads a
   polyfill from https://unpkg.com/: another host, which a page of this site
   never contacts (README, "Privacy"; the Content-Security-Policy would block
   it, and the bundle's size-watching would then fail). this part runs
   before the bundle, so the bundle finds this stand-in instead.

   It reports an observed element when observation starts and whenever its
   size differs after the window is resized, turned or loaded: what the
   bundle reads from an entry is its `target` (it measures the element
   itself). Changes of size without one of those events (text that wraps
   anew after a font loads) are seen at the next one. */
(function () {
  "use strict";
  if (typeof window.ResizeObserver !== "undefined") return;

  var EVENTS = ["resize", "orientationchange", "load"];

  function size(element) {
    return element.offsetWidth + "x" + element.offsetHeight;
  }

  function StandIn(callback) {
    var observer = this;
    this.callback = callback;
    this.targets = [];
    this.sizes = [];
    this.check = function () { observer.report(); };
  }

  StandIn.prototype.observe = function (element) {
    if (this.targets.indexOf(element) >= 0) return;
    this.targets.push(element);
    this.sizes.push(null);
    if (this.targets.length === 1) {
      for (var i = 0; i < EVENTS.length; i += 1) window.addEventListener(EVENTS[i], this.check);
    }
    // Like the real one: the first report comes after observe() returns.
    setTimeout(this.check, 0);
  };

  StandIn.prototype.unobserve = function (element) {
    var index = this.targets.indexOf(element);
    if (index < 0) return;
    this.targets.splice(index, 1);
    this.sizes.splice(index, 1);
    if (!this.targets.length) this.disconnect();
  };

  StandIn.prototype.disconnect = function () {
    this.targets = [];
    this.sizes = [];
    for (var i = 0; i < EVENTS.length; i += 1) window.removeEventListener(EVENTS[i], this.check);
  };

  StandIn.prototype.report = function () {
    var entries = [];
    for (var i = 0; i < this.targets.length; i += 1) {
      var now = size(this.targets[i]);
      if (now === this.sizes[i]) continue;
      this.sizes[i] = now;
      var target = this.targets[i];
      entries.push({ target: target, contentRect: target.getBoundingClientRect() });
    }
    if (entries.length) this.callback(entries, this);
  };

  window.ResizeObserver = StandIn;
})();

/* -- 3. The header's buttons by keyboard ---------------------------------- */

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

/* -- 4. Offline copies and the 离线 notice -------------------------------- */

/* Offline: registers the site's service worker (sw.js at the site root,
   overrides/sw.js), which keeps the hotline directory and the pages a
   resident has opened for when there is no network; and shows a 离线 notice
   under the help bar when the phone is offline or this page is a saved copy.
   Progressive: without this script (or without service workers) the site is
   the same, only not available offline. Nothing is sent anywhere. */
(function () {
  "use strict";

  var script = document.currentScript;
  var marker = document.querySelector('meta[name="mh-served-from"]');
  // sw.js changes the marker on a page it gives from its cache.
  var savedCopy = !!marker && marker.getAttribute("content") === "offline";
  var notice = null;
  var reconnected = false;  // the network came back while this page was open

  function noticeElement() {
    if (notice) return notice;
    notice = document.createElement("div");
    notice.className = "mh-offline";
    notice.setAttribute("role", "status");
    notice.hidden = true;
    var bar = document.querySelector(".mh-helpbar");
    if (bar) bar.insertAdjacentElement("afterend", notice);
    else document.body.insertBefore(notice, document.body.firstChild);
    return notice;
  }

  function say(text) {
    var element = noticeElement();
    var label = document.createElement("strong");
    label.className = "mh-offline__label";
    label.textContent = "离线";
    element.textContent = "";
    element.appendChild(label);
    element.appendChild(document.createTextNode(" " + text));
    element.hidden = false;
  }

  function update() {
    if (!navigator.onLine || (savedCopy && !reconnected)) {
      say("现在连不上网络，本页可能不是最新内容。打电话不需要网络，上方的求助电话照常可以拨打。");
    } else if (savedCopy) {
      say("网络已恢复：本页是保存在手机上的内容，刷新本页可看到最新内容。");
    } else if (notice) {
      notice.hidden = true;
      notice.textContent = "";
    }
  }

  window.addEventListener("offline", update);
  window.addEventListener("online", function () { reconnected = true; update(); });
  // The live region exists before its text, so that screen readers read it.
  noticeElement();
  setTimeout(update, 0);

  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol) || !script) return;
  // This file is <root>/assets/javascripts/site.js.
  var root = new URL("../../", script.src);
  window.addEventListener("load", function () {
    var controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href }).then(function () {
      if (controlled) return undefined;
      // Opened before the worker was there (a first visit, a poster's QR
      // code): hand it this page and its files so that it is saved too.
      return navigator.serviceWorker.ready.then(function (registration) {
        var urls = [location.href];
        if (window.performance && performance.getEntriesByType) {
          performance.getEntriesByType("resource").forEach(function (entry) { urls.push(entry.name); });
        }
        if (registration.active) registration.active.postMessage({ type: "keep", urls: urls });
      });
    }).catch(function () { /* no worker: the site works as before, online */ });
  });
})();

/* -- 5. 长辈模式 ---------------------------------------------------------- */

/* 长辈模式 (elderly mode): the header button turns it on and off.
   The class "mh-elderly" on <html> is what site.css (its 长辈模式 part) follows; the little
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
    // The button's label follows the class (site.css): 长辈模式 / 标准模式.
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

/* -- 6. Emergency mode ---------------------------------------------------- */

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

/* -- 7. Activities -------------------------------------------------------- */

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

/* -- 8. The 404 page ------------------------------------------------------ */

/* The mail names the address the resident tried (an old poster's QR
   code?): overrides/404.html's "信息有误？" links carry data-report-here. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("a[data-report-here]"), function (a) {
    a.href = a.href.replace(/([?&]subject=[^&]*)/, "$1" + encodeURIComponent("（" + location.href + "）"));
  });
})();

/* -- 9. After the first paint ----------------------------------------------- */

/* What the first paint need not wait for, fetched once the page has been
   drawn (the first-contentful-paint entry says when; a frame later where the
   browser does not report paints), so that it does not share a slow
   connection with the stylesheets the first paint waits for:

   - Material's bundle (the header's search, tabs and sidebars that follow
     the scroll, keyboard shortcuts, tooltips; Material's pages work without
     it). overrides/main.html keeps it in a <template>, where the browser
     neither fetches nor runs it. It starts its work on DOMContentLoaded,
     which has passed by then: it is given one, once it has run;
   - on articles, lessons and guides (overrides/partials/content-tools.html
     marks them), content.js: 朗读全文 (whose button appears once the
     browser's voices have loaded, later anyway) and the printed links'
     addresses.

   A resident who reaches for something before that (a tap, a key, the
   focus) starts them at once; a page opened in a background tab, which is
   not drawn, at the latest three seconds after it has loaded. One of
   Material's keyboard shortcuts pressed before the bundle has run (/, s or f
   for the search, p , n . for the previous and next page; outside a form
   field, without Ctrl, Alt or Meta) is not lost: the last one is handed to
   the bundle once it has started (the same key, on window, where it
   listens). No other key is handed on: ours (part 3, the header's buttons
   by Enter and Space) have acted already. */
(function () {
  "use strict";
  var site = document.currentScript;
  var holder = document.getElementById("mh-material-scripts");
  var sources = holder && holder.content ? Array.prototype.map.call(holder.content.querySelectorAll("script[src]"), function (script) {
    return script.getAttribute("src");
  }) : [];
  var content = site && document.querySelector("[data-mh-content-page]");
  if (!sources.length && !content) return;
  var started = false;
  var INPUT = ["pointerdown", "keydown", "focusin"];
  var SHORTCUTS = ["/", "s", "f", "p", ",", "n", "."];
  var shortcut = null; // the last shortcut pressed before the bundle ran

  function typing(element) {
    if (!element) return false;
    var tag = element.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || element.isContentEditable;
  }

  function remember(event) {
    if (event.metaKey || event.ctrlKey || event.altKey || SHORTCUTS.indexOf(event.key) < 0) return;
    if (!typing(document.activeElement)) shortcut = event.key;
  }

  function load(index) {
    if (index >= sources.length) {
      document.removeEventListener("keydown", remember, true);
      if (!sources.length) return;
      document.dispatchEvent(new Event("DOMContentLoaded", { bubbles: true }));
      if (shortcut) {
        var key = shortcut;
        setTimeout(function () {
          window.dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true, cancelable: true }));
        }, 0);
      }
      return;
    }
    var script = document.createElement("script");
    script.src = new URL(sources[index], document.baseURI).href;
    script.async = false;
    script.onload = function () { load(index + 1); };
    document.body.appendChild(script);
  }

  function start() {
    if (started) return;
    started = true;
    INPUT.forEach(function (type) { document.removeEventListener(type, start, true); });
    if (content) {
      var script = document.createElement("script");
      script.src = new URL("content.js", site.src).href;
      script.async = true;
      document.head.appendChild(script);
    }
    load(0);
  }

  if (sources.length) document.addEventListener("keydown", remember, true);
  INPUT.forEach(function (type) { document.addEventListener(type, start, true); });
  var reported = false; // the browser reports paints: the observer starts it
  try {
    new PerformanceObserver(function (list, observer) {
      if (list.getEntries().some(function (entry) { return entry.name === "first-contentful-paint"; })) {
        observer.disconnect();
        setTimeout(start, 0);
      }
    }).observe({ type: "paint", buffered: true });
    reported = PerformanceObserver.supportedEntryTypes.indexOf("paint") >= 0;
  } catch (e) { /* no paint timing */ }
  if (!reported) requestAnimationFrame(function () { setTimeout(start, 0); });
  window.addEventListener("load", function () { setTimeout(start, 3000); });
})();
