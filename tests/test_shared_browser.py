"""The shared Chromium (tests/conftest.py, _ChromiumPool): a driver given to
the next test shows a page what a new Chromium shows. The first use leaves
every kind of state a browser test leaves, checked as there (so that each
check below can fail); the next test's driver, the same Chromium, has none.

A page of our own server: storage of every kind, a service worker, a script
the HTTP cache keeps for an hour, a file to block."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from conftest import make_driver

PAGE = b"""<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<script src="/app.js"></script><body><p>page</p>"""
FILES = {
    "/": ("text/html; charset=utf-8", PAGE, "no-cache"),
    "/app.js": ("text/javascript", b"window.appRan = true;", "max-age=3600"),
    "/sw.js": ("text/javascript", b"self.addEventListener('fetch', () => {});", "no-cache"),
    "/blocked.txt": ("text/plain", b"ok", "no-store"),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        kind, body, cache = FILES.get(self.path, ("text/plain", b"", "no-store"))
        self.send_response(200 if self.path in FILES else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def _server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


LEAVE = """
const done = arguments[arguments.length - 1];
localStorage.setItem('k', 'v');
sessionStorage.setItem('k', 'v');
document.cookie = 'k=v; max-age=3600';
const db = indexedDB.open('leftover', 1);
db.onupgradeneeded = () => db.result.createObjectStore('s');
db.onsuccess = () => {
  db.result.close();
  caches.open('leftover').then(c => c.put('/x', new Response('x')))
    .then(() => navigator.serviceWorker.register('/sw.js'))
    .then(() => navigator.serviceWorker.ready)
    .then(() => done('ok'), e => done(String(e)));
};
db.onerror = () => done('indexedDB: ' + db.error);
"""

STATE = """
const done = arguments[arguments.length - 1];
const app = performance.getEntriesByType('resource').find(e => e.name.endsWith('/app.js'));
Promise.all([
  indexedDB.databases().then(dbs => dbs.map(d => d.name)),
  caches.keys(),
  navigator.serviceWorker.getRegistrations().then(r => r.length),
  Promise.all(['geolocation', 'notifications'].map(name => navigator.permissions.query({name}).then(p => p.state))),
  fetch('/blocked.txt').then(r => r.text(), () => 'blocked'),
]).then(([databases, cacheNames, workers, permissions, blocked]) => done({
  local: localStorage.getItem('k'), session: sessionStorage.getItem('k'), cookie: document.cookie,
  databases, cacheNames, workers, permissions, blocked,
  leftover: window.leftover === 1, appRan: window.appRan === true, print: matchMedia('print').matches,
  font: getComputedStyle(document.body).fontSize, width: innerWidth,
  appFromCache: !!app && app.transferSize === 0,
}), e => done({error: String(e)}));
"""

PRISTINE = {
    "local": None, "session": None, "cookie": "", "databases": [], "cacheNames": [], "workers": 0,
    # Headless Chromium's own answers; granting one permission by CDP denies the rest.
    "permissions": ["granted", "prompt"], "blocked": "ok", "leftover": False, "appRan": True, "print": False,
    "font": "16px", "width": 360, "appFromCache": False,
}


def test_the_next_test_gets_the_same_chromium_as_new(browser_available) -> None:
    with _server() as url:
        first = make_driver(1280, 800)
        try:
            first.get(url)
            assert first.execute_async_script(STATE) == {**PRISTINE, "width": 1280}  # a new Chromium
            assert first.execute_async_script(LEAVE) == "ok"
            first.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": "window.leftover = 1;"})
            first.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            first.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 32}})
            first.execute_cdp_cmd("Browser.grantPermissions", {"origin": url.rstrip("/"), "permissions": ["notifications"]})
            first.execute_cdp_cmd("Network.enable", {})
            first.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*blocked.txt"]})
            first.implicitly_wait(3)
            first.get(url)
            first.execute_script("console.error('left over')")
            assert first.execute_async_script(STATE) == {
                "local": "v", "session": "v", "cookie": "k=v", "databases": ["leftover"], "cacheNames": ["leftover"],
                "workers": 1, "permissions": ["denied", "granted"], "blocked": "blocked", "leftover": True, "appRan": True,
                "print": True, "font": "32px", "width": 1280, "appFromCache": True,
            }
        finally:
            first.quit()

        second = make_driver(360, 740)
        try:
            assert second is first  # the pool's point: no new Chromium
            assert second.get_log("browser") == [] and second.get_log("performance") == []
            assert second.timeouts.implicit_wait == 0
            assert len(second.window_handles) == 1
            second.get(url)
            assert second.execute_async_script(STATE) == PRISTINE
            assert not any("left over" in e["message"] for e in second.get_log("browser"))
        finally:
            second.quit()
