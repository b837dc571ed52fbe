"""MkDocs hook: the self-check questionnaires.

A thin adapter: docs/_data/questionnaires/*.yml are validated by
`questionnaires.py`, turned into pages by `self_check_pages.py`; here the
mistakes are reported (strict mode fails the build) and the pages added:
/self-check/ and /self-check/<id>/.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from mhsite.common.data_files import DataError, DataFileError, report
from mhsite.common.front_matter import read_front_matter
from mhsite.mkdocs_support import add_generated, guarded, shown_path
from mhsite.hotlines.pages import crisis_views
from mhsite.self_check.model import Questionnaire, load_questionnaire
from mhsite.self_check.pages import index_page, questionnaire_page

log = logging.getLogger("mkdocs.hooks.self_check")

DATA_DIR = "_data/questionnaires"


@guarded("docs/_data/questionnaires/")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    questionnaires: list[tuple[Questionnaire, str]] = []
    errors: list[DataError] = []
    for path in sorted((Path(config.docs_dir) / DATA_DIR).glob("*.yml")):
        shown = shown_path(config, path)
        try:
            q, file_errors, _ = load_questionnaire(path, shown, Path(config.docs_dir))
        except DataFileError as exc:
            errors.extend(exc.errors)
            continue
        errors += file_errors
        if q is not None:
            questionnaires.append((q, shown))
    report(errors, log.warning)
    config.extra["questionnaires"] = questionnaires
    return config


def _title_of(docs_dir: Path, page: str) -> str:
    """The `title` in a Markdown page's front matter (load_questionnaire has
    checked that the page exists). A page whose front matter cannot be read
    is reported where the page is built (pages_hook); its file name stands
    in here."""
    path = docs_dir / page
    front_matter, errors = read_front_matter(path.read_text(encoding="utf-8-sig"), f"docs/{page}")
    title = front_matter.data.get("title") if front_matter is not None and not errors else None
    return title if isinstance(title, str) and title.strip() else path.stem


@guarded("docs/_data/questionnaires/")
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    questionnaires = config.extra["questionnaires"]
    crisis = crisis_views(config.extra["hotline_directory"])
    generated = {"self-check/index.md": index_page([q for q, _ in questionnaires])}
    for q, shown in questionnaires:
        read_more = [{"title": _title_of(Path(config.docs_dir), page), "path": page} for page in q.read_more]
        generated[f"self-check/{q.id}/index.md"] = questionnaire_page(q, read_more, crisis)
    return add_generated(files, config, generated, log, DATA_DIR)
