"""The shipped server config, deploy/nginx.conf, run by Debian's nginx as an
operator runs it (tests/nginx_server.py), serving the built site: `nginx -t`
accepts it, and every type of response (pages, Material's hashed files, our
own files, sw.js, Pagefind's files, data, feeds, calendars, redirects, 404)
carries the security headers, the right caching, the right MIME type and,
for text, gzip.

The values, with their authority:
- MIME types: HTML's list of JavaScript MIME types (with `nosniff` the
  browser refuses a script served as anything else), RFC 5545 §8.1
  (text/calendar), W3C Web Application Manifest (application/manifest+json),
  WebAssembly Web API (application/wasm), RFC 8259 (application/json),
  Pagefind's index files are its own gzip data (application/octet-stream).
- Caching: RFC 9111 §5.2.2.4 (`no-cache`: revalidate before every use),
  RFC 8246 (`immutable`) with a year's max-age for files whose names carry
  a content hash.
- 404: RFC 9110 §15.5.5, with the site's own 404.html as the body.
"""

from __future__ import annotations

import gzip
import http.client
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from nginx_server import DEPLOY_CONF, Nginx, declared_headers, server_block

NO_CACHE = "no-cache"
OWN = "public, max-age=3600"
FOREVER = "public, max-age=31536000, immutable"
JS = "application/javascript; charset=utf-8"  # nginx's mime.types name; a JavaScript MIME type for HTML
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # as sent (compressed when Content-Encoding says so)

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def get(self, name: str) -> str | None:
        values = self.all(name)
        assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
        return values[0] if values else None

    @property
    def content(self) -> bytes:
        return gzip.decompress(self.body) if self.get("Content-Encoding") == "gzip" else self.body


