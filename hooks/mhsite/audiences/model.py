"""The audience vocabulary: docs/_data/audiences.yml.

One list of the groups the district serves (students, parents, the elderly,
families who lost their only child…). Hotlines, the stations' services,
activities, articles, lessons, guides and FAQ answers name their audiences
by these codes; every group but the one marked `everyone: true` gets a page
at /for/<code>/ (pages.py). Validated like every data file, one entry at a
time (common/data_files.py). Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from mhsite.common.data_files import (
    DataError,
    Loaded,
    duplicate_ids,
    first_index_by_id,
    format_loc,
    indexed_ids,
    Vocabulary,
    load_yaml,
    refused_ids,
    unknown_parts,
    validate_entries,
)
from mhsite.common.data_files import located_error
from mhsite.common.text import Identifier, Name, Text

TOP_LEVEL = ("audiences",)

# A name is shown after "对象：" and as the page's title ("写给……").
NAME_MAX = 16
INTRO_MAX = 200


class Audience(BaseModel):
    """One group of residents."""

    model_config = ConfigDict(extra="forbid")

    id: Identifier
    # How the group is named to residents: in lists ("对象：家长、老年人"),
    # on the home page and as its page's title. Worded with care (the
    # editors' guide, 「服务对象」): no label a resident would find hurtful.
    name: Name(NAME_MAX)  # type: ignore[valid-type]
    # The first paragraph of the group's page, spoken to them.
    intro: Text(INTRO_MAX) = ""  # type: ignore[valid-type]
    # The one value meaning "anyone" (所有人): no page of its own; what is
    # for everyone is on the section pages.
    everyone: bool = False

    @model_validator(mode="after")
    def _intro(self) -> "Audience":
        if not self.everyone and not self.intro.strip():
            raise located_error("intro", "请写 intro：这个人群页面开头的一段话（对他们说，不超过 200 字），见文件开头的说明。")
        return self


@dataclass(frozen=True)
class AudienceList:
    file: str
    audiences: tuple[Audience, ...]
    # The ids of the audiences written in the file but refused for a mistake
    # of their own (each has its message): still present for every file
    # whose `audience` names them (no second message there).
    refused: frozenset[str] = frozenset()

    @property
    def names(self) -> Vocabulary:
        """code → name, in the file's order (every data file's vocabulary),
        with the refused ids (Vocabulary.refused)."""
        return Vocabulary({a.id: a.name for a in self.audiences}, refused=self.refused)

    @property
    def groups(self) -> tuple[Audience, ...]:
        """The audiences with a page (all but `everyone`), in the file's order."""
        return tuple(a for a in self.audiences if not a.everyone)

    @property
    def everyone(self) -> str | None:
        """The code meaning "anyone", or None."""
        return next((a.id for a in self.audiences if a.everyone), None)


def load_audiences(path: Path, shown: str) -> Loaded[AudienceList]:
    """The valid audiences and every mistake (no notices)."""
    doc = load_yaml(path, shown)
    if not isinstance(doc.data, Mapping):
        error = DataError(doc.file, 1, "", "文件应以 audiences: 开头，下面每一项是一个人群，见文件开头的说明。")
        return Loaded(AudienceList(doc.file, ()), [error], [])
    errors = unknown_parts(doc, TOP_LEVEL)
    audiences, entry_errors = validate_entries(doc, "audiences", Audience)
    errors += entry_errors
    errors += duplicate_ids(doc, "audiences", indexed_ids(doc, "audiences"))
    seen: set[str] = set()
    unique = [a for a in audiences if not (a.id in seen or seen.add(a.id))]
    index_of = first_index_by_id(doc, "audiences")
    everyone = [a for a in unique if a.everyone]
    for extra in everyone[1:]:
        loc = ("audiences", index_of[extra.id], "everyone")
        errors.append(
            DataError(
                doc.file,
                doc.line_of(loc),
                format_loc(loc, {loc[:2]: extra.id}),
                f"只能有一项写 everyone: true（第 {doc.line_of(('audiences', index_of[everyone[0].id]))} 行的 "
                f"{everyone[0].id} 已经是“所有人”）；请删掉这一行。",
            )
        )
    refused = refused_ids((entry_id for _, entry_id in indexed_ids(doc, "audiences")), seen)
    return Loaded(AudienceList(doc.file, tuple(unique), refused), errors, [])
