"""Small pieces the hook adapters share (these do import MkDocs)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def shown_path(config: MkDocsConfig, path: Path) -> str:
    """A data file's path as the editor sees it: relative to the project."""
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def add_generated(
    files: Files, config: MkDocsConfig, generated: Mapping[str, str], log: logging.Logger, data_file: str
) -> Files:
    """Add in-memory pages to the build. A hand-written file at the same path
    is reported and left out: the data file is where that page is edited."""
    for src_uri, content in generated.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            log.warning(f"docs/{src_uri} 与自动生成的页面冲突，已忽略该文件；请在 docs/{data_file} 中编辑。")
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    return files
