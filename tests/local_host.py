"""A built site on 127.0.0.1, served as a real host serves it, in Python (a
module, shared by benchmarks/lighthouse.py, search.py and first_visit.py and
by tests/test_offline.py, which counts what the offline worker downloads;
tests/nginx_server.py runs the real nginx instead, where nothing needs
counting or changing).

What it does, as deploy/nginx.conf does (README, "Publishing"):

- HTTP/1.1 with keep-alive (the browser reuses connections, six at a time,
  as with a real server; Python's default is HTTP/1.0, one request per
  connection, and Chromium then never revalidates);
- validators: every file's `ETag` (nginx's form, `"<mtime>-<size>"` in hex,
  weak `W/` when the body is compressed) and `Last-Modified`, and
  `304 Not Modified` to a request whose `If-None-Match` or
  `If-Modified-Since` matches; `validators=False` sends neither and always
  the whole file (the hosts that do not, for the first-visit budget);
- gzip (level 6, as nginx.conf) for the text types it compresses, for bodies
  of 256 bytes or more;
- deploy/nginx.conf's headers on every response (the Content-Security-Policy
  and the others, read from the file) and its `Cache-Control` per path;
- `404.html` with status 404 for a missing file, a redirect to `dir/` for a
  folder asked without its slash;
- `clock`: an aware datetime, or None. When set, every page gets the clock
  script of page_clock.py first in its <head>, and its hash in that
  response's policy, so that the page's scripts see that moment (the hotline
  directory at 20:00, for Lighthouse, which runs its own Chromium). It adds
  about 300 bytes to each page.

Every response is recorded (`Host.log`: path, status, bytes of the body as
sent and of the status line and headers), for counting what a visit
downloads.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from nginx_server import declared_headers
from page_clock import inline_clock

COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
              "application/manifest+json", "application/rss+xml")
GZIP_MIN_LENGTH = 256  # nginx.conf's gzip_min_length

# deploy/nginx.conf's cache rules: files named by their content for good,
# our own assets an hour, everything else revalidated.
_HASHED = re.compile(
    r"^/assets/(?:javascripts|stylesheets)/(?:.+/)?[^/]+\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$"
    r"|^/pagefind/.*\.pf_(?:meta|index|fragment|filter)$"
)


def cache_control(path: str) -> str:
    if _HASHED.match(path):
        return "public, max-age=31536000, immutable"
    if path.startswith("/assets/"):
        return "public, max-age=3600"
    return "no-cache"


def shipped_headers() -> dict[str, str]:
    """The headers deploy/nginx.conf adds to every response (Cache-Control
    is per path, `cache_control`)."""
    found = declared_headers()
    if "Content-Security-Policy" not in found:
        sys.exit("deploy/nginx.conf: no Content-Security-Policy header (add_header ... always;) to serve")
    return found


@dataclass(frozen=True)
class Sent:
    path: str
    status: int
    bytes: int  # the body as sent (compressed when it was)
    header_bytes: int = 0  # the status line and headers
    asked: float = 0.0  # when the request came in (time.monotonic())

    @property
    def total(self) -> int:
        return self.bytes + self.header_bytes


class Link:
    """A slow network between the browser and this host, emulated here,
    where it applies to every request (DevTools' network throttling leaves
    out a page's workers, which fetch the search index): each response
    waits `latency` seconds, then its bytes share one pipe of
    `bytes_per_second` with every other response in flight."""

    def __init__(self, latency: float, bytes_per_second: float) -> None:
        self.latency = latency
        self.rate = bytes_per_second
        self._pipe = threading.Lock()

    def send(self, write, data: bytes, chunk: int = 4096) -> None:
        for start in range(0, len(data), chunk):
            piece = data[start : start + chunk]
            with self._pipe:
                time.sleep(len(piece) / self.rate)
            write(piece)


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript",
                      ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
                      ".ics": "text/calendar", ".webmanifest": "application/manifest+json", ".map": "application/json",
                      ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
                      ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
                      ".pagefind": "application/octet-stream"}
    host: Host  # set by Host

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._serve(head=False)

    def _send(self, status: int, headers: dict[str, str], body: bytes, url_path: str, head: bool) -> None:
        asked = time.monotonic()
        link = self.host.link
        if link is not None:
            time.sleep(link.latency)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        header_bytes = sum(len(line) for line in self._headers_buffer)  # what end_headers() sends
        self.end_headers()
        if not head and body:
            if link is not None:
                link.send(self.wfile.write, body)
            else:
                self.wfile.write(body)
        self.host.record(Sent(self.path, status, 0 if head else len(body), header_bytes, asked))

    def _serve(self, head: bool) -> None:
        host = self.host
        url_path = unquote(urlsplit(self.path).path)
        path = Path(self.translate_path(self.path))
        common = dict(host.headers)
        if path.is_dir() and not url_path.endswith("/"):
            # nginx.conf: absolute_redirect off, so the Location is relative.
            self._send(301, {**common, "Location": url_path + "/", "Content-Length": "0",
                             "Cache-Control": "no-cache"}, b"", url_path, head)
            return
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path, url_path = 404, host.root / "404.html", "/404.html"
            if not path.is_file():
                self._send(404, {**common, "Content-Length": "0", "Cache-Control": "no-cache"}, b"", url_path, head)
                return
        stat = path.stat()
        ctype = self.guess_type(str(path))
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json", "image/svg+xml"):
            ctype += "; charset=utf-8"
        data = path.read_bytes()
        policy = common.get("Content-Security-Policy", "")
        is_page = ctype.startswith("text/html")
        if is_page and host.clock is not None:
            data, policy = inline_clock(data, policy, host.clock)
            common["Content-Security-Policy"] = policy
        compress = (ctype.startswith(COMPRESSED) and len(data) >= GZIP_MIN_LENGTH
                    and "gzip" in self.headers.get("Accept-Encoding", ""))
        headers = {**common, "Content-Type": ctype, "Cache-Control": cache_control(url_path)}
        if ctype.startswith(COMPRESSED):
            headers["Vary"] = "Accept-Encoding"
        if host.validators and status == 200:
            etag = f'"{int(stat.st_mtime):x}-{len(data):x}"'
            headers["ETag"] = ("W/" + etag) if compress else etag
            headers["Last-Modified"] = formatdate(int(stat.st_mtime), usegmt=True)
            if self._not_modified(etag, int(stat.st_mtime)):
                # No body and no Content-Length: a 304 has none by definition.
                self._send(304, {k: v for k, v in headers.items() if k != "Content-Type"}, b"", url_path, head)
                return
        if compress:
            data = host.gzipped(path, stat.st_mtime, data)
            headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(data))
        self._send(status, headers, data, url_path, head)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        """RFC 9110 13.1.2/13.1.3: If-None-Match (weak comparison) first, else If-Modified-Since."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [t.strip().removeprefix("W/") for t in match.split(",")]
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(parsedate_to_datetime(since).timestamp()) >= mtime
            except (TypeError, ValueError):
                return False
        return False


class Host:
    """`root` served on 127.0.0.1 (a free port, or `port`) in a thread; a context manager."""

    def __init__(self, root: Path, *, validators: bool = True, clock: datetime | None = None, port: int = 0,
                 link: Link | None = None) -> None:
        self.root = Path(root)
        self.link = link  # a slow network to emulate, or None
        self.validators = validators
        self.clock = clock
        self.headers = shipped_headers()
        self.log: list[Sent] = []
        self._lock = threading.Lock()
        self._gzip: dict[tuple[str, float, int], bytes] = {}
        handler = type("Handler", (_Handler,), {"host": self})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(self.root)))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def gzipped(self, path: Path, mtime: float, data: bytes) -> bytes:
        key = (str(path), mtime, hash(data))
        with self._lock:
            packed = self._gzip.get(key)
        if packed is None:
            packed = gzip.compress(data, 6, mtime=0)
            with self._lock:
                self._gzip[key] = packed
        return packed

    def record(self, sent: Sent) -> None:
        with self._lock:
            self.log.append(sent)

    def take(self) -> list[Sent]:
        """What was sent since the last call."""
        with self._lock:
            out, self.log = self.log, []
        return out

    def __enter__(self) -> Host:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
