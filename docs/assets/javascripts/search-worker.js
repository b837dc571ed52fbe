/* The site search, behind Material's search box. Material's page script
   starts this worker (its `search` setting, see overrides/main.html) and
   talks to it with Material's own messages: SETUP, then READY; QUERY (what
   the resident typed), answered by RESULT (the list Material shows). The
   search itself is Pagefind's (pagefind/, written by hooks/mhsite/search/index.py):
   it fetches only the parts of the index a query needs.

   The index holds every run of Chinese characters as overlapping pairs
   (打电话 -> 打电 电话 话; hooks/mhsite/search/index.py says why), so a
   query is turned into pairs it must contain, as few as cover it (`plan`):
   a page that contains the query contains all of them and is found, 电话
   inside 打电话 too. Pages that contain the query as typed (its pairs in
   their places) come first, then the
   others by Pagefind's score, times the page's `search: boost` (the FAQ's).
   The pairs are put back into characters for what is shown.

   Nothing leaves the site: Pagefind's script, its index and
   search/pages.json (each page's address and title) come from the site
   itself. */
"use strict";

var ROOT = new URL("../../", self.location.href); // this file is assets/javascripts/search-worker.js
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
// Chinese characters: the same ranges as hooks/mhsite/search/index.py's HAN.
var HAN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3FFFF}]/u;
var RUNS = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3FFFF}]+|[^\s\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3FFFF}]+/gu;
var WORD = /[\p{L}\p{N}]/u;
var DETAILED = 10; // results shown with their excerpts (Material draws 10 at once, more on scrolling)
var EXCERPT = 48; // characters around the best match

var pagefind = null;
var pages = {}; // Pagefind page id -> [site-relative url, title, boost]
var ready = null;
var latest = 0;

/* Pagefind's script asks for its files in a chain: pagefind-entry.json
   once the script has loaded, then the index's metadata (its name is in
   the entry file) and its WebAssembly (68 KB): three round trips after the
   search opens before a query can run. The worker asks for the
   WebAssembly at once, beside the script, and for the entry file and the
   metadata as soon as search/pages.json has named them (`pagefind`: the
   index's tag, given to Pagefind as `metaCacheTag` so that the entry
   file's address is known, and the metadata's name;
   hooks/mhsite/search/index.py, entry_files). When Pagefind asks for one
   of them, its script fetching with the worker's `fetch`, it gets that
   response: one request each, whatever cache headers the server sends.
   The WebAssembly's name is Pagefind's for an index in a language without
   its own module (index.py's LANGUAGE; tests/test_search.py checks). */
var WASM = "pagefind/wasm.unknown.pagefind";
var ahead = {}; // absolute address -> the response on its way, until Pagefind asks for it
var ownFetch = null;

function fetchAhead(path) {
  var url = new URL(path, ROOT).href;
  var response = ownFetch.call(self, url);
  response.catch(function () {}); // a failure is Pagefind's to report, when it asks
  ahead[url] = response;
}

function handOver() {
  ownFetch = self.fetch;
  self.fetch = function (input, init) {
    var asked = new URL(String(input instanceof Request ? input.url : input), self.location.href).href;
    var response = ahead[asked];
    if (!response) return ownFetch.call(self, input, init);
    delete ahead[asked]; // once
    var again = function () { return ownFetch.call(self, input, init); };
    return response.then(function (r) { return r.ok ? r : again(); }, again);
  };
}

function start() {
  if (!ready) {
    handOver();
    fetchAhead(WASM);
    var listed = fetch(new URL("search/pages.json", ROOT).href).then(function (response) {
      if (!response.ok) throw new Error("search/pages.json: " + response.status);
      return response.json();
    }).then(function (list) {
      pages = list.pages;
      fetchAhead("pagefind/pagefind-entry.json?ts=" + encodeURIComponent(list.pagefind.tag));
      fetchAhead("pagefind/" + list.pagefind.meta);
      return list.pagefind.tag;
    });
    var loaded = import(new URL("pagefind/pagefind.js", ROOT).href);
    ready = Promise.all([loaded, listed]).then(function (both) {
      pagefind = both[0];
      return pagefind.options({
        basePath: new URL("pagefind/", ROOT).pathname,
        baseUrl: ROOT.pathname,
        metaCacheTag: both[1],
      }).then(function () { return pagefind.init(); });
    });
  }
  return ready;
}

/* What to ask Pagefind for: each Chinese run as pairs that cover it
   without overlapping (睡不着怎么办 -> 睡不 着怎 么办; an odd run ends with
   its last pair: 睡不着 -> 睡不 不着; one character alone as itself), other
   words as typed. A page that contains the run contains those pairs, and
   each pair asked for can add an index piece to fetch (about 30 KB), so
   the overlapping pairs between them are not asked for. `chains`: for each
   run of three or more characters, its pairs with where they stand from
   the first ([[0, "睡不"], [2, "着怎"], [4, "么办"]]): a page that has each
   pair at its place contains the run as typed (`asTyped`). */
