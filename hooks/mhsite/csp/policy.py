"""The Content-Security-Policy the site is served with, and what in a page
would break it.

The policy is the `Content-Security-Policy` header in the shipped server
config, `deploy/nginx.conf` (README, "Publishing"). For scripts it allows
files from the site itself and, of the scripts written inside a page, only
those whose SHA-256 hash it lists (`'sha256-…'`, CSP Level 2): no
`'unsafe-inline'`. Three such scripts are left, the same on every page:
Material's settings functions (`overrides/partials/javascripts/base.html`),
Material's tab-anchor script and our 长辈模式 head script, which must run
before the first paint. Everything else is a file.

What this module gives (no MkDocs here: the plugin, plugin.py, uses it):

- `scan(html)`: the inline scripts of what the templates make of a page
  (text, hash, line) and what a hash-only policy cannot allow at all:
  event-handler attributes (`onclick="…"`), `javascript:` URLs, and what
  makes Material's bundle load code from another host (`<pre
  class="mermaid">`: Mermaid from unpkg.com). The editors' own content is
  checked, for all of that and more, by content/body.py: the plugin scans a
  written page's output without its content;
- `script_hash(text)`: the hash a browser computes for an inline script;
- `nginx_policy(conf)`, `policy_hashes(policy)`: the policy in a config file
  and the script hashes it allows;
- `with_hashes(conf, hashes)`: the config with script-src's hashes replaced,
  the rest of the policy (and of the file) unchanged (`./run csp`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# The `type` values of a <script> that the browser runs (HTML's "JavaScript
# MIME type essence matches", plus "module"); any other (application/json,
# application/ld+json) is a data block, which a policy does not govern.
_SCRIPT_TYPES = {
    "", "module", "text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
}
# Attributes whose value the browser follows as a URL (a `javascript:` one runs code).
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}

_HEADER = re.compile(r'add_header\s+Content-Security-Policy\s+"([^"]*)"')
_HASH = re.compile(r"'sha(?:256|384|512)-[A-Za-z0-9+/]+=*'")


class PolicyError(Exception):
    """The config has no Content-Security-Policy to read (or more than one)."""


@dataclass(frozen=True)
class InlineScript:
    text: str
    line: int  # of its <script> tag in the HTML scanned

    @property
    def hash(self) -> str:
        return script_hash(self.text)

    @property
    def excerpt(self) -> str:
        """Its first characters on one line, to recognise it by."""
        flat = " ".join(self.text.split())
        return flat if len(flat) <= 60 else flat[:60] + "…"


@dataclass(frozen=True)
class Problem:
    """Something in a page that no hash can allow, or that loads from another host."""

    line: int
    what: str  # in Chinese, for the message
    needle: str  # what to look for in the page's source to find its line
    fix: str  # what to do instead, in Chinese


@dataclass
class Scan:
    scripts: list[InlineScript] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def hashes(self) -> set[str]:
        return {script.hash for script in self.scripts}


@functools.lru_cache(maxsize=64)  # the templates' few scripts, on every one of 20,000 pages
def script_hash(text: str) -> str:
    """The CSP source expression of an inline script's text: `'sha256-<base64>'`
    of its UTF-8 bytes, after the line-ending normalisation every HTML parser
    does (CR LF and CR become LF) — what the browser hashes."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normal.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# A <script> element: its attributes (quoted values may hold ">") and its
# text, which ends at the first "</script" (HTML's script data state).
_SCRIPT = re.compile(r"""<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</script\s*>""", re.I | re.S)
_SRC = re.compile(r"""(?:^|\s)src\s*=""", re.I)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# An attribute that starts with "on" (a handler: onclick=…), for the quick look below.
_ON_ATTRIBUTE = re.compile(r"on[a-z]+\s*=")


def _maybe_problem(html: str) -> bool:
    """Whether `html` could hold a problem (_Problems): pages without any
    sign of one (nearly all) are not parsed a second time. A province's
    build has 20,000 pages: plain substring searches, about 0.1 ms a page."""
    lowered = html.lower()
    if "javascript:" in lowered or "mermaid" in lowered:
        return True
    return any(lowered[m.start() - 1] in " \t\n\r\f\"'/" for m in _ON_ATTRIBUTE.finditer(lowered) if m.start())


