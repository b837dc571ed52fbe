"""A line break inside Chinese text is no space (hooks/cjk_breaks.py,
hooks/cjk_markdown.py).

The right answers are CSS's "segment break transformation rules" (CSS Text
Module Level 4, https://drafts.csswg.org/css-text-4/#line-break-transform):
a break between two characters of East Asian Width F, W or H (UAX #11), neither
of them Hangul, is removed; in Chinese text also between such a character and
punctuation of width A (“ ” …); a break next to U+200B is removed; any other
break is one space. Several cases are the web-platform-tests of that rule
(css/css-text/line-breaking/segment-break-transformation-rules-0NN.html,
numbers given). Our one addition, for what CSS Text 3 leaves to the browser
(w3c/csswg-drafts#5086): a break next to full-width punctuation is removed
before a Latin letter too; the W3C's Requirements for Chinese Text Layout
(clreq) put the Han–Western space between a Han character and a Western one.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import markdown
import pytest
import yaml

from mhsite.common.cjk import join_cjk_lines, refold_cjk_scalars, refolded_strings, removes_break
from mhsite.common.data_files import parse_yaml

ROOT = Path(__file__).resolve().parents[2]


# -- The rule -------------------------------------------------------------------------

REMOVED = [
    ("困扰", "您可以", "Han–Han: both W (rule 2; WPT rules-017, 測試\\n測試)"),
    ("困扰，", "您可以", "full-width comma U+FF0C is F, Han is W (the issue's 「困扰， 您可以」)"),
    ("谈一谈。", "现在", "ideographic full stop U+3002 is W (the issue's 「谈一谈。 现在」)"),
    ("请拨打", "（24 小时）", "Han before a full-width parenthesis"),
    ("题目", "３", "a full-width digit is F"),
    ("あおえ", "うい", "Japanese kana are W (markdown-it-cjk-breaks' own example)"),
    ("ﾃｽﾄ", "テスト", "half-width katakana is H (WPT rules-002)"),
    ("他说", "“你好”", "left quotation mark is punctuation of width A, Chinese text (rule 3)"),
    ("“你好”", "他说", "right quotation mark (rule 3)"),
    ("等等……", "然后", "the ellipsis U+2026 is punctuation of width A (rule 3)"),
    ("abc\u200b", "def", "zero width space before the break (rule 1)"),
    ("他说，", "OK", "our addition: after full-width punctuation, before a Latin letter (csswg-drafts#5086)"),
    ("请看 WHO", "（世界卫生组织）", "our addition: a Latin letter before full-width punctuation"),
    ("共 9 题；", "0–4 分", "our addition: after full-width punctuation, before a digit"),
]

KEPT = [
    ("使用", "WHO 的量表", "Han–Latin: W and Na, one space (rule 4; WPT rules-018; clreq's Han–Western space)"),
    ("PHQ-9", "量表", "Latin–Han (WPT rules-024)"),
    ("hello", "world", "Latin–Latin keeps its word space"),
    ("第", "3 章", "Han–digit: one space, as between Han and Western letters (clreq)"),
    ("共 9", "题", "digit–Han"),
    ("12356", "120", "digit–digit"),
    ("한국어", "문장", "Hangul–Hangul: Korean separates words with spaces (rule 2 excludes Hangul)"),
    ("테스트", "ＦＵＬＬ", "Hangul–full-width Latin (WPT rules-043)"),
    ("中文", "한국", "Han–Hangul"),
    ("他说，", "한국", "full-width punctuation before Hangul keeps the space too"),
    ("say", "“hi”", "an ambiguous quotation mark next to Latin"),
    ("テスト", "narrow", "half-width katakana–Latin (WPT rules-011)"),
]


@pytest.mark.parametrize(("before", "after", "why"), REMOVED)
def test_breaks_that_disappear(before: str, after: str, why: str) -> None:
    assert removes_break(before[-1], after[0]), why
    assert join_cjk_lines(f"{before}\n{after}") == before + after, why


@pytest.mark.parametrize(("before", "after", "why"), KEPT)
def test_breaks_that_stay_a_space(before: str, after: str, why: str) -> None:
    assert not removes_break(before[-1], after[0]), why
    assert join_cjk_lines(f"{before}\n{after}") == f"{before}\n{after}", why


def test_the_spaces_and_tabs_around_a_removed_break_go_with_it() -> None:
    # CSS Text 3 §4.1.1: collapsible spaces around a segment break are removed first.
    assert join_cjk_lines("困扰， \n\t 您可以") == "困扰，您可以"


def test_plain_text_keeps_its_paragraphs_and_other_lines() -> None:
    text = "第一段，\n继续。\n\n第二段\nEnglish\nwords\n"
    assert join_cjk_lines(text) == "第一段，继续。\n\n第二段\nEnglish\nwords\n"
    assert join_cjk_lines("没有换行") == "没有换行"
    assert join_cjk_lines("\n开头和结尾\n") == "\n开头和结尾\n"
    assert join_cjk_lines("Windows，\r\n换行") == "Windows，换行"


# -- Markdown ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def render():
    """Markdown with the site's own extensions and settings (mkdocs.yml), and
    ours added as the hook adds it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    from mhsite.plugin import add_cjk_breaks

    config = load_config(str(ROOT / "mkdocs.yml"))
    add_cjk_breaks(config)

    def convert(text: str) -> str:
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        return md.convert(textwrap.dedent(text))

    return convert


