"""What the questionnaires become: /self-check/ and one page per
questionnaire. Plain functions from validated data to Markdown."""

from __future__ import annotations

from typing import Any

from mhsite.self_check.model import Questionnaire
from mhsite.common.render import render


def client_data(q: Questionnaire) -> dict[str, Any]:
    """What self-check.js needs to score on the phone."""
    return {
        "id": q.id,
        "items": [item.id for item in q.items],
        "bands": [b.model_dump() for b in q.bands],
        "urgent": [u.model_dump(exclude={"message"}) for u in q.urgent],
        "max": q.max_total,
    }


def questionnaire_page(q: Questionnaire, read_more: list[dict[str, str]], crisis: list[dict[str, str]]) -> str:
    index_of = {item.id: n for n, item in enumerate(q.items, start=1)}
    view = q.model_dump() | {
        "max_total": q.max_total,
        "read_more": read_more,
        "urgent": [u.model_dump() | {"index": index_of[u.item]} for u in q.urgent],
    }
    return render("self-check.html", q=view, crisis=crisis, data=client_data(q))


def index_page(questionnaires: list[Questionnaire]) -> str:
    return render("self-check-index.html", questionnaires=questionnaires)
