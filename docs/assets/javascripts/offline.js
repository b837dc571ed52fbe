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
  // This file is <root>/assets/javascripts/offline.js.
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
