"""Safe messaging about suicide (WHO's and Samaritans' media guidelines) on
every page editors write: wording the guidelines advise against is reported
with its line and what to write instead, and a page that mentions suicide or
self-harm gets a help box with the crisis lines at its top.

Plain functions; no MkDocs here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mhsite.common.render import render
from mhsite.hotlines.pages import HotlineView

# Words that make a page get the help box at its top.
TRIGGER_WORDS = ("自杀", "轻生", "自伤", "自残", "自我伤害", "不想活", "结束生命", "寻死")
_TRIGGER = re.compile("|".join(TRIGGER_WORDS))

# Wording safe-messaging guidelines (WHO, Samaritans) advise against, and what to write.
UNSAFE_WORDING: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"自杀成功"), "不要写“自杀成功”，请写“因自杀离世”。"),
    (re.compile(r"自杀失败"), "不要写“自杀失败”，请写“有过自杀尝试”。"),
    (re.compile(r"自杀未遂者"), "不要用“自杀未遂者”给人贴标签，请写“有过自杀尝试的人”。"),
    (re.compile(r"畏罪自杀|以死明志|一死了之"), "不要把自杀写成解脱或出路；请改写，并写明求助途径。"),
    (
        re.compile(r"割腕|上吊|跳楼|跳河|服毒|烧炭|喝农药|吞药|安眠药过量|卧轨"),
        "不要描述自杀或自伤的方式（安全报道原则）；请删去具体方式，只写需要帮助和如何求助。",
    ),
]


def mentions_suicide(markdown: str) -> bool:
    return bool(_TRIGGER.search(markdown))


_QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"', "`": "`"}


def unsafe_wording(markdown: str) -> list[tuple[int, str, str]]:
    """(line, phrase, advice) for each phrase to rewrite.

    A phrase in quotation marks (“自杀成功”) is being talked about, not used —
    as in a style guide — and is let through.
    """
    found = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        for pattern, advice in UNSAFE_WORDING:
            for match in pattern.finditer(line):
                before = line[match.start() - 1] if match.start() else ""
                after = line[match.end()] if match.end() < len(line) else ""
                if before in _QUOTES and _QUOTES[before] == after:
                    continue
                found.append((number, match.group(0), advice))
    return found


def help_box(lines: Sequence[HotlineView]) -> str:
    """The Markdown help box put at the top of such pages: `lines`, the
    crisis lines (hotlines.pages.crisis_views)."""
    return render("help-box.html", lines=lines)


def with_help_box(markdown: str, box: str) -> str:
    """`markdown` with `box` after its title (the first `# ` heading), or at
    the top when it has none: the title stays the page's first heading."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            return "\n".join([*lines[: index + 1], "", box, *lines[index + 1 :]])
        break
    return box + "\n" + markdown
