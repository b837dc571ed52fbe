"""What the body of an editors' Markdown page may not contain.

Page bodies (articles, lessons, guides, news posts, section pages) are the
one place editors write Markdown with HTML allowed: admonitions, tables,
a `<div>` where Markdown has no word for it. That HTML is trusted as
layout, not as behaviour. The rendered body is checked for what no page of
the site needs and what would run or load something:

- scripts (the site's Content-Security-Policy, deploy/nginx.conf, lets no
  script written inside a page run) and elements that embed: <iframe>,
  <frame>, <object>, <embed>, <applet>, <base>, <meta>, <form> (nothing a
  resident types may leave the browser);
- event-handler attributes (on…), also from Markdown's attribute syntax
  `{ onclick=… }`, and srcdoc: no hash in the policy can allow them;
- javascript:, vbscript: and data: addresses in links and sources;
- anything loaded from another host (images, audio, video, sources,
  stylesheets): the resident's browser loads nothing from other hosts; nor
  `<pre class="mermaid">`, for which Material's script would fetch Mermaid
  from unpkg.com.

This is the one check of editors' content; the policy's own check
(csp/policy.py) looks at what the templates add around it. Each problem is
one message with the file's line where the editor wrote it (the n-th
occurrence of its text in the source for the n-th problem of that kind),
what is wrong and what to write. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

_RUNS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "form"}
# Elements that load what an attribute names (the browser fetches it).
_LOADS = {
    "img": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
    "link": ("href",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
_ADDRESSES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite", "background", "srcset"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class BodyProblem:
    line: int | None  # in the page's file
    message: str


_SCRIPT_MESSAGE = (
    "页面里有一段脚本（{shown}），网站的内容安全策略不允许页面里的脚本运行（deploy/nginx.conf）。请删除它：正文里不能放脚本；"
    "需要交互功能（视频、地图、表单）时，请联系网站的维护人员。"
)


def _excerpt(text: str) -> str:
    """A script's first characters on one line, to recognise it by."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:60] + "…"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (message, text to look for in the source)
        self._script: tuple[int, str | None, list[str]] | None = None  # (index in found, src, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            # Its message names the script by its first characters: completed at its end tag.
            self._script = (len(self.found), values.get("src"), [])
            self.found.append(("", "<script"))
        elif tag in _RUNS:
            what = "表单" if tag == "form" else "脚本或嵌入的内容"
            self.found.append(
                (f"正文里有 <{tag}>：页面正文不能有{what}（会运行代码、加载其他网站的内容或把居民填写的内容发出去）。请删掉它，改成文字或链接。", f"<{tag}")
            )
        if tag == "pre" and "mermaid" in values.get("class", "").split():
            self.found.append(
                (
                    '页面里有<pre class="mermaid">：Material 的脚本会为它从 unpkg.com 下载 Mermaid 画图程序，访问者的浏览器就会连接其他网站。'
                    '请删除 class="mermaid"；需要图时，把图片文件放在 docs/ 里引用。',
                    "mermaid",
                )
            )
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(
                    (
                        f"页面里有<{tag}> 的 {name} 属性是一段脚本（{name}=\"{value[:40]}\"），内容安全策略不允许它运行。"
                        f"请删除 {name} 属性（Markdown 里写成 {{ {name}=… }} 的也一样）。",
                        name,
                    )
                )
            elif name == "srcdoc":
                self.found.append(
                    (f"正文里的 <{tag}> 有属性 {name}：页面正文不能运行脚本。请删掉它（Markdown 里写成 {{ {name}=… }} 的也一样）。", name)
                )
            elif name in _ADDRESSES:
                scheme = _SCHEME.match(_BLANKS.sub("", value))
                if scheme and scheme[1].lower() in ("javascript", "vbscript", "data", "livescript"):
                    self.found.append(
                        (
                            f"页面里有<{tag}> 的 {name} 是 {scheme[1].lower()}: 地址（“{value}”），会运行脚本或内嵌内容，内容安全策略不允许它运行。"
                            "请把它改成以 https:// 开头的网址或本站页面的路径（如 ../hotlines/），或删除这个链接。",
                            f"{scheme[1]}:",
                        )
                    )
                    continue
            if name in _LOADS.get(tag, ()) and (tag != "link" or "stylesheet" in (values.get("rel") or "") or "icon" in (values.get("rel") or "")):
                for url in [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]:
                    if _off_site(url):
                        self.found.append(
                            (
                                f"<{tag}> 从其他网站加载 “{url}”：访问者的浏览器只从本站加载内容（也不让其他网站知道谁在看这一页）。"
                                "请把文件放进 docs/assets/ 下，写它的路径。",
                                url,
                            )
                        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            index, src, text = self._script
            shown = f'<script src="{src}"></script>' if src else f"<script>{_excerpt(''.join(text))}</script>"
            self.found[index] = (_SCRIPT_MESSAGE.format(shown=shown), "<script")
            self._script = None

    def close(self) -> None:
        super().close()
        if self._script is not None:  # a script never closed runs to the end of the page
            self.handle_endtag("script")


def _off_site(url: str) -> bool:
    url = url.strip()
    if url.startswith(("//", "\\\\")):
        return True
    return urlsplit(url).scheme.lower() in ("http", "https", "ftp")


def source_line(source: str, needle: str, occurrence: int = 1) -> int | None:
    """The line (1-based) of an editor's file where `needle` occurs for the
    `occurrence`-th time (case-insensitive), to point a message at; None
    when it is not there (the page is made from a template or a data file)."""
    lowered = needle.lower()
    seen = 0
    for number, line in enumerate(source.splitlines(), start=1):
        seen += line.lower().count(lowered)
        if seen >= occurrence:
            return number
    return None


def body_problems(html: str, source: str) -> list[BodyProblem]:
    """What the rendered body `html` of the page whose file is `source` may
    not contain (see the module's docstring), in the order of the page,
    each with its line in `source`: the n-th problem found by the same text
    is on the line of that text's n-th occurrence."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    seen: dict[str, int] = {}
    problems = []
    for message, needle in collector.found:
        needle = needle.lower()
        seen[needle] = seen.get(needle, 0) + 1
        problems.append(BodyProblem(source_line(source, needle, seen[needle]), message))
    return problems
