"""Every YAML syntax error an editor can make is one Chinese sentence naming
the line of its cause, in a data file, a page's front matter and mkdocs.yml
alike (issue 14): never YAML's English ("did not find expected ',' or ']'"),
never the line after the mistake, and in a front matter the file's lines
(the front matter starts on line 2, after its `---`)."""

from __future__ import annotations

import re

import pytest
import yaml

from mhsite.common.data_files import DataFileError, parse_yaml, yaml_problem
from mhsite.common.front_matter import read_front_matter
from mhsite.config import parse_config
from mhsite.content.model import check_page

# PyYAML's and libyaml's own words: none may reach an editor.
ENGLISH = re.compile(r"\b(expected|found|while|parsing|scanning|allowed|token|character|document|mapping|scalar|indicator|alias|anchor|constructor|stream)\b", re.I)

# (what an editor wrote, the line of the mistake, words the message must have)
MISTAKES = [
    ("unclosed [", "a: 1\ntags: [睡眠, 情绪\nb: 2\n", 2, "方括号 [ 没有配对的 ]"),
    ("unclosed {", "a: 1\nhours: {mon: 1\nb: 2\n", 2, "花括号 { 没有配对的 }"),
    ("unclosed quote", 'a: 1\nname: "未完\nb: 2\n', 2, "引号没有成对"),
    ("unclosed single quote", "a: 1\nname: '未完\nb: 2\n", 2, "引号没有成对"),
    ("colon in a value", "a: 1\nnote: 时间: 上午\n", 2, "请给整个值加引号"),
    ("tab indent", "a:\n\tb: 1\n", 2, "Tab"),
    ("misaligned key", "a:\n  b: 1\n c: 2\n", 3, "对不齐"),
    ("list item in a mapping", "a: 1\n- b\n", 2, "对不齐"),
    ("text after a quoted value", 'a: "x" y\n', 1, "放进一对引号"),
    ("@ first", "a: 1\nb: @张三\n", 2, "“@” 不能写在值的开头"),
    ("` first", "b: `x`\n", 1, "“`” 不能写在值的开头"),
    ("* first", "a: 1\nb: *重要\n", 2, "以 * 开头"),
    ("& first", "a: &x 1\nb: &x 2\n", 2, "以 & 开头"),
    ("! first", "b: !重要 x\n", 1, "以 ! 开头"),
    ("bad escape", 'b: "C:\\q"\n', 1, "反斜杠"),
    ("a second document", "a: 1\n---\nb: 2\n", 2, "--- 或 ..."),
    ("% first", "%x\n---\na: 1\n", 1, "以 % 开头"),
    ("text after |", "a: |x\n  b\n", 1, "| 或 > 的后面只能换行"),
    ("a list as a key", "? [a]\n: 1\n", 1, "字段名应是文字"),
    ("<< with text", "a: 1\n<<: 2\n", 2, "“<<” 后面"),
    ("no colon", "a: 1\nb\n", 2, "缺少冒号"),
    ("control character", "a: 1\nb: x\x07y\n", 2, "U+0007"),
]


@pytest.mark.parametrize(("text", "line", "words"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_a_syntax_error_is_one_chinese_message_at_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(DataFileError) as info:
        parse_yaml(text, "docs/_data/x.yml")
    assert len(info.value.errors) == 1
    error = info.value.errors[0]
    assert (error.file, error.line) == ("docs/_data/x.yml", line), str(error)
    assert words in error.message
    assert not ENGLISH.search(error.message), error.message


@pytest.mark.parametrize(("text", "line", "words"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_the_pure_python_parsers_words_are_worded_too(text: str, line: int, words: str) -> None:
    # Where PyYAML is built without libyaml, its own parser words the
    # problems differently ("expected ',' or ']', but got ':'").
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        got_line, message = yaml_problem(exc, text)
    else:
        pytest.skip("the pure-Python parser accepts this")
    assert got_line == line and not ENGLISH.search(message), message
    assert "无法读取这一行" not in message, f"not worded: {exc}"


def test_an_unknown_problem_is_still_chinese() -> None:
    exc = yaml.MarkedYAMLError(problem="something new in PyYAML 7", problem_mark=yaml.Mark("x", 0, 2, 0, None, None))
    line, message = yaml_problem(exc, "a\nb\nc\n")
    assert line == 3 and message.startswith("YAML 格式错误：") and "something" not in message


ARTICLE = """---
title: 睡不好觉怎么办
description: 一段介绍。
tags: [睡眠]
audience: [public]
---

正文
"""


def test_a_front_matter_error_names_the_files_line() -> None:
    # The issue: `[` unclosed on file line 4 was named as line 5, in English.
    source = ARTICLE.replace("tags: [睡眠]", "tags: [睡眠")
    front, errors = read_front_matter(source, "docs/articles/x.md")
    assert front is None and len(errors) == 1
    assert str(errors[0]).startswith("docs/articles/x.md:4: YAML 格式错误：这一行的方括号 [ 没有配对的 ]")


def test_a_key_written_twice_in_front_matter_names_both_file_lines() -> None:
    # The issue: 「sleep-basics.md:3: title: “title” 写了两次（第一次在第 1 行）」
    # where the first is file line 2.
    source = ARTICLE.replace("description:", "title: 又一个标题\ndescription:")
    _, errors = read_front_matter(source, "docs/articles/x.md")
    assert [str(e) for e in errors] == [
        "docs/articles/x.md:3: title: “title” 写了两次（第一次在第 2 行）；YAML 只会保留其中一个，请删掉或合并多余的那一行。"
    ]


def test_front_matter_lines_are_the_files() -> None:
    front, _ = read_front_matter(ARTICLE, "docs/articles/x.md")
    assert front is not None
    assert front.doc.line_of(("title",)) == 2 and front.doc.line_of(("audience", 0)) == 5


@pytest.mark.parametrize(
    "broken",
    [
        ARTICLE.replace("tags: [睡眠]", "tags: [睡眠"),
        ARTICLE.replace("description:", "title: 又一个标题\ndescription:"),
        ARTICLE.replace("audience: [public]", "audience: [public]\n\tx: 1"),
    ],
)
def test_the_content_check_reads_front_matter_as_every_page_is(broken: str) -> None:
    # One reader: the article check and the page hook say the same thing
    # (the plugin says it once).
    _, read = read_front_matter(broken, "docs/articles/x.md")
    _, checked = check_page("articles/x.md", broken, "docs/articles/x.md", {})
    assert read and [str(e) for e in checked] == [str(e) for e in read]


def test_mkdocs_yml_syntax_errors_are_worded_as_the_data_files() -> None:
    with pytest.raises(DataFileError) as info:
        parse_config("site_name: 示例\nnav:\n  - [首页: index.md\n")
    assert str(info.value).startswith("mkdocs.yml:3: YAML 格式错误：这一行的方括号 [ 没有配对的 ]")
