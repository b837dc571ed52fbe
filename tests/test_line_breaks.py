"""The built site shows no space where an editor broke a line of Chinese text
(hooks/cjk_breaks.py, cjk_markdown.py, cjk_breaks_hook.py; issue 13, fault 11:
「困扰， 您可以」 on the home page, 「谈一谈。 现在」 in the PHQ-9 self-check,
22 such places in /editors/).

The right output, from CSS Text's segment break rules
(https://drafts.csswg.org/css-text-4/#line-break-transform) for Chinese text,
as our unit tests spell out: a line break between two Chinese characters or
full-width punctuation marks disappears; between Chinese and Latin letters or
digits it stays one space (the W3C's Requirements for Chinese Text Layout
want a space there), and English keeps its spaces. Browsers other than
Firefox do not apply that rule themselves: a line break left in the HTML
between two Chinese characters is a visible space in Chrome and Safari, so
the built HTML must not have one.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, html_pages, mkdocs_build
from html_scan import parse

# Chinese and Japanese characters and full-width punctuation, written out here
# rather than taken from the code under test: CJK Radicals to Kangxi, CJK
# Symbols and Punctuation (。「」), kana, Bopomofo, CJK Extension A, CJK
# Unified Ideographs, Compatibility Ideographs, Vertical and Compatibility
# Forms, Fullwidth Forms (，！？（）：；), and the Supplementary Ideographic Plane.
_WIDE = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6\U00020000-\U0003134f"
# Full-width punctuation: no space after or before it, whatever is on the other side.
_PUNCT = "\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff1f\uff3b-\uff3d\uff5b-\uff65"
_BREAK_SHOWN_AS_SPACE = re.compile(
    rf"(?:[{_WIDE}][ \t]*\n\s*[{_WIDE}])|(?:[{_PUNCT}][ \t]*\n\s*[^\s\ufffc])|(?:[^\s\ufffc][ \t]*\n\s*[{_PUNCT}])"
)

# Text shown as written (code): its characters count next to a break, its
# own line breaks are not looked at. Text not shown (scripts) counts as one
# character that is not Chinese.
_VERBATIM = {"pre", "code", "kbd", "samp", "textarea"}
_HIDDEN = {"script", "style", "template"}
# Elements that end a line of text (a break before or after them is not inside a line).
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "label", "legend", "li", "main", "nav", "ol", "option", "p", "section", "select", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "head", "html", "title", "meta", "link", "input", "img",
}
_THEME_META = {"md-meta__item", "md-post__meta"}
_VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "area", "base", "col", "embed", "track"}


class _Lines(HTMLParser):
    """The text of a page as the lines a reader sees: runs of text between
    block boundaries. A text node of only whitespace between two elements is
    template layout, not an editor's line break, and ends the run too."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[str] = [""]
        self._verbatim = 0
        self._hidden = 0
        self._open: list[tuple[str, bool]] = []  # (tag, is Material's post metadata)
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Material's blog post metadata ("分类于 健康提示", the theme's own
        # template text with a line break before the category link) is not
        # an editor's text.
        skip = bool(_THEME_META & set((dict(attrs).get("class") or "").split()))
        if tag not in _VOID:
            self._open.append((tag, skip))
            self._skip += skip
        if tag in _BLOCKS:
            self.runs.append("")
        if tag in _VERBATIM:
            self._verbatim += 1
        if tag in _HIDDEN:
            self._hidden += 1
            self.runs[-1] += "\ufffc"

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                self._skip -= sum(skip for _, skip in self._open[index:])
                del self._open[index:]
                break
        if tag in _VERBATIM:
            self._verbatim = max(0, self._verbatim - 1)
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        if tag in _BLOCKS:
            self.runs.append("")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._verbatim:
            self.runs[-1] += re.sub(r"\s", "\u2423", data)  # shown as written: no break to look at
            return
        if self._skip or not data.strip():
            self.runs.append("")
            return
        self.runs[-1] += data


def text_runs(html: str) -> list[str]:
    """The page's lines of text, as _Lines reads them."""
    lines = _Lines()
    lines.feed(html)
    return lines.runs


def breaks_shown_as_spaces(html: str) -> list[str]:
    """Each place where a line break in the HTML's text sits next to Chinese
    text where it should not (with a little context, ⏎ for the break)."""
    found = []
    for run in text_runs(html):
        for match in _BREAK_SHOWN_AS_SPACE.finditer(run):
            found.append(run[max(0, match.start() - 10) : match.end() + 10].replace("\n", "⏎"))
    return found


def _text(path: Path) -> str:
    """A page's visible text with each run of whitespace as one space, as a
    browser (without CSS Text 4's rule) shows it."""
    return re.sub(r"\s+", " ", parse(path).text)


def test_no_page_shows_a_space_for_a_chinese_line_break(site_dir: Path) -> None:
    pages = html_pages(site_dir)
    assert len(pages) > 50
    problems = {}
    for path in pages:
        found = breaks_shown_as_spaces(path.read_text(encoding="utf-8"))
        if found:
            problems[str(path.relative_to(site_dir))] = found
    assert not problems, problems