def _inline_scripts(html: str) -> list[InlineScript]:
    found = []
    for match in _SCRIPT.finditer(html):
        attributes, text = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        value = next((g for g in kind.groups() if g is not None), "") if kind else ""
        if value.strip().lower() in _SCRIPT_TYPES:
            found.append(InlineScript(text, html.count("\n", 0, match.start()) + 1))
    return found


class _Problems(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(Problem(
                    line, f"<{tag}> 的 {name} 属性是一段脚本（{name}=\"{value[:40]}\"），内容安全策略不允许它运行",
                    f"{name}=", f"请删除 {name} 属性"))
            elif name in _URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.problems.append(Problem(
                    line, f"<{tag}> 的 {name} 是 javascript: 地址，内容安全策略不允许它运行", "javascript:",
                    "请把它改成网页地址（如 ../hotlines/），或删除这个链接"))
        if tag == "pre" and "mermaid" in values.get("class", "").split():
            self.problems.append(Problem(
                line, '<pre class="mermaid">：Material 的脚本会为它从 unpkg.com 下载 Mermaid 画图程序，'
                "访问者的浏览器就会连接其他网站", "mermaid",
                '请删除 class="mermaid"；需要图时，把图片文件放在 docs/ 里引用'))


def scan(html: str) -> Scan:
    """The inline scripts of `html` and the problems in it (see the module's docstring)."""
    result = Scan(scripts=_inline_scripts(html))
    if _maybe_problem(html):
        parser = _Problems()
        parser.feed(html)
        parser.close()
        result.problems = parser.problems
    return result


def nginx_policy(conf: str) -> str:
    """The value of the one `add_header Content-Security-Policy "…"` in an nginx config."""
    found = _HEADER.findall(_without_comments(conf))
    if len(found) != 1:
        raise PolicyError(f"应当恰好有一行 add_header Content-Security-Policy \"…\"，找到 {len(found)} 行")
    return found[0]


def policy_hashes(policy: str) -> set[str]:
    """The inline-script hashes a policy allows: those in script-src (or, without
    one, default-src, which scripts then follow)."""
    directives = _directives(policy)
    sources = directives.get("script-src", directives.get("default-src", ""))
    return set(_HASH.findall(sources))


def with_hashes(conf: str, hashes: set[str]) -> str:
    """`conf` with the hashes in its policy's script-src replaced by `hashes`
    (sorted, after the directive's other sources, in their order)."""
    policy = nginx_policy(conf)
    parts = [part.strip() for part in policy.split(";")]
    for index, part in enumerate(parts):
        name, _, sources = part.partition(" ")
        if name.lower() == "script-src":
            kept = [s for s in sources.split() if not _HASH.fullmatch(s)]
            # 'self' first, then the hashes, then keywords like 'wasm-unsafe-eval'.
            head, tail = kept[:1], kept[1:]
            parts[index] = " ".join([name, *head, *sorted(hashes), *tail])
            break
    else:
        raise PolicyError("Content-Security-Policy 里没有 script-src")
    new_policy = "; ".join(part for part in parts if part)
    return conf.replace(f'"{policy}"', f'"{new_policy}"', 1)


def _directives(policy: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in policy.split(";"):
        name, _, sources = part.strip().partition(" ")
        if name and name.lower() not in out:  # the first of a repeated directive counts
            out[name.lower()] = sources
    return out


def _without_comments(conf: str) -> str:
    """nginx comments (`#` to the end of the line) outside quoted strings, removed."""
    out = []
    for line in conf.splitlines():
        quoted = None
        for index, char in enumerate(line):
            if quoted:
                if char == quoted:
                    quoted = None
            elif char in "\"'":
                quoted = char
            elif char == "#":
                line = line[:index]
                break
        out.append(line)
    return "\n".join(out)