function plan(text) {
  var terms = [], chains = [], words = [];
  (text.match(RUNS) || []).forEach(function (run) {
    var chars = Array.from(run);
    if (HAN.test(chars[0])) {
      if (chars.length === 1) terms.push(run);
      var at = [];
      for (var i = 0; i + 1 < chars.length; i += 2) at.push(i);
      if (chars.length > 2 && chars.length % 2) at.push(chars.length - 2);
      var chain = at.map(function (i) { return [i, chars[i] + chars[i + 1]]; });
      chain.forEach(function (link) { terms.push(link[1]); });
      if (chars.length > 2) chains.push(chain);
    } else {
      terms.push(run);
    }
  });
  text.split(/\s+/).forEach(function (word) { if (word) words.push(word); });
  return { query: terms.join(" "), chains: chains, words: words };
}

/* Whether a page holds every chain as typed: `at(pair)` is the Set of the
   positions of that pair in the page. Which pair stands where matters:
   自己照顾 holds 自己 and 照顾 two apart too, but not 照顾自己. */
function asTyped(chains, at) {
  return chains.every(function (chain) {
    var rest = chain.slice(1);
    return Array.from(at(chain[0][1])).some(function (first) {
      return rest.every(function (link) { return at(link[1]).has(first + link[0]); });
    });
  });
}

var NOWHERE = new Set();

/* For asTyped: {pair: Map(page id -> Set of positions)} of every pair in
   the chains, from one Pagefind search each. Their index pieces are the
   query's own (Pagefind fetches each piece once), so nothing more is
   fetched; Pagefind's result for the whole query gives the positions of
   all its pairs together, not which is where. */
async function places(chains) {
  var where = {};
  var pairs = new Set();
  chains.forEach(function (chain) { chain.forEach(function (link) { pairs.add(link[1]); }); });
  await Promise.all(Array.from(pairs).map(function (pair) {
    return pagefind.search(pair).then(function (found) {
      var byPage = new Map();
      (found ? found.results : []).forEach(function (result) { byPage.set(result.id, new Set(result.words)); });
      where[pair] = byPage;
    });
  }));
  return where;
}

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function isPair(token) {
  var chars = Array.from(token);
  return chars.length >= 1 && chars.length <= 2 && chars.every(function (c) { return HAN.test(c); }) ? chars : null;
}

/* Index tokens [start, end) back into characters: [character, marked]. */
function characters(tokens, start, end, marked) {
  var chars = [];
  var carry = false; // the pair before marked its second character, which comes next
  for (var i = start; i < end; i++) {
    var token = tokens[i], mark = marked.has(i), pair = isPair(token);
    if (pair) {
      chars.push([pair[0], mark || carry]);
      carry = mark && pair.length === 2;
      var next = i + 1 < end ? Array.from(tokens[i + 1])[0] : null;
      if (pair.length === 2 && next !== pair[1]) { chars.push([pair[1], mark]); carry = false; }
      // One character alone ends its run; a run right after it was apart
      // from it in the page (a space, or a heading and the paragraph after
      // it when Pagefind wrote no "." between them).
      if (pair.length === 1 && i + 1 < end && isPair(tokens[i + 1])) chars.push([" ", false]);
    } else if (token === ".") {
      // Pagefind ends a heading or paragraph that has no full stop with ".".
      if (chars.length) chars.push([" ", false]);
      carry = false;
    } else if (token) {
      var last = chars.length ? chars[chars.length - 1][0] : "";
      var first = Array.from(token)[0];
      if (WORD.test(last) && !HAN.test(last) && WORD.test(first) && !HAN.test(first)) chars.push([" ", false]);
      Array.from(token).forEach(function (c) { chars.push([c, mark]); });
      carry = false;
    }
  }
  return chars;
}

/* The same, as HTML with the matched characters in <mark>. */
function rebuild(tokens, start, end, marked) {
  var html = "", open = false;
  characters(tokens, start, end, marked).forEach(function (entry) {
    if (entry[1] && !open) { html += "<mark>"; open = true; }
    if (!entry[1] && open) { html += "</mark>"; open = false; }
    html += escape(entry[0]);
  });
  return open ? html + "</mark>" : html;
}

/* A heading or title from the index, as text. */
function plain(text) {
  var tokens = text.split(" ");
  return characters(tokens, 0, tokens.length, new Set()).map(function (entry) { return entry[0]; }).join("");
}

/* About EXCERPT characters of `tokens` around the densest matches. */
function excerpt(tokens, locations) {
  var sorted = locations.slice().sort(function (a, b) { return a - b; });
  var best = sorted.length ? sorted[0] : 0, most = 0;
  for (var i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j] < sorted[i] + EXCERPT) j++;
    if (j - i > most) { most = j - i; best = sorted[i]; }
  }
  var start = Math.max(0, best - 8), end = Math.min(tokens.length, start + EXCERPT);
  return "<p>" + (start > 0 ? "…" : "") + rebuild(tokens, start, end, new Set(sorted)) +
    (end < tokens.length ? "…" : "") + "</p>";
}

function address(url) {
  return new URL(url, ROOT).pathname;
}

function holds(text, words) {
  return words.every(function (word) { return text.indexOf(word) >= 0; });
}

