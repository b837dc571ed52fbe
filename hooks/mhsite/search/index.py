"""The site search: what of each page is searchable, the text Pagefind
indexes, and the Pagefind run. No MkDocs here (hooks/mhsite/plugin.py is the
adapter).

Why the text is rewritten before Pagefind sees it. Pagefind's Chinese index
(`--force-language zh-cn`) splits text into dictionary words at build time
and matches a query word against the *start* of an indexed word. A word
inside a longer one is then never found: 电话 misses every page that only
says 打电话 or 接电话; 情绪 misses 坏情绪. Measured on the sample site:
电话 found 40 of the 45 pages that contain it. So every run of Chinese
characters is indexed as overlapping character pairs (bigrams), the
tokenisation Lucene's CJKAnalyzer and Elasticsearch's cjk_bigram filter
use for Chinese: 打电话 becomes 打电 电话 话 (one token per character, the
last character alone). The search worker
(docs/assets/javascripts/search-worker.js) turns a query into pairs it
must contain, as few as cover it (电话 -> 电话; 睡不着 -> 睡不 不着;
睡不着怎么办 -> 睡不 着怎 么办: each pair can add an index piece to fetch),
so a page that contains the query always contains every pair and is
always found, whatever dictionary or browser. No word list to keep up: any
text on a page is findable. Text in other scripts (12356, PHQ-9) is left to Pagefind as it is.

Pagefind then runs with a language that has no segmenter and no stemmer
(`LANGUAGE`), so it keeps our tokens as they are. The worker puts the
characters back together for the excerpts it shows.

Shapes:
- `tokens(text)`: the index tokens of a text, in order, one per Chinese
  character (plus one per non-Chinese word).
- `index_document(page_html)`: the page as Pagefind should index it, or None
  when the page has no content element; `write_documents(folder, pages)`
  writes them for a batch of pages (`content_part` of each).
- `run_pagefind(source, output)`: index a folder of such documents;
  `PagefindRun(source, output)` starts the same and `.finish()` waits for it.
- `page_list(output, pages)`: {Pagefind page id: [url, title, boost]} for
  the worker, which names every result without loading its fragment;
  `entry_files(output)`: the index's files the worker fetches ahead.

Errors: `SearchIndexError` with a message in Chinese.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

# Chinese characters: CJK Unified Ideographs and Extension A, the
# compatibility ideographs, and the supplementary planes' ideographs
# (Extensions B onwards). The worker uses the same ranges.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_RUNS = re.compile(f"[{HAN}]+|[^\\s{HAN}]+")
_IS_HAN = re.compile(f"[{HAN}]")

# Pagefind's language for the index: one it has no word segmenter and no
# stemmer for, so each of our space-separated tokens is one indexed word.
# The code is BCP 47's "undetermined" (the pages themselves say zh-Hans).
LANGUAGE = "und"

# Parts of a page's content element that are not content: the ¶ links of
# headings, the 朗读 button, a news post's side column (dates, categories,
# its own table of contents), and what is not text.
SKIPPED_CLASSES = frozenset({"headerlink", "mh-content-tools", "md-sidebar"})
SKIPPED_TAGS = frozenset({"script", "style", "svg", "template", "button"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Elements Pagefind leaves out wherever they are (its parser's
# REMOVE_SELECTORS); on our pages they hold content (a lesson's 上一课/下一课
# links, a self-check's questions and answers), so they are handed over
# under a neutral name.
_RENAMED = {"nav": "div", "footer": "div", "form": "div", "label": "span", "noscript": "div", "iframe": "div"}
# Elements inside a line of text: a run of characters goes on across them
# (入睡<strong>困难</strong> holds the pair 睡困). Any other tag ends the run.
_INLINE = frozenset({
    "a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "label", "mark", "q", "s",
    "small", "span", "strong", "sub", "sup", "time", "u", "var",
})

# What Pagefind writes that the search uses; its ready-made UIs
# (pagefind-ui.js, …) are removed: the search box is Material's.
PAGEFIND_KEEP = ("pagefind.js", "pagefind-entry.json", "index", "fragment", "filter")


class SearchIndexError(Exception):
    """The index could not be built (message in Chinese)."""


def tokens(text: str) -> list[str]:
    """The index tokens of `text`: each run of Chinese characters as its
    overlapping pairs and its last character (打电话 -> 打电, 电话, 话);
    every other run of non-space characters as it is."""
    out: list[str] = []
    for run in _RUNS.findall(text):
        if _IS_HAN.match(run):
            out.extend(run[i : i + 2] for i in range(len(run)))
        else:
            out.append(run)
    return out


class _ContentEnd(Exception):
    """The content element has ended: nothing after it is read."""


class _Content(HTMLParser):
    """Collects the content element (`data-md-component="content"`, the same
    in Material's page, blog and post templates) of a built page, with its
    text rewritten as tokens and the parts that are not content left out."""

    def __init__(self, tokenize=None) -> None:
        super().__init__(convert_charrefs=True)
        self.tokenize = tokenize or tokens
        self.out: list[str] = []
        self.depth = 0  # open elements inside the content element, itself included
        self.skip = 0  # depth at which a skipped element opened, 0 when none
        self.found = False
        # The last text written, while only inline tags followed it: its
        # place in `out` and its tokens (a run may go on in the next text).
        self.last: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if not self.depth:
            if values.get("data-md-component") == "content" and not self.found:
                self.found = True
                self.depth = 1
            return
        if tag not in _INLINE:
            self.last = None
        if tag in _VOID:
            if not self.skip:
                self.out.append(self.get_starttag_text() or "")
            return
        self.depth += 1
        if self.skip:
            return
        classes = set((values.get("class") or "").split())
        if tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES or "data-pagefind-ignore" in values:
            self.skip = self.depth
            return
        self.out.append(f"<{_RENAMED[tag]}>" if tag in _RENAMED else self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth and not self.skip:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or tag in _VOID:
            return
        if tag not in _INLINE:
            self.last = None
        if self.skip == self.depth:
            self.skip = 0
        elif not self.skip and self.depth > 1:
            self.out.append(f"</{_RENAMED.get(tag, tag)}>")
        self.depth -= 1
        if not self.depth:
            raise _ContentEnd

    def handle_data(self, data: str) -> None:
        if not self.depth or self.skip:
            return
        words = self.tokenize(data)
        if not words:
            if data.strip() == "" and data:
                self.last = None  # 心理 <em>健康</em>: a space ends the run
            return
        if self.last is not None and data[:1] == words[0][:1] and _IS_HAN.match(data[:1]):
            place, before = self.last
            if len(before[-1]) == 1 and _IS_HAN.match(before[-1]):
                before[-1] += data[0]  # the pair across the tag
                self.out[place] = _written(before)
        self.out.append(_written(words))
        self.last = (len(self.out) - 1, words) if not data[-1:].isspace() else None


def _written(words: list[str]) -> str:
    return " " + html.escape(" ".join(words), quote=False) + " "


def index_document(page_html: str, tokenize=None, language: str = LANGUAGE) -> str | None:
    """The document Pagefind indexes for a built page: its content element,
    text as tokens (`tokens`, or `tokenize`), headings keeping their ids
    (Pagefind's sub-results per heading), in a page of its own. None when
    the page has no content element."""
    # Only the content element is read: the header and the navigation before
    # it (all of a section's pages on a large site) and what follows are
    # skipped unparsed, and parsing stops where the element ends.
    marker = page_html.find('data-md-component="content"')
    if marker < 0:
        return None
    parser = _Content(tokenize)
    try:
        parser.feed(page_html[page_html.rfind("<", 0, marker):])
        parser.close()
    except _ContentEnd:
        pass
    if not parser.found:
        return None
    body = "".join(parser.out)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"><title></title></head>'
        f"<body><main data-pagefind-body>{body}</main></body></html>\n"
    )


def content_part(page_html: str) -> str | None:
    """The part of a built page that `index_document` reads (from its content
    element on), or None when it has none: what is handed to the helper
    process, without the header and navigation before it."""
    marker = page_html.find('data-md-component="content"')
    return None if marker < 0 else page_html[page_html.rfind("<", 0, marker) :]


# The temporary folders of the search documents: mh-search-<process id>-….
DOCUMENTS_PREFIX = "mh-search-"
# Seconds a folder of a build that is gone stays: a process id from another
# PID namespace sharing /tmp (containers) looks gone; no build waits this long.
STALE_AFTER = 3600


def documents_folder() -> tempfile.TemporaryDirectory:
    """A new temporary folder for this build's search documents (removed
    with the object, or at the build's end), named with this process's id,
    after removing the folders of builds that are no longer running: a build
    killed outright (SIGKILL, the OOM killer, a CI time limit) cannot remove
    its own, a province's 2,000 files each time."""
    remove_stale_documents(Path(tempfile.gettempdir()))
    return tempfile.TemporaryDirectory(prefix=f"{DOCUMENTS_PREFIX}{os.getpid()}-")


def remove_stale_documents(root: Path, now: float | None = None) -> list[Path]:
    """Remove the search-document folders in `root` whose build process is
    gone and that nothing has changed for STALE_AFTER seconds; the paths
    removed. Only where a process can be asked about without harm (POSIX:
    signal 0; on Windows os.kill ends the process)."""
    if os.name != "posix":
        return []
    now = time.time() if now is None else now
    removed = []
    for path in root.glob(DOCUMENTS_PREFIX + "*"):
        pid = path.name[len(DOCUMENTS_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not path.is_dir() or _running(int(pid)):
            continue
        if now - path.stat().st_mtime < STALE_AFTER:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): running, and not ours to clean
        return True
    return True


def write_documents(folder: str, pages: list[tuple[str, str]]) -> list[str]:
    """Write `index_document` of each (path in the site, page or its
    `content_part`) into `folder` at that path, for `run_pagefind`; the
    paths written (a page without a content element has no document). Run by
    the build's helper process (common/background.py)."""
    written = []
    for path, page_html in pages:
        document = index_document(page_html)
        if document is None:
            continue
        target = Path(folder) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document, encoding="utf-8")
        written.append(path)
    return written


def run_pagefind(source: Path, output: Path, *, language: str = LANGUAGE, binary: str = "pagefind_bin") -> None:
    """Index the documents in `source` (paths as the site's) into `output`
    with the pagefind binary of the pinned `pagefind_bin` package (the
    extended one, with Chinese segmentation, is not needed: `binary` names
    it for benchmarks/search.py's comparison). Offline; raises
    SearchIndexError with Pagefind's own message when it fails."""
    PagefindRun(source, output, language=language, binary=binary).finish()


# Pagefind on one thread of work: it indexes while the build renders the
# remaining pages (20,000 station pages on a province's site), and with a
# thread per core (rayon's default) it took turns with MkDocs on MkDocs' own
# core: rendering a province took 47.7 s beside it, 38.7 s with it on one
# thread, 37.9 s without it (benchmarks/build_phases.py; 2 cores). These are
# the thread-pool settings of the libraries it is built on (rayon, tokio);
# its own CPU time stays the same. Not a lower priority instead: with
# many threads a low priority helps little, and at the lowest any other busy
# process (a second build, a shared CI runner) would stall it while the
# build waits for it.
PAGEFIND_THREADS = {"RAYON_NUM_THREADS": "1", "TOKIO_WORKER_THREADS": "1"}
# Seconds finish() waits for it before it gives up.
PAGEFIND_TIMEOUT = 600


class PagefindRun:
    """`run_pagefind` started now and finished later (`finish()`), so that
    Pagefind indexes on another core while the build goes on; `stop()`
    abandons it. The output is only complete once `finish()` has returned."""

    def __init__(self, source: Path, output: Path, *, language: str = LANGUAGE, binary: str = "pagefind_bin") -> None:
        self.output = output
        command = [
            sys.executable, "-m", binary,
            "--site", str(source),
            "--output-path", str(output),
            "--force-language", language,
            "--quiet",
        ]
        # Its messages go to a file, not a pipe nobody reads while it runs
        # (a full pipe would stop it until finish()).
        self.messages = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(
                command, stdout=self.messages, stderr=subprocess.STDOUT, env=os.environ | PAGEFIND_THREADS
            )
        except OSError as exc:
            self.messages.close()
            raise _cannot_run(exc) from None

    def finish(self) -> None:
        try:
            self.process.wait(timeout=PAGEFIND_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise SearchIndexError(
                f"站内搜索索引没有生成：pagefind 运行了 {PAGEFIND_TIMEOUT} 秒仍未完成"
                "（机器上同时运行的其他程序太多，或网站页面太多）。请稍后再构建一次。"
            ) from None
        self.messages.seek(0)
        detail = self.messages.read().decode("utf-8", errors="replace").strip()
        self.messages.close()
        if self.process.returncode != 0:
            raise SearchIndexError(f"站内搜索索引没有生成：pagefind 出错：{detail}")
        for path in self.output.iterdir():
            if path.name not in PAGEFIND_KEEP and not path.name.startswith(("pagefind.", "wasm.")):
                path.unlink()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.messages.close()


def _cannot_run(exc: Exception) -> SearchIndexError:
    return SearchIndexError(f"站内搜索索引没有生成：无法运行 pagefind（{exc}）。请删掉项目里的 .venv 文件夹，再运行一次刚才的 ./run 命令（它会重新安装依赖）。")


def read_fragment(path: Path) -> dict:
    """One of Pagefind's fragment files: gzip of b"pagefind_dcd" + JSON."""
    data = gzip.decompress(path.read_bytes())
    signature = b"pagefind_dcd"
    if not data.startswith(signature):
        raise SearchIndexError(f"站内搜索索引格式不对：{path.name}（pagefind 版本与本项目不符？）")
    return json.loads(data[len(signature) :].decode("utf-8"))


def page_list(output: Path, pages: dict[str, tuple[str, float]]) -> dict[str, list]:
    """{Pagefind page id: [site-relative url, title, boost]} for every
    indexed page. `pages`: {site-relative url ("faq/"): (title, boost)}."""
    listing: dict[str, list] = {}
    for path in sorted((output / "fragment").glob("*.pf_fragment")):
        url = unquote(read_fragment(path)["url"]).lstrip("/")
        title, boost = pages.get(url, ("", 1.0))
        listing[path.name.removesuffix(".pf_fragment")] = [url, title, boost]
    return listing


def entry_files(output: Path, language: str = LANGUAGE) -> dict[str, str]:
    """What the worker fetches ahead of Pagefind's script, which names them
    only after reading pagefind-entry.json: {"tag": the index's hash, which
    the worker gives Pagefind as `metaCacheTag` so that the entry file's
    address is known in advance (pagefind-entry.json?ts=<tag>), "meta": the
    index's metadata file, named by that hash}. Raises SearchIndexError
    when the index has no such language or file."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        tag = entry["languages"][language]["hash"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SearchIndexError(f"站内搜索索引不完整：pagefind-entry.json 里没有语言 {language} 的索引（{exc}）") from None
    meta = f"pagefind.{tag}.pf_meta"
    if not (output / meta).is_file():
        raise SearchIndexError(f"站内搜索索引不完整：没有 {meta}")
    return {"tag": tag, "meta": meta}


def is_han(text: str) -> bool:
    return bool(_IS_HAN.search(text))