def test_a_paragraph_broken_between_chinese_characters_has_no_space(render) -> None:
    assert render("心理、学业或工作上的困扰，\n您可以打电话倾诉。") == "<p>心理、学业或工作上的困扰，您可以打电话倾诉。</p>"
    assert render("值得马上找人谈一谈。\n现在就可以拨打。") == "<p>值得马上找人谈一谈。现在就可以拨打。</p>"


def test_english_and_mixed_lines_keep_their_space(render) -> None:
    assert render("The hotline\nis free.") == "<p>The hotline\nis free.</p>"
    assert render("请使用\nPHQ-9 量表") == "<p>请使用\nPHQ-9 量表</p>"
    assert render("한국어\n문장") == "<p>한국어\n문장</p>"


def test_breaks_next_to_inline_markup_see_the_characters_inside_it(render) -> None:
    assert render("这是**重点**\n内容") == "<p>这是<strong>重点</strong>内容</p>"
    assert render("文字\n**重点**") == "<p>文字<strong>重点</strong></p>"
    assert render("请看[服务站点](x.md)\n说明") == '<p>请看<a href="x.md">服务站点</a>说明</p>'
    assert render("请看 [WHO](x.md)\n说明") == '<p>请看 <a href="x.md">WHO</a>\n说明</p>'


def test_code_is_left_as_written(render) -> None:
    # Inside code nothing changes; next to it, its characters decide.
    assert render("运行 `中\n文`\n之后") == "<p>运行 <code>中\n文</code>之后</p>"
    assert render("运行\n`./run serve`\n即可") == "<p>运行\n<code>./run serve</code>\n即可</p>"
    fenced = render("```text\n第一行，\n第二行\n```")
    assert "第一行，\n第二行" in fenced and "<code>" in fenced
    assert render("说明：\n\n    第一行，\n    第二行\n") == "<p>说明：</p>\n<pre><code>第一行，\n第二行\n</code></pre>"


def test_hard_breaks_are_kept(render) -> None:
    # Two trailing spaces: a <br>, and the line after it is untouched.
    assert render("第一行  \n第二行") == "<p>第一行<br />\n第二行</p>"
    # Python-Markdown has no backslash hard break: the backslash is text, and
    # not Chinese, so the line break stays (a space, as before).
    assert render("第一行\\\n第二行") == "<p>第一行\\\n第二行</p>"


def test_blocks_are_never_joined(render) -> None:
    assert render("- 第一项，\n  继续\n- 第二项") == "<ul>\n<li>第一项，继续</li>\n<li>第二项</li>\n</ul>"
    assert render("第一段。\n\n第二段。") == "<p>第一段。</p>\n<p>第二段。</p>"
    assert render("# 标题\n\n正文，\n继续").endswith("</h1>\n<p>正文，继续</p>")


