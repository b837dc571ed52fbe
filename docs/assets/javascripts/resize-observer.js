/* A stand-in for ResizeObserver, only where the browser has none (Safari
   before 13.1 and iOS before 13.4, Chrome and Android WebView before 64,
   Firefox before 69). Material's bundle watches the header's, the tabs' and
   the sidebars' sizes with ResizeObserver and, where it is missing, loads a
   polyfill from https://unpkg.com/: another host, which a page of this site
   never contacts (README, "Privacy"; the Content-Security-Policy would block
   it, and the bundle's size-watching would then fail). main.html loads this
   file before the bundle, so the bundle finds this stand-in instead.

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
