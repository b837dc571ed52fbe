/* The site's service worker: pages a resident has opened still open without
   a network. Registered by assets/javascripts/site.js; written to the
   site root by the plugin (hooks/mhsite/offline/worker.py), which fills in BUILD: this build's
   version, the files saved at install and the offline page.

   - Network first, always: online, every request goes to the server (pages
     revalidated, whatever the host's cache headers say), so a new build is
     never hidden behind a saved copy. The saved copy is used only when the
     network fails (or a gateway answers 5xx for a page: out of reach).
   - Saved at install: the home page, the hotline directory and its print
     view, the offline page, and the styles, scripts and icons they load.
   - Saved as the resident goes: every page opened (the last 60) and the
     files those pages load. On a first visit the page is not yet under the
     worker; site.js then hands it its address and files.
   - Nothing is downloaded twice (benchmarks/first_visit.py): see save().
   - Offline, a saved page is given with its <meta name="mh-served-from">
     set to "offline", for the 离线 notice; a page never saved gets the
     offline page instead.
   - One set of caches per build, named after the site's path on its host:
     "mh-offline /a/ <version>-install". Two sites on one host (a city
     portal's districts at /a/ and /b/) share the browser's storage, so a
     worker reads and deletes only the caches with its own site's path. A
     new build's worker saves its files and again those the resident had
     opened, then deletes its site's old caches; if that fails (no network),
     the old worker and its caches stay.
   - Never saved: the search index (pagefind/ and search/: large, new with
     every build; offline search would mostly find pages that are not
     saved), source maps, media,
     other hosts, anything but GET. */
"use strict";

const BUILD = /*BUILD*/null;
const ROOT = new URL("./", self.location);
// This site's caches: the prefix ends with a space, which a URL's path
// never holds, so "/a/" never takes "/a/b/"'s caches for its own.
const SITE = "mh-offline " + ROOT.pathname + " ";
const SHELL = SITE + BUILD.version + "-install";
const VISITED = SITE + BUILD.version + "-visited";
// Before caches were named after the site, every site of a host used
// "mh-offline-<version>-…": of those, only the entries under our path are ours.
const UNSCOPED = "mh-offline-";
const MAX_PAGES = 60;
const MAX_FILES = 200;
const MARK_NETWORK = '<meta name="mh-served-from" content="network">';
const MARK_OFFLINE = '<meta name="mh-served-from" content="offline">';

// The site-relative path of a URL in our scope, or null.
function sitePath(href) {
  const url = new URL(href, ROOT);
  if (url.origin !== ROOT.origin || !url.pathname.startsWith(ROOT.pathname)) return null;
  return url.pathname.slice(ROOT.pathname.length);
}

function isPage(path) {
  return path === "" || path.endsWith("/") || path.endsWith(".html");
}

function keepable(path) {
  return path !== null && !path.startsWith("search/") && !path.startsWith("pagefind/") && path !== "sw.js" &&
    (isPage(path) || /\.(css|js|json|svg|png|jpe?g|gif|webp|ico)$/.test(path));
}

// Pages are saved under their address without query or fragment.
function pageKey(href) {
  const url = new URL(href);
  return url.origin + url.pathname;
}

async function fromCaches(key, options) {
  for (const name of [VISITED, SHELL]) {
    const hit = await caches.match(key, Object.assign({ cacheName: name }, options));
    if (hit) return hit;
  }
  return undefined;
}

async function trim(cache) {
  const keys = await cache.keys();  // oldest first
  const pages = keys.filter((request) => isPage(sitePath(request.url) || ""));
  const files = keys.filter((request) => !isPage(sitePath(request.url) || ""));
  const old = pages.slice(0, Math.max(0, pages.length - MAX_PAGES))
    .concat(files.slice(0, Math.max(0, files.length - MAX_FILES)));
  await Promise.all(old.map((request) => cache.delete(request)));
}

async function keep(key, response) {
  if (!response.ok || response.type !== "basic") return;
  const cache = await caches.open(VISITED);
  await cache.delete(key);  // so that it counts as the newest
  await cache.put(key, response);
  await trim(cache);
}

// A saved page, marked for site.js's notice.
async function marked(response) {
  const html = (await response.text()).replace(MARK_NETWORK, MARK_OFFLINE);
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(html, { status: response.status, statusText: response.statusText, headers: headers });
}

async function page(event) {
  const key = pageKey(event.request.url);
  let response = null;
  try {
    response = await fetch(event.request, { cache: "no-cache" });
    // A gateway's 502/503/504 (the server out of reach) counts as no network.
    if (response.status < 500) {
      event.waitUntil(keep(key, response.clone()));
      return response;
    }
  } catch (error) {
    response = null;
  }
  const saved = await fromCaches(key, { ignoreSearch: true });
  if (saved) return marked(saved);
  // "/hotlines" typed without its slash: the server would redirect.
  if (!isPage(sitePath(key)) && (await fromCaches(key + "/"))) return Response.redirect(key + "/", 301);
  const fallback = await fromCaches(new URL(BUILD.offline, ROOT).href);
  if (fallback) return marked(fallback);
  return response || Response.error();
}