def test_the_scan_finds_what_the_issue_saw() -> None:
    # The scan above must be able to fail: the issue's own HTML, as it was built.
    assert breaks_shown_as_spaces("<p>遇到情绪、睡眠、家庭、学业或工作上的困扰，\n您可以打电话倾诉</p>") == [
        "、学业或工作上的困扰，⏎您可以打电话倾诉"
    ]
    assert breaks_shown_as_spaces("<li>值得马上找人谈一谈。\n   现在就可以拨打</li>")
    assert breaks_shown_as_spaces("<p>运行<strong>命令</strong>，\n<code>./run</code></p>")  # punctuation before code
    # And leave alone what is right.
    assert not breaks_shown_as_spaces("<p>请使用\nPHQ-9 量表</p><p>The hotline\nis free.</p><p>한국어\n문장</p>")
    assert not breaks_shown_as_spaces("<pre><code>第一行，\n第二行</code></pre><p>第一行<br>\n第二行</p>")
    assert not breaks_shown_as_spaces("<span>情绪</span>\n<span>焦虑</span>")  # template layout between tags


def test_the_editors_guide_has_none_of_its_line_break_spaces(site_dir: Path) -> None:
    source = (ROOT / "docs/editors/index.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", source, flags=re.S)
    broken = re.findall(r"[，。、；：）][ \t]*\n[ \t]*[\u4e00-\u9fff（“]", prose)
    assert len(broken) >= 20, "the guide no longer has the issue's line breaks: this test checks nothing"
    html = (site_dir / "editors/index.html").read_text(encoding="utf-8")
    assert breaks_shown_as_spaces(html) == []
    text = _text(site_dir / "editors/index.html")
    assert "网站的内容是普通的文字文件，改好后预览、检查无误，再提交即可。" in text
    # A line break between Chinese and code (Latin) stays a space.
    assert "请新建或编辑 docs/_data/holidays.yml，把通知抄进去" in text


def test_the_issues_examples_read_without_a_space(site_dir: Path) -> None:
    assert "学业或工作上的困扰，您可以打电话倾诉" in _text(site_dir / "index.html")
    # Folded YAML (`message: >-` in phq9.yml, `description: >-` in hotlines.yml):
    # the YAML parser had already made the line break a space.
    assert "值得马上找人谈一谈。现在就可以拨打" in (site_dir / "self-check/phq9/index.html").read_text(encoding="utf-8")
    assert "心理危机干预。每条热线每天服务不少于18小时" in _text(site_dir / "hotlines/index.html")
    # mkdocs.yml's `site_description: >-`, shown where a page has no description of its own.
    assert parse(site_dir / "404.html").meta("description") == (
        "示例区社会心理服务体系的公共网站：心理援助热线、就近的心理服务站点、心理科普、心理微课、亲子指南和心理自测。"
        "需要帮助时，请拨打 12356。"
    )


PAGE = """\
---
title: 换行测试
description: >-
  测试页面，
  描述跨行。
---

# 换行测试

遇到困扰，
您可以打电话倾诉。

The hotline
is free of charge.

请使用
PHQ-9 量表，
也可以
拨打 12356。

运行 `中
文` 命令。

第一行  
第二行

```text
代码里，
不改
```

!!! note "提示"
    提示框里，
    也一样。

<div markdown="1">
md_in_html 里，
也一样。
</div>
"""

FAQ_ENTRY = """
  - id: line-break-test
    topic: crisis
    question: 测试：跨行的回答？
    answer: |
      回答第一行，
      回答第二行。
      English words
      stay apart.
    reviewed: 2026-11-01
"""


def test_pages_and_data_the_editors_write_over_several_lines(project_copy: Path, tmp_path: Path) -> None:
    (project_copy / "docs/line-breaks.md").write_text(PAGE, encoding="utf-8")
    faq = project_copy / "docs/_data/faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").rstrip("\n") + "\n" + FAQ_ENTRY, encoding="utf-8")
    hotlines = project_copy / "docs/_data/hotlines.yml"
    text = hotlines.read_text(encoding="utf-8")
    line = "      每条热线每天服务不少于18小时，许多地区24小时接听；话费按当地运营商标准。\n"
    assert line in text
    hotlines.write_text(text.replace(line, line + "      Free of charge\n      in most areas.\n", 1), encoding="utf-8")

    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    site = result.site

    page = site / "line-breaks/index.html"
    html = page.read_text(encoding="utf-8")
    assert breaks_shown_as_spaces(html) == []
    text = _text(page)
    assert "遇到困扰，您可以打电话倾诉。" in text
    assert "The hotline is free of charge." in text  # English keeps its space
    assert "请使用 PHQ-9 量表，也可以拨打 12356。" in text  # Han–Latin and Han–digit keep one
    assert "<code>中\n文</code> 命令" in html  # code as written
    assert "第一行<br />\n第二行" in html  # the hard break
    assert "代码里，\n不改" in html
    assert "提示框里，也一样。" in text and "md_in_html 里，也一样。" in text
    assert parse(page).meta("description") == "测试页面，描述跨行。"  # front matter over two lines

    # A Markdown data field (FAQ answer, `|` block) on a generated page, and
    # its plain-text copy in the page's structured data.
    faq_page = site / "faq/index.html"
    assert breaks_shown_as_spaces(faq_page.read_text(encoding="utf-8")) == []
    assert "回答第一行，回答第二行。English words stay apart." in _text(faq_page)
    structured = json.loads(next(e.text for e in parse(faq_page).find("script") if e.attrs.get("type") == "application/ld+json"))
    answers = [q["acceptedAnswer"]["text"] for q in structured["mainEntity"] if q["name"] == "测试：跨行的回答？"]
    # The same words as the page shows: a soft line break is no space after
    # 。 and one space between English words (common/text.py markdown_text).
    assert answers == ["回答第一行，回答第二行。English words stay apart."]

    # A folded YAML field shown as text: Latin words keep their space, none after 。
    assert "许多地区24小时接听；话费按当地运营商标准。Free of charge in most areas." in _text(site / "hotlines/index.html")

    # The site search (Pagefind) indexes these same built pages (tests/test_search.py).