/* One result as Material's list item: the page, then its sections with
   matches (a FAQ answer under its question), those whose heading holds
   what was typed first, then the best. `heading`: the page's title or one
   of its headings holds what was typed. */
async function item(entry, detailed, terms, words) {
  var page = entry.page;
  var head = { location: address(page[0]), title: escape(page[1]), text: "", score: entry.score, terms: terms };
  if (!detailed) return { docs: [head], heading: false, boost: page[2] || 1 };
  var data = await entry.result.data();
  var tokens = data.content.split(" ");
  var sections = [];
  var intro = data.locations;
  (data.sub_results || []).forEach(function (sub) {
    if (!sub.anchor || !sub.anchor.id) { intro = sub.locations; return; }
    var weight = sub.weighted_locations.reduce(function (sum, l) { return sum + l.weight; }, 0);
    var heading = plain(sub.title || "");
    if (holds(heading, words)) weight += 1e6;
    sections.push({
      location: address(page[0]) + "#" + sub.anchor.id,
      title: escape(heading),
      text: excerpt(tokens, sub.locations),
      weight: weight,
      terms: terms,
    });
  });
  if (!head.title) head.title = escape(plain(data.meta.title || ""));
  head.text = excerpt(tokens, intro.length ? intro : data.locations);
  sections.sort(function (a, b) { return b.weight - a.weight; });
  var top = sections.length ? sections[0].weight : 0;
  sections.forEach(function (section) {
    // Material shows sections scored at least the page's score; the rest fold away.
    section.score = section.weight >= top / 2 ? entry.score : entry.score / 2;
    delete section.weight;
  });
  return { docs: [head].concat(sections), heading: holds(page[1], words) || top >= 1e6, boost: page[2] || 1 };
}

/* How long the list waits for the first results' excerpts (their
   fragments, one request each) before it is shown with titles only: on a
   slow connection the titles come a round trip or two sooner, and the
   excerpts follow in the same places; on a fast one the list is shown
   once, complete. When the query's index parts themselves took longer
   than that, the excerpts, fetched over the same connection, will too:
   the titles are shown at once, not after another wait. */
var EXCERPTS_WAIT = 300; // ms

async function search(text, seq, early) {
  var wanted = plan(text);
  if (!wanted.query) return { items: [] };
  var began = Date.now();
  // The pairs' own searches start with the query's: each runs as soon as
  // its index piece is in, while the others are still coming.
  var placed = wanted.chains.length ? places(wanted.chains) : Promise.resolve({});
  var found = await pagefind.search(wanted.query);
  if (seq !== latest || !found) return null;
  var wait = Date.now() - began > EXCERPTS_WAIT ? 0 : EXCERPTS_WAIT;
  var where = await placed;
  if (seq !== latest) return null;
  var terms = {};
  wanted.words.forEach(function (word) { terms[word] = true; });
  var entries = found.results.map(function (result) {
    var page = pages[result.id] || ["", "", 1];
    var at = function (pair) { return where[pair].get(result.id) || NOWHERE; };
    return {
      result: result,
      page: page,
      score: result.score * (page[2] || 1),
      typed: asTyped(wanted.chains, at),
    };
  });
  entries.sort(function (a, b) { return (b.typed - a.typed) || (b.score - a.score); });
  var detailed = Promise.all(entries.map(function (entry, index) {
    return item(entry, index < DETAILED, terms, wanted.words);
  }));
  var items = await Promise.race([detailed, new Promise(function (done) { setTimeout(done, wait, null); })]);
  if (items === null) {
    // Titles only (from search/pages.json, no fragment), in the order the
    // complete list will have where titles decide it.
    var titles = await Promise.all(entries.map(function (entry) { return item(entry, false, terms, wanted.words); }));
    titles.forEach(function (entry, index) { entry.heading = holds(entries[index].page[1], wanted.words); });
    if (seq === latest) early(order(titles));
    try {
      items = await detailed;
    } catch (error) {
      // The excerpts could not come (offline, a fragment missing): the
      // titles shown stay, rather than a list emptied by the error.
      console.warn("站内搜索：摘要没有载入：", error);
      items = titles;
    }
  }
  return seq === latest ? { items: order(items) } : null;
}

/* Among the first results, those with what was typed in their title or a
   heading come first (Material's own search weighed titles and headings a
   thousand times the text), the boosted page (the FAQ) first among them: a
   resident's question finds the FAQ's answer to it. */
function order(items) {
  var first = items.slice(0, DETAILED), rest = items.slice(DETAILED);
  first.sort(function (a, b) { return (b.heading - a.heading) || (b.heading && b.boost - a.boost); });
  return first.concat(rest).map(function (entry) { return entry.docs; });
}

addEventListener("message", async function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    try {
      await start();
    } catch (error) {
      console.warn("站内搜索无法加载：", error);
    }
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var seq = ++latest;
    var data;
    try {
      await start();
      data = await search(String(message.data || ""), seq, function (items) {
        postMessage({ type: RESULT, data: { items: items } });
      });
    } catch (error) {
      console.warn("站内搜索出错：", error);
      data = seq === latest ? { items: [] } : null;
    }
    if (data) postMessage({ type: RESULT, data: data });
  }
});
