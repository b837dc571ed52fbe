/* The site search starts when the resident reaches for it
   (overrides/partials/search-lazy.html loads this file before Material's
   bundle: it must run first). What it does and why: see that partial.
   A file, not an inline script, so that the Content-Security-Policy needs
   no 'unsafe-inline' for it (deploy/nginx.conf). */
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
