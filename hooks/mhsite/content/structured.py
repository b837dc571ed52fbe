"""An article, lesson or guide as schema.org structured data (JSON-LD on its
page): a MedicalWebPage with its title, description, audience and, once a
professional has reviewed it, `lastReviewed` and `reviewedBy`. A page still
marked `reviewer_sample: true` says neither: nobody has reviewed it, and
structured data must not say otherwise. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mhsite.common.structured import CONTEXT
from mhsite.content.model import ArticleMeta, CheckedPage, GuideMeta, LessonMeta

# A reviewer whose name ends like this is an institution, not a person.
_INSTITUTION = re.compile(r"(中心|医院|卫生院|学会|协会|委员会|研究所|研究院|大学|学院|机构|小组|专家组)([（(][^）)]*[）)])?$")
# "3-6" (content.yml's age groups) → 3, 6.
_AGES = re.compile(r"^\s*(\d+)\s*[-–~～至]\s*(\d+)\s*$")
KIND_TYPES = {"article": "科普文章", "lesson": "心理微课", "guide": "亲子指南", "series": "心理微课"}


def page_structured(page: CheckedPage, page_url: str, audiences: Mapping[str, str]) -> dict[str, Any]:
    meta = page.meta
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": meta.title,
        "headline": meta.title,
        "description": meta.description,
        "url": page_url,
        "inLanguage": "zh-CN",
        "genre": KIND_TYPES[page.kind],
        "keywords": "、".join(meta.tags),
    }
    audience_type = "、".join(audiences.get(a, a) for a in meta.audience)
    ages = [tuple(int(n) for n in m.groups()) for m in map(_AGES.match, meta.ages) if m] if isinstance(meta, GuideMeta) else []
    if ages:
        data["audience"] = {
            "@type": "ParentAudience",
            "audienceType": audience_type,
            "childMinAge": min(a for a, _ in ages),
            "childMaxAge": max(b for _, b in ages),
        }
    else:
        data["audience"] = {"@type": "Audience", "audienceType": audience_type}
    if isinstance(meta, LessonMeta):
        data["timeRequired"] = f"PT{meta.minutes}M"
        data["learningResourceType"] = "微课"
    if isinstance(meta, ArticleMeta) and not meta.reviewer_sample:
        data["lastReviewed"] = meta.reviewed.isoformat()
        kind = "Organization" if _INSTITUTION.search(meta.reviewer) else "Person"
        data["reviewedBy"] = {"@type": kind, "name": meta.reviewer}
    return data