def fetch(server: Nginx, path: str, *, gzip_ok: bool = True, headers: dict[str, str] | None = None) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        sent = {"Accept-Encoding": "gzip"} if gzip_ok else {}
        connection.request("GET", path, headers={**sent, **(headers or {})})
        response = connection.getresponse()
        return Response(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


def one(site: Path, pattern: str) -> str:
    """The site path of the first built file matching `pattern`."""
    found = sorted(site.glob(pattern))
    assert found, f"no {pattern} in the build"
    return "/" + found[0].relative_to(site).as_posix()


# -- The file itself -------------------------------------------------------------------


def test_nginx_accepts_the_config_without_a_warning(nginx_available, site_dir: Path, tmp_path: Path) -> None:
    result = Nginx(site_dir, tmp_path / "nginx").check()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "syntax is ok" in output and "test is successful" in output
    assert not re.search(r"\[(warn|emerg|alert|crit|error)\]", output), output


def test_the_issues_unquoted_regex_is_what_nginx_refuses(nginx_available, site_dir: Path, tmp_path: Path) -> None:
    # The README's old block: a location regex with {8} unquoted ends the
    # directive at "{" (issue 18). The check above can fail.
    conf = DEPLOY_CONF.read_text(encoding="utf-8")
    quoted = re.search(r'location ~ "(\^/assets/[^"]+)"', conf)
    assert quoted, "the hashed-asset location is not where this test expects it"
    broken = conf.replace(quoted.group(0), f"location ~ {quoted.group(1)}")
    result = Nginx(site_dir, tmp_path / "nginx", conf=broken).check()
    assert result.returncode != 0
    assert "[emerg]" in result.stderr


def test_a_complete_server_block_with_only_root_and_name_to_change() -> None:
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    code = [line.split("#", 1)[0].rstrip() for line in text.splitlines()]
    code = [line for line in code if line.strip()]
    assert code[0] == "server {" and code[-1] == "}", "one server block, nothing around it"
    marked = [line.split("#", 1)[0].split()[0] for line in text.splitlines() if "# CHANGE" in line]
    assert marked == ["server_name", "root"]


def test_the_readme_names_the_file_instead_of_a_copy() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "deploy/nginx.conf" in readme
    # Any nginx block in the README is the file itself, not a paraphrase.
    for block in re.findall(r"```nginx\n(.*?)```", readme, re.S):
        assert block == DEPLOY_CONF.read_text(encoding="utf-8")
    outside = readme.replace(DEPLOY_CONF.read_text(encoding="utf-8"), "")
    assert not re.search(r"(?m)^\s*(add_header|location|gzip_types) ", outside), "a second copy of the config"


def test_the_readmes_list_of_headers_is_the_files() -> None:
    # README shows the headers as a response carries them, the hashes
    # elided; they must be the file's, not a paraphrase that drifts.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```text\n(.*?)```", readme, re.S) if "Content-Security-Policy:" in b]
    assert len(blocks) == 1
    shown = dict(line.split(": ", 1) for line in blocks[0].strip().splitlines())
    expected = {name: re.sub(r"'sha256-[^']+'", "'sha256-…'", value) for name, value in declared_headers().items()}
    assert shown == expected


def test_the_test_server_changes_only_root_name_and_address(site_dir: Path) -> None:
    shipped = DEPLOY_CONF.read_text(encoding="utf-8").splitlines()
    served = server_block(site_dir, 8123).splitlines()
    changed = [line.strip() for line in shipped if line not in served]
    assert [line.split()[0] for line in changed] == ["listen", "listen", "server_name", "root"]


# -- Every type of response ----------------------------------------------------------


def response_types(site: Path) -> list[tuple[str, str, int, str, str, bool]]:
    """(what, path, status, Content-Type, Cache-Control, compressed) for one
    response of each type the built site has."""
    return [
        ("home page", "/", 200, HTML, NO_CACHE, True),
        ("a page", "/articles/sleep-basics/", 200, HTML, NO_CACHE, True),
        ("hotline print view", "/hotlines/print/", 200, HTML, NO_CACHE, True),
        ("offline page", "/offline.html", 200, HTML, NO_CACHE, True),
        ("Material's script", one(site, "assets/javascripts/bundle.*.min.js"), 200, JS, FOREVER, True),
        ("Material's styles", one(site, "assets/stylesheets/main.*.min.css"), 200, "text/css; charset=utf-8", FOREVER, True),
        ("Material's source map", one(site, "assets/javascripts/bundle.*.min.js.map"), 200, JSON, FOREVER, True),
        ("our script", "/assets/javascripts/site.js", 200, JS, OWN, True),
        ("the search worker", "/assets/javascripts/search-worker.js", 200, JS, OWN, True),
        ("our styles", "/assets/stylesheets/site.css", 200, "text/css; charset=utf-8", OWN, True),
        ("an SVG image", "/assets/images/logo.svg", 200, "image/svg+xml; charset=utf-8", OWN, True),
        ("a PNG image", "/assets/images/favicon.png", 200, "image/png", OWN, False),
        ("the offline worker", "/sw.js", 200, JS, NO_CACHE, True),
        ("Pagefind's script", "/pagefind/pagefind.js", 200, JS, NO_CACHE, True),
        ("Pagefind's entry", "/pagefind/pagefind-entry.json", 200, JSON, NO_CACHE, None),
        ("Pagefind's WebAssembly", "/pagefind/wasm.unknown.pagefind", 200, "application/octet-stream", NO_CACHE, False),
        ("Pagefind's metadata", one(site, "pagefind/pagefind.*.pf_meta"), 200, "application/octet-stream", FOREVER, False),
        ("a Pagefind index piece", one(site, "pagefind/index/*.pf_index"), 200, "application/octet-stream", FOREVER, False),
        ("a Pagefind page text", one(site, "pagefind/fragment/*.pf_fragment"), 200, "application/octet-stream", FOREVER, False),
        ("the search's page list", "/search/pages.json", 200, JSON, NO_CACHE, True),
        ("the locator's data", "/stations/stations.json", 200, JSON, NO_CACHE, True),
        ("a calendar", "/events/calendar.ics", 200, "text/calendar; charset=utf-8", NO_CACHE, True),
        ("a news feed", "/feed_rss_created.xml", 200, "text/xml; charset=utf-8", NO_CACHE, True),
        ("the sitemap", "/sitemap.xml", 200, "text/xml; charset=utf-8", NO_CACHE, True),
        ("a missing page", "/no-such-page/", 404, HTML, NO_CACHE, True),
        ("a missing file", "/assets/javascripts/no-such.js", 404, HTML, NO_CACHE, True),
        ("an address without its slash", "/hotlines", 301, "text/html", NO_CACHE, None),
    ]


def test_every_response_type(nginx_site: Nginx, site_dir: Path) -> None:
    declared = declared_headers()
    assert set(declared) == {
        "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy",
    }
    failures = []
    for what, path, status, content_type, cache, compressed in response_types(site_dir):
        got = fetch(nginx_site, path)
        problems = []
        if got.status != status:
            problems.append(f"status {got.status}")
        for name, value in declared.items():
            if got.all(name) != [value]:
                problems.append(f"{name}: {got.all(name)}")
        if got.all("Cache-Control") != [cache]:
            problems.append(f"Cache-Control: {got.all('Cache-Control')}")
        if got.get("Content-Type") != content_type:
            problems.append(f"Content-Type: {got.get('Content-Type')}")
        encoding = got.get("Content-Encoding")
        if compressed is True and (encoding != "gzip" or "Accept-Encoding" not in (got.get("Vary") or "")):
            problems.append(f"not gzip-compressed (Content-Encoding {encoding}, Vary {got.get('Vary')})")
        if compressed is False and encoding is not None:
            problems.append(f"compressed ({encoding}) though it should not be")
        if status == 200:
            file = site_dir / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
            if got.content != file.read_bytes():
                problems.append("the body is not the built file")
        if problems:
            failures.append(f"{what} ({path}): " + "; ".join(problems))
    assert failures == []


def test_the_404_page_is_the_sites_own(nginx_site: Nginx, site_dir: Path) -> None:
    for path in ("/no-such-page/", "/articles/no-such-article/", "/assets/no-such.css", "/a/b/c/d.html"):
        got = fetch(nginx_site, path)
        assert got.status == 404, path
        assert got.content == (site_dir / "404.html").read_bytes(), path
        assert "找不到这个页面" in got.content.decode("utf-8")


def test_a_redirect_stays_relative(nginx_site: Nginx) -> None:
    # Behind a proxy or a CDN the server's own name and port are not the site's.
    got = fetch(nginx_site, "/stations")
    assert got.status == 301 and got.get("Location") == "/stations/"


def test_compression_only_when_asked(nginx_site: Nginx, site_dir: Path) -> None:
    plain = fetch(nginx_site, "/hotlines/", gzip_ok=False)
    assert plain.get("Content-Encoding") is None and plain.body == (site_dir / "hotlines/index.html").read_bytes()
    packed = fetch(nginx_site, "/hotlines/")
    assert packed.get("Content-Encoding") == "gzip"
    assert len(packed.body) < len(plain.body) / 3  # what compression is for, on a weak network


def test_no_cache_files_revalidate_cheaply(nginx_site: Nginx) -> None:
    # no-cache means "ask first": the answer for an unchanged file is a
    # bodiless 304, still with the security headers.
    for path in ("/", "/sw.js", "/pagefind/pagefind-entry.json"):
        first = fetch(nginx_site, path)
        tag = first.get("ETag")
        assert tag, path
        again = fetch(nginx_site, path, headers={"If-None-Match": tag})
        assert again.status == 304 and again.body == b"", path
        assert again.all("Content-Security-Policy") == first.all("Content-Security-Policy"), path
        assert again.all("Cache-Control") == [NO_CACHE], path


def test_mime_types_of_files_the_site_may_have(nginx_available, tmp_path: Path) -> None:
    # Types nginx's own list lacks, or that the sample build has no file of.
    root = tmp_path / "root"
    files = {
        "a.ics": "text/calendar; charset=utf-8",
        "app.webmanifest": "application/manifest+json; charset=utf-8",
        "m.wasm": "application/wasm",
        "pagefind/filter/und_abc1234.pf_filter": "application/octet-stream",
        "pagefind/x.pf_meta": "application/octet-stream",
        "data.json": "application/json; charset=utf-8",
        "font.woff2": "font/woff2",
        "404.html": "text/html; charset=utf-8",
    }
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x" * 300)
    with Nginx(root, tmp_path / "nginx") as server:
        for name, content_type in files.items():
            got = fetch(server, "/" + name)
            assert (got.status, got.get("Content-Type")) == (200, content_type), name
            assert got.get("X-Content-Type-Options") == "nosniff", name
        # Pagefind's filter pieces are named by their content too.
        assert fetch(server, "/pagefind/filter/und_abc1234.pf_filter").get("Cache-Control") == FOREVER
        assert fetch(server, "/m.wasm").get("Content-Encoding") == "gzip"


def test_a_location_with_its_own_add_header_would_lose_them(nginx_available, site_dir: Path, tmp_path: Path) -> None:
    # nginx's add_header inheritance, the issue's second finding: what the
    # shipped file avoids (its locations only `set` the cache policy). Shown
    # here so that the check above is known to catch it.
    conf = DEPLOY_CONF.read_text(encoding="utf-8").replace(
        "        try_files $uri $uri/ =404;\n",
        '        try_files $uri $uri/ =404;\n        add_header X-Test "1";\n', 1,
    )
    assert 'add_header X-Test "1";' in conf
    with Nginx(site_dir, tmp_path / "nginx", conf=conf) as server:
        for name in declared_headers():
            assert fetch(server, "/hotlines/").get(name) is None, name
            assert fetch(server, "/assets/javascripts/site.js").get(name) is not None, name
