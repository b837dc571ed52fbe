/* On the 404 page, the "信息有误？" mail names the address the resident
   tried (an old poster's QR code?). A file, not an inline script: the
   site's Content-Security-Policy allows no unlisted inline script. */
(function () {
  "use strict";
  document.querySelectorAll("a[data-report-here]").forEach(function (a) {
    a.href = a.href.replace(/([?&]subject=[^&]*)/, "$1" + encodeURIComponent("（" + location.href + "）"));
  });
})();