def test_attr_list_on_its_own_line_still_applies(render) -> None:
    assert render("提示，\n{: .mh-note }") == '<p class="mh-note">提示，</p>'


def test_pymdownx_and_md_in_html_content_is_joined(render) -> None:
    assert render('<div markdown="1">\n困扰，\n您可以\n</div>') == "<div>\n<p>困扰，您可以</p>\n</div>"
    assert render('!!! note "提示"\n    第一行，\n    第二行') == (
        '<div class="admonition note">\n<p class="admonition-title">提示</p>\n<p>第一行，第二行</p>\n</div>'
    )
    assert render('??? note "提示"\n    内容，\n    继续') == (
        '<details class="note">\n<summary>提示</summary>\n<p>内容，继续</p>\n</details>'
    )
    assert "任务，继续</li>" in render("- [ ] 任务，\n  继续")
    assert "<p>注释，继续" in render("正文[^1]\n\n[^1]: 注释，\n    继续")


def test_raw_html_is_left_alone(render) -> None:
    # HTML written as HTML is the author's: Markdown does not read it.
    assert render("<div>\n困扰，\n您可以\n</div>") == "<div>\n困扰，\n您可以\n</div>"


# -- YAML ---------------------------------------------------------------------------------

DATA = """\
hotlines:
  - description: >-
      由各地卫生健康部门的心理援助热线接听，提供心理危机干预。
      每条热线每天服务不少于18小时；
      English words
      keep spaces.

      新的一行，
      继续
    plain: 第一行，
      第二行
      WHO
    double: "引号里，
      继续"
    single: '单引号里
      继续'
    literal: |
      字面块，
      保留换行
    more_indented: >
      正文
        缩进的一行
      后面
    escaped: "转义 \\u4e2d
      继续"
    one_line: 一行 两字
"""


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_yaml_folded_line_breaks_follow_the_rule(loader: type) -> None:
    reader = loader(DATA)
    node = reader.get_single_node()
    refold_cjk_scalars(node, DATA)
    entry = reader.construct_document(node)["hotlines"][0]
    assert entry["description"] == (
        "由各地卫生健康部门的心理援助热线接听，提供心理危机干预。每条热线每天服务不少于18小时；English words keep spaces."
        "\n新的一行，继续"
    )
    assert entry["plain"] == "第一行，第二行 WHO"
    assert entry["double"] == "引号里，继续"
    assert entry["single"] == "单引号里继续"
    # Literal blocks keep their line breaks; text YAML did not fold our way is left as it reads it.
    assert entry["literal"] == "字面块，\n保留换行\n"
    assert entry["more_indented"] == "正文\n  缩进的一行\n后面\n"
    assert entry["escaped"] == "转义 中 继续"
    assert entry["one_line"] == "一行 两字"  # a space the editor typed is theirs


def test_data_files_are_read_with_the_rule() -> None:
    doc = parse_yaml(DATA, "docs/_data/hotlines.yml")
    assert doc.data["hotlines"][0]["plain"] == "第一行，第二行 WHO"
    assert doc.line_of(("hotlines", 0, "plain")) == 10  # line numbers are unchanged


def test_settings_read_by_another_loader_are_refolded_by_path() -> None:
    # mkdocs.yml has tags that only MkDocs can construct: composing is enough.
    source = textwrap.dedent(
        """\
        site_description: >-
          示例区的公共网站：心理援助热线、
          心理科普。
        site_name: !ENV [SITE_NAME, 示例区]
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
        extra:
          operator:
            contact: 地址见
              “服务站点”页
        """
    )
    assert refolded_strings(source) == {
        ("site_description",): ("示例区的公共网站：心理援助热线、 心理科普。", "示例区的公共网站：心理援助热线、心理科普。"),
        ("extra", "operator", "contact"): ("地址见 “服务站点”页", "地址见“服务站点”页"),
    }
