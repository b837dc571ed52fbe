"""A Markdown field as plain text (common/text.py markdown_text), for what
is not HTML: an activity's DESCRIPTION in its calendar file, which RFC 5545
(3.8.1.5) makes plain text, and the schema.org descriptions and FAQ answers
(text properties). The words a resident reads on the page, nothing else:
no link targets (a javascript: or a tracker address is not text), no image,
no Markdown marks."""

from __future__ import annotations

import pytest

from mhsite.common.text import markdown_text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # The new-user check's description: link and image as on the page.
        ("先从睡眠说起。[点我](javascript:alert(1)) 和 ![](https://tracker.example/p.gif)", "先从睡眠说起。点我 和"),
        ("详见[报名须知](https://example.org/a \"标题\")。", "详见报名须知。"),
        ("**加粗** _强调_ `代码`", "加粗 强调 代码"),
        # A soft line break (CSS Text 4, as on the page): none between Chinese
        # characters or after Chinese punctuation, a space between words.
        ("孩子总说不想上学，可以先从\n睡眠说起。\nSleep\nwell", "孩子总说不想上学，可以先从睡眠说起。Sleep well"),
        # A line per paragraph and list item.
        ("第一段。\n\n- 一\n- 二\n\n1. 三", "第一段。\n一\n二\n三"),
        # What the editor typed as HTML stays the text it is on the page.
        ("A & B <b>x</b> &nbsp;", "A & B <b>x</b> &nbsp;"),
        ("", ""),
    ],
)
def test_the_words_a_resident_reads(source: str, text: str) -> None:
    assert markdown_text(source) == text


def test_nothing_of_an_address_is_left() -> None:
    out = markdown_text("[点我](javascript:alert(1)) ![x](https://tracker.example/p.gif) <https://example.org/x>")
    assert "javascript" not in out and "tracker" not in out and "](" not in out and "!" not in out
