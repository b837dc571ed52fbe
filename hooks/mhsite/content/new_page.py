"""`./run new`: start a new article, lesson or guide from a template whose
front matter is already valid, so an editor only fills in the words.

    ./run new article <slug> <标题>
    ./run new guide <slug> <标题>
    ./run new lesson <series> <slug> <标题>

<slug> becomes the address: lowercase letters, digits and hyphens.

Every line the editor still has to write starts with 【待填写】 (or carries it
in a comment: the tags to choose); the page is marked unreviewed
(`reviewer_sample: true`). The publication check (publication/check.py) lists both,
so a page nobody finished is noted in a preview and refused in publish mode.
The limits the template states are the models' (content.py).
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import yaml

from mhsite import PROJECT
from mhsite.content.model import ArticleMeta, LessonMeta
from mhsite.publication.samples import PLACEHOLDER
from mhsite.common.clock import read_clock

ROOT = PROJECT
DOCS = ROOT / "docs"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
USAGE = __doc__.split("\n\n")[1]


def max_length(model: type, field: str) -> int:
    """A text field's maximum length, as the model (and its JSON Schema) says."""
    schema = model.model_json_schema()["properties"][field]
    return int(schema.get("maxLength") or schema["items"]["maxLength"])


def _settings() -> dict:
    return yaml.safe_load((DOCS / "_data/content.yml").read_text(encoding="utf-8"))


def _operator() -> str:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^  operator:\n(?:    #.*\n)*    name: (.+)$", config, re.M)
    return match.group(1).strip() if match else "（作者）"


# Comments added after a field whose value is valid but only a guess.
_CHOOSE = {
    "tags": f"  # {PLACEHOLDER}从 docs/_data/content.yml 的 tags 里选 1–5 个，选好后删掉这条注释",
    "audience": f"  # {PLACEHOLDER}写给谁看：取自 docs/_data/audiences.yml 的 id（可以写几个），选好后删掉这条注释",
    "ages": f"  # {PLACEHOLDER}适合孩子的年龄段：取自 docs/_data/content.yml 的 age_groups，选好后删掉这条注释",
    "topics": f"  # {PLACEHOLDER}一到五个话题词，每个不超过 10 个字，写好后删掉这条注释",
}


def front_matter(kind: str, title: str, today: date, extra: dict | None = None) -> str:
    settings = _settings()
    meta: dict = {
        "title": title,
        "description": f"{PLACEHOLDER}用一两句话（不超过 {max_length(ArticleMeta, 'description')} 字）概括本页，用于列表和微信分享卡片。",
        "tags": [settings["tags"][0]],
        "audience": ["public"],
        "author": _operator(),
        "reviewer": "待专业人员审核",
        "reviewer_sample": True,
        "reviewed": today.isoformat(),
        "sources": [f"{PLACEHOLDER}写出依据的资料，例如：国家卫生健康委员会. 心理健康素养十条（2018年版）"],
    }
    if kind == "guide":
        meta |= {"audience": ["parents"], "ages": [settings["age_groups"][2]], "topics": ["沟通"]}
    meta |= extra or {}
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    # Dates stay plain YAML dates, as editors write them.
    text = text.replace(f"reviewed: '{today.isoformat()}'", f"reviewed: {today.isoformat()}")
    lines = [line + _CHOOSE.get(line.split(":", 1)[0], "") for line in text.splitlines()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


BODY = {
    "article": f"{PLACEHOLDER}先用一小段话说清楚本文要讲什么。\n\n## {PLACEHOLDER}小标题\n\n{PLACEHOLDER}正文：短段落，具体可做的事。\n\n## 什么时候需要寻求帮助\n\n如果困扰持续两周以上或影响到生活，请拨打心理援助热线 12356，或到[就近的心理服务站](../stations/index.md)。\n",
    "guide": f"{PLACEHOLDER}先用一小段话描述家长遇到的情况。\n\n## 可以怎么做\n\n1. {PLACEHOLDER}第一步……\n\n## 什么时候需要寻求专业帮助\n\n如果情况持续或越来越重，可以到[就近的心理服务站](../stations/index.md)咨询，或拨打 12355、12356。\n",
    "lesson": f"{PLACEHOLDER}本课要点。\n\n## {PLACEHOLDER}小练习：\n\n{PLACEHOLDER}一个马上可以试的练习。\n\n## 需要帮助时\n\n拨打心理援助热线 12356，或到[就近的心理服务站](../../stations/index.md)。\n",
}


def create(kind: str, args: list[str], today: date) -> Path:
    if kind in ("article", "guide"):
        if len(args) != 2:
            raise SystemExit(f"用法：./run new {kind} <英文短名> <标题>\n\n{USAGE}")
        slug, title = args
        folder = DOCS / ("articles" if kind == "article" else "guides")
        path, extra = folder / f"{slug}.md", None
    elif kind == "lesson":
        if len(args) != 3:
            raise SystemExit(f"用法：./run new lesson <系列文件夹> <英文短名> <标题>\n\n{USAGE}")
        series, slug, title = args
        folder = DOCS / "lessons" / series
        if not (folder / "index.md").is_file():
            known = "、".join(sorted(p.name for p in (DOCS / "lessons").iterdir() if p.is_dir()))
            raise SystemExit(f"没有微课系列 “{series}”；已有：{known}。新系列请先建 docs/lessons/{series}/index.md。")
        order = 1 + max((int(p.name[:2]) for p in folder.glob("[0-9][0-9]-*.md")), default=0)
        path = folder / f"{order:02d}-{slug}.md"
        extra = {"order": order, "minutes": 6, "objectives": [f"{PLACEHOLDER}学完本课，您能……"]}
    else:
        raise SystemExit(f"不认识的页面类型 “{kind}”；可以新建的有 article（科普文章）、guide（亲子指南）、lesson（心理微课）：\n\n{USAGE}")
    limit = max_length(LessonMeta if kind == "lesson" else ArticleMeta, "title")
    if len(title) > limit:
        raise SystemExit(f"标题太长：共 {len(title)} 个字，最多 {limit} 个字。")
    if not SLUG.match(slug):
        raise SystemExit(f"英文短名 “{slug}” 只能用小写英文字母、数字和连字符，例如 sleep-tips。它会成为网址。")
    if path.exists():
        raise SystemExit(f"{path.relative_to(ROOT)} 已经存在；请换一个短名。")
    path.write_text(front_matter(kind, title, today, extra) + BODY[kind], encoding="utf-8")
    return path


def main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help"):
        raise SystemExit(f"用法：\n\n{USAGE}\n\n<slug>（英文短名）会成为网址：只用小写英文字母、数字和连字符。")
    path = create(argv[0], argv[1:], read_clock().today)
    print(
        f"已新建 {path.relative_to(ROOT)}。用 ./run serve 预览；把以“{PLACEHOLDER}”开头的地方都改写成本页的内容，"
        "请专业人员审核后填上 reviewer（并删掉 reviewer_sample），再提交。./run check 会列出还没改完的地方。"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
