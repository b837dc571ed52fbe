"""The question-and-answer handbook's data: docs/_data/faq.yml, validated
like the other data files (its page: pages.py). Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from mhsite.common import fields
from mhsite.common.data_files import DataError, Loaded, duplicate_ids, indexed_ids, load_yaml, unknown_parts, validate_entries, vocabulary
from mhsite.common.text import Identifier, MarkdownText, Name


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Identifier
    topic: Identifier
    question: Name(100)  # type: ignore[valid-type]
    # Markdown (links, lists, bold); no HTML. Sanitised after rendering.
    answer: MarkdownText(3000)  # type: ignore[valid-type]
    reviewed: fields.Date
    # Who the answer is for (audiences.yml codes). A topic (睡眠, 亲子) says
    # what it is about; the audience says whose page (/for/<code>/) lists it.
    audience: list[Identifier] = Field(default_factory=lambda: ["public"], min_length=1)

    @field_validator("audience")
    @classmethod
    def _audience(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return fields.in_vocabulary(value, info, "audiences", "对象")

    @field_validator("topic")
    @classmethod
    def _topic(cls, value: str, info: ValidationInfo) -> str:
        return fields.in_vocabulary([value], info, "topics", "主题")[0]

    @field_validator("reviewed")
    @classmethod
    def _reviewed(cls, value: date, info: ValidationInfo) -> date:
        return fields.not_in_future(value, info, "审核日期")


@dataclass(frozen=True)
class Faq:
    topics: dict[str, str]  # code → 中文名称, in the file's order
    questions: list[Question]  # the valid ones


def load_faq(path: Path, shown: str, today: date, audiences: Mapping[str, str]) -> Loaded[Faq]:
    """`audiences`: the vocabulary of docs/_data/audiences.yml (code → name).

    A question under a topic refused for a mistake in its own line is no
    mistake (the topic is in the file: one message, the topic's), but the
    page lists questions by topic: it waits for the topic's fix, with one
    notice saying so (and no page links to it meanwhile)."""
    doc = load_yaml(path, shown)
    errors: list[DataError] = unknown_parts(doc, ("topics", "questions"))
    topics = vocabulary(doc, "topics", errors, "sleep: 睡眠")
    questions, entry_errors = validate_entries(doc, "questions", Question, context={"topics": topics, "today": today, "audiences": audiences})
    errors += entry_errors + duplicate_ids(doc, "questions", indexed_ids(doc, "questions"))
    notices = []
    waiting = [q for q in questions if q.topic not in topics]
    for topic in dict.fromkeys(q.topic for q in waiting):
        ids = [q.id for q in waiting if q.topic == topic]
        notices.append(
            DataError(
                doc.file,
                doc.line_of(("topics", topic)),
                f"topics.{topic}",
                f"这个主题有错误（见上面的提示），改好之前它下面的 {len(ids)} 条问答（{'、'.join(ids)}）不显示。",
            )
        )
    return Loaded(Faq(topics, [q for q in questions if q.topic in topics]), errors, notices)
