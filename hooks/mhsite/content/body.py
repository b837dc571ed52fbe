"""What the body of an editors' Markdown page may not contain.

Page bodies (articles, lessons, guides, news posts, section pages) are the
one place editors write Markdown with HTML allowed: admonitions, tables,
a `<div>` where Markdown has no word for it. That HTML is trusted as
layout, not as behaviour. The rendered body is checked for what no page of
the site needs and what would run or load something:

- elements that run or embed: <script>, <iframe>, <frame>, <object>,
  <embed>, <applet>, <base>, <meta>, <form> (nothing a resident types may
  leave the browser);
- event-handler attributes (on…), also from Markdown's attribute syntax
  `{ onclick=… }`, and srcdoc;
- javascript:, vbscript: and data: addresses in links and sources;
- anything loaded from another host (images, audio, video, sources,
  stylesheets): the resident's browser loads nothing from other hosts.

Each finding is one message with the file's line where the editor wrote
it (found by its text in the source), what is wrong and what to write.
Nothing here imports MkDocs.
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


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (message, text to look for in the source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _RUNS:
            what = "表单" if tag == "form" else "脚本或嵌入的内容"
            self.found.append(
                (f"正文里有 <{tag}>：页面正文不能有{what}（会运行代码、加载其他网站的内容或把居民填写的内容发出去）。请删掉它，改成文字或链接。", f"<{tag}")
            )
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name == "srcdoc":
                self.found.append(
                    (f"正文里的 <{tag}> 有属性 {name}：页面正文不能运行脚本。请删掉它（Markdown 里写成 {{ {name}=… }} 的也一样）。", name)
                )
            elif name in _ADDRESSES:
                scheme = _SCHEME.match(_BLANKS.sub("", value))
                if scheme and scheme[1].lower() in ("javascript", "vbscript", "data", "livescript"):
                    self.found.append(
                        (f"地址 “{value}” 会运行脚本或内嵌内容；链接请写以 https:// 开头的网址或本站页面的路径。", f"{scheme[1]}:")
                    )
                    continue
            if name in _LOADS.get(tag, ()) and (tag != "link" or "stylesheet" in (dict(attrs).get("rel") or "") or "icon" in (dict(attrs).get("rel") or "")):
                for url in [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]:
                    if _off_site(url):
                        self.found.append(
                            (
                                f"<{tag}> 从其他网站加载 “{url}”：访问者的浏览器只从本站加载内容（也不让其他网站知道谁在看这一页）。"
                                "请把文件放进 docs/assets/ 下，写它的路径。",
                                url,
                            )
                        )

    handle_startendtag = handle_starttag


def _off_site(url: str) -> bool:
    url = url.strip()
    if url.startswith(("//", "\\\\")):
        return True
    return urlsplit(url).scheme.lower() in ("http", "https", "ftp")


def body_problems(html: str, source: str) -> list[BodyProblem]:
    """What the rendered body `html` of the page whose file is `source` may
    not contain (see the module's docstring), each with its line in `source`."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    lines = source.lower().splitlines()
    problems = []
    for message, needle in dict.fromkeys(collector.found):
        needle = needle.lower()
        line = next((number for number, text in enumerate(lines, start=1) if needle in text), None)
        problems.append(BodyProblem(line, message))
    return problems
