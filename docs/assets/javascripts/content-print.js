/* Printing an article, lesson or guide (styles in elderly.css, @media print):
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
