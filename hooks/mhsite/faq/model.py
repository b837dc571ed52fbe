"""The question-and-answer handbook: docs/_data/faq.yml → /faq/.

Questions grouped by topic, each with a stable anchor (its id) to share, and
schema.org FAQPage data for search engines. Validated like the other data
files. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from mhsite.common import fields
from mhsite.common.cjk import join_cjk_lines
from mhsite.common.data_files import DataError, duplicate_ids, indexed_ids, load_yaml, unknown_parts, validate_entries, vocabulary
from mhsite.common.text import Identifier, MarkdownText, Name
from mhsite.common.render import render


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Identifier
    topic: Identifier
    question: Name(100)  # type: ignore[valid-type]
    # Markdown (links, lists, bold); no HTML. Sanitised after rendering.
    answer: MarkdownText(3000)  # type: ignore[valid-type]
    reviewed: fields.Date

    @field_validator("topic")
    @classmethod
    def _topic(cls, value: str, info: ValidationInfo) -> str:
        return fields.in_vocabulary([value], info, "topics", "主题")[0]

    @field_validator("reviewed")
    @classmethod
    def _reviewed(cls, value: date, info: ValidationInfo) -> date:
        return fields.not_in_future(value, info, "审核日期")


def load_faq(path: Path, shown: str, today: date) -> tuple[dict[str, str], list[Question], list[DataError]]:
    doc = load_yaml(path, shown)
    errors: list[DataError] = unknown_parts(doc, ("topics", "questions"))
    topics = vocabulary(doc, "topics", errors, "sleep: 睡眠")
    questions, entry_errors = validate_entries(doc, "questions", Question, context={"topics": topics, "today": today})
    errors += entry_errors + duplicate_ids(doc, "questions", indexed_ids(doc, "questions"))
    return topics, questions, errors


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(markdown: str) -> str:
    """An answer as plain text, for the structured data. A line break
    between Chinese characters is no space there either (cjk_breaks.py)."""
    return join_cjk_lines(re.sub(r"[*_`]", "", _LINK.sub(r"\1", markdown)).strip())


def faq_page(topics: Mapping[str, str], questions: list[Question]) -> str:
    structured = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q.question, "acceptedAnswer": {"@type": "Answer", "text": plain(q.answer)}}
            for q in questions
        ],
    }
    text = json.dumps(structured, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    groups = [(code, label, [q for q in questions if q.topic == code]) for code, label in topics.items()]
    return render("faq.html", groups=[g for g in groups if g[2]], count=len(questions), structured=Markup(text))