async function file(event) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(keep(event.request.url, response.clone()));
    return response;
  } catch (error) {
    const saved = await fromCaches(event.request.url);
    if (!saved) throw error;
    return saved;
  }
}

// Files named by their content (Material's bundle.a5f9d56c.min.js, Pagefind's
// index pieces): the same name always has the same bytes; any copy will do.
function hashed(path) {
  return /(^|\/)[^/]+\.[0-9a-f]{8}\.min\.(js|css)$/.test(path) || /\.pf_(meta|index|fragment|filter)$/.test(path);
}

// How to ask for a file to save (`how`: "install", "again", "page"). At
// install, pages are revalidated: a new build's worker must save the new
// build (304 when unchanged). Other files come from the browser's cache,
// which the page has just filled: hashed ones whatever their age, ours while
// the host allows, as the page itself loads them. "again": an older build's
// files, revalidated unless hashed. "page": what a page that has just loaded
// hands over (site.js), itself included: the copies the resident sees.
function cacheMode(path, how) {
  if (how === "page" || hashed(path)) return "force-cache";
  if (isPage(path) || how === "again") return "no-cache";
  return "default";
}

// A hashed file already in one of this site's caches (an older build's).
async function savedCopy(href) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(SITE)) continue;
    const hit = await caches.match(href, { cacheName: name });
    if (hit) return hit;
  }
  return undefined;
}

// Save into `cacheName` what it (and `skip`) does not hold yet: a hashed
// file from an older cache of ours, else fetched. Network errors are thrown;
// a file the server no longer has is skipped.
async function save(cacheName, hrefs, options) {
  const how = (options && options.how) || "install";
  const skip = (options && options.skip) || [];
  const cache = await caches.open(cacheName);
  const wanted = [];
  for (const href of hrefs) {
    const path = sitePath(href);
    const key = isPage(path) ? pageKey(href) : href;
    if (wanted.some((w) => w.key === key)) continue;
    let held = false;
    for (const name of [cacheName].concat(skip)) {
      if (await caches.match(key, { cacheName: name })) held = true;
    }
    if (!held) wanted.push({ key: key, href: href, path: path });
  }
  const responses = await Promise.all(wanted.map(async (w) => {
    if (hashed(w.path)) {
      const copy = await savedCopy(w.href);
      if (copy) return copy;
    }
    return fetch(w.href, { cache: cacheMode(w.path, how) });
  }));
  for (let i = 0; i < wanted.length; i += 1) {
    if (responses[i].ok) await cache.put(wanted[i].key, responses[i]);
  }
}

async function install() {
  await save(SHELL, BUILD.precache.map((path) => new URL(path, ROOT).href));
  // Again what the resident had saved under an older build of this site, in
  // the same order.
  const again = [];
  for (const name of await caches.keys()) {
    const older = name.startsWith(SITE) || name.startsWith(UNSCOPED);
    if (!older || !name.endsWith("-visited") || name === VISITED) continue;
    for (const request of await (await caches.open(name)).keys()) {
      if (keepable(sitePath(request.url)) && !again.includes(request.url)) again.push(request.url);
    }
  }
  await save(VISITED, again, { how: "again", skip: [SHELL] });
  await trim(await caches.open(VISITED));
}

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(SITE) && name !== SHELL && name !== VISITED) {
        await caches.delete(name);
      } else if (name.startsWith(UNSCOPED)) {
        // Another site's entries stay; the cache goes when nothing is left.
        const cache = await caches.open(name);
        const keys = await cache.keys();
        const ours = keys.filter((request) => sitePath(request.url) !== null);
        await Promise.all(ours.map((request) => cache.delete(request)));
        if (ours.length === keys.length) await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const path = sitePath(request.url);
  if (path === null) return;
  if (request.mode === "navigate") event.respondWith(page(event));
  else if (keepable(path)) event.respondWith(file(event));
});

// A page opened before the worker controlled it sends its address and the
// files it loaded (site.js), so that it too opens offline; what the install
// saved is not fetched again.
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "keep" || !Array.isArray(data.urls)) return;
  const hrefs = data.urls.filter((href) => typeof href === "string" && keepable(sitePath(href)));
  const saving = save(VISITED, hrefs, { how: "page", skip: [SHELL] });
  event.waitUntil(saving.then(() => caches.open(VISITED)).then(trim).catch(() => undefined));
});
