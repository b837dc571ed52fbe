"""Front matter of articles, lessons and guides: every mistake is one message
naming the file, the line and the field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import mkdocs_build
from mhsite.content.model import ArticleMeta, check_page, kind_of, next_review

CONTEXT = {
    "tags": {"睡眠": "睡眠", "情绪": "情绪"},
    "age_groups": {"6-12": "6-12", "12-15": "12-15"},
    "audiences": {"public": "所有人", "parents": "家长"},
    "today": date(2026, 11, 23),
}

ARTICLE = """---
title: 睡不好觉怎么办
description: 认识失眠与改善睡眠的方法。
tags: [睡眠]
audience: [public]
author: 示例中心
reviewer: 待专业人员审核（示例）
reviewer_sample: true
reviewed: 2026-11-01
sources:
  - 国家卫生健康委员会. 心理健康素养十条（2018年版）
---

正文。
"""
LINE = {"title": 2, "description": 3, "tags": 4, "audience": 5, "author": 6, "reviewer": 7, "reviewed": 9, "sources": 10}


def check(src_uri: str, text: str):
    return check_page(src_uri, text, f"docs/{src_uri}", CONTEXT)


def test_where_pages_belong() -> None:
    assert kind_of("articles/sleep.md") == "article"
    assert kind_of("articles/index.md") is None
    assert kind_of("lessons/good-sleep/01-x.md") == "lesson"
    assert kind_of("lessons/good-sleep/index.md") == "series"
    assert kind_of("guides/morning.md") == "guide"
    assert kind_of("editors/index.md") is None


def test_a_good_article() -> None:
    page, errors = check("articles/sleep.md", ARTICLE)
    assert errors == [] and page.meta.title == "睡不好觉怎么办"


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("title: 睡不好觉怎么办\n", "", "title", "缺少必填字段"),
        ("tags: [睡眠]", "tags: [失眠]", "tags", "失眠"),
        ("audience: [public]", "audience: [teachers]", "audience", "teachers"),
        ("reviewed: 2026-11-01", "reviewed: 2026-11-31", "reviewed", "11 月没有 31 日"),
        ("reviewed: 2026-11-01", "reviewed: 2027-01-01", "reviewed", "之后"),
        ("author: 示例中心\n", "", "author", "缺少必填字段"),
        ("sources:", "source:", "source", "不认识字段"),
        ("description: 认识失眠与改善睡眠的方法。", "description: " + "很长" * 70, "description", "120"),
    ],
)
def test_each_article_mistake(old: str, new: str, field: str, words: str) -> None:
    assert old in ARTICLE
    page, errors = check("articles/sleep.md", ARTICLE.replace(old, new))
    assert page is None and len(errors) == 1, [str(e) for e in errors]
    # A missing field is reported at the start of the front matter (line 2).
    line = LINE.get(field, 1) if new else 2
    if field == "source":
        line = LINE["sources"]
    assert errors[0].where == field and errors[0].line == line, str(errors[0])
    assert str(errors[0]).startswith(f"docs/articles/sleep.md:{line}: {field}: ")
    assert words in errors[0].message


def test_next_review_before_reviewed() -> None:
    _, errors = check("articles/sleep.md", ARTICLE.replace("reviewer_sample: true", "reviewer_sample: true\nnext_review: 2026-10-01"))
    assert [(e.where, e.line) for e in errors] == [("next_review", 9)]


def test_lesson_needs_order_minutes_objectives() -> None:
    _, errors = check("lessons/good-sleep/01-x.md", ARTICLE)
    assert sorted(e.where for e in errors) == ["minutes", "objectives", "order"]
    lesson = ARTICLE.replace("sources:", "order: 1\nminutes: 40\nobjectives: [睡前放松]\nsources:")
    _, errors = check("lessons/good-sleep/01-x.md", lesson)
    assert [e.where for e in errors] == ["minutes"]


def test_guide_ages_from_the_list() -> None:
    guide = ARTICLE.replace("sources:", 'ages: ["6-12", "18-25"]\ntopics: [日常习惯]\nsources:')
    _, errors = check("guides/x.md", guide)
    assert [e.where for e in errors] == ["ages"] and "18-25" in errors[0].message


def test_no_front_matter() -> None:
    _, errors = check("articles/x.md", "# 标题\n\n正文\n")
    assert len(errors) == 1 and "front matter" in errors[0].message and errors[0].line == 1


def test_yaml_error_in_front_matter_names_the_file_line() -> None:
    _, errors = check("articles/x.md", ARTICLE.replace("tags: [睡眠]", "tags: [睡眠"))
    assert len(errors) == 1 and errors[0].file == "docs/articles/x.md" and "YAML 格式错误" in errors[0].message


def test_next_review_defaults_to_the_interval() -> None:
    page, _ = check("articles/sleep.md", ARTICLE.replace("reviewed: 2026-11-01", "reviewed: 2024-08-31"))
    assert isinstance(page.meta, ArticleMeta)
    assert next_review(page.meta, 24) == date(2026, 8, 31)
    assert next_review(page.meta, 6) == date(2025, 2, 28)


def test_sample_content_is_valid_in_a_real_build(site_build) -> None:
    # The session build ran strict: any front-matter warning would have failed it.
    assert "front matter" not in site_build.output


def test_a_front_matter_mistake_fails_the_build(project_copy: Path, tmp_path: Path) -> None:
    page = project_copy / "docs/guides/morning-dawdling.md"
    text = page.read_text(encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("ages:"))
    page.write_text(text.replace('ages: ["6-12"]', 'ages: ["6-13"]'), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/guides/morning-dawdling.md:{line}: ages:" in result.output and "6-13" in result.output
    assert "Traceback" not in result.output


def test_duplicate_lesson_order_fails_the_build(project_copy: Path, tmp_path: Path) -> None:
    page = project_copy / "docs/lessons/good-sleep/02-habits-and-bedroom.md"
    page.write_text(page.read_text(encoding="utf-8").replace("order: 2", "order: 1"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/lessons/good-sleep/02-habits-and-bedroom.md: order:" in result.output


def test_overdue_pages_are_listed_without_failing_the_build(project_copy: Path, tmp_path: Path) -> None:
    page = project_copy / "docs/articles/sleep-basics.md"
    page.write_text(page.read_text(encoding="utf-8").replace("reviewed: 2026-11-01", "reviewed: 2024-01-15"), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "1 个页面已过下次审核日期" in result.output and "docs/articles/sleep-basics.md（应于 2026-01-15 复审）" in result.output


def test_new_page_command_makes_a_page_that_builds(project_copy: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import build_env

    def new(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mhsite.content.new_page", *args], capture_output=True, text=True, env={**build_env(), "PYTHONPATH": str(project_copy / "hooks")})

    assert new("article", "sleep-tips", "睡前放松的小方法").returncode == 0
    assert new("guide", "homework-fights", "写作业总吵架怎么办").returncode == 0
    made = new("lesson", "good-sleep", "wind-down", "睡前一小时")
    assert made.returncode == 0 and "06-wind-down.md" in made.stdout
    assert "order: 6" in (project_copy / "docs/lessons/good-sleep/06-wind-down.md").read_text(encoding="utf-8")
    bad = new("article", "Sleep Tips", "标题")
    assert bad.returncode != 0 and "小写英文字母" in bad.stderr
    again = new("article", "sleep-tips", "标题")
    assert again.returncode != 0 and "已经存在" in again.stderr
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert (tmp_path / "site/articles/sleep-tips/index.html").is_file()
