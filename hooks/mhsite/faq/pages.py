"""/faq/: questions grouped by topic, each with a stable anchor (its id) to
share, and schema.org FAQPage data for search engines. No MkDocs here."""

from __future__ import annotations

import json
from collections.abc import Mapping

from markupsafe import Markup

from mhsite.common.render import render
from mhsite.common.text import markdown_text
from mhsite.faq.model import Question

def faq_page(topics: Mapping[str, str], questions: list[Question]) -> str:
    structured = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q.question, "acceptedAnswer": {"@type": "Answer", "text": markdown_text(q.answer)}}
            for q in questions
        ],
    }
    text = json.dumps(structured, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    groups = [(code, label, [q for q in questions if q.topic == code]) for code, label in topics.items()]
    return render("faq.html", groups=[g for g in groups if g[2]], count=len(questions), structured=Markup(text))
