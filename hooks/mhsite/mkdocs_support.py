"""What the plugin (plugin.py) needs around MkDocs: no traceback for editors,
data files read with their mistakes reported, generated pages added. With
plugin.py, the only module that imports MkDocs."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from mhsite.common.data_files import DataFileError, Loaded, report

T = TypeVar("T")


@contextlib.contextmanager
def guard(*data_files: str, page: Page | None = None) -> Iterator[None]:
    """Turn an exception our checks did not foresee into a message naming
    the file being read (`page`'s, else `data_files`, as shown to editors),
    never a Python traceback. MkDocs' own errors pass."""
    try:
        yield
    except (PluginError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - the point: no traceback for editors
        where = f"docs/{page.file.src_uri}" if page is not None else "、".join(data_files)
        raise PluginError(
            f"{where}: 网站在处理这个文件时遇到了没有预料到的写法（{type(exc).__name__}: {exc}）。"
            "请检查最近的改动（最近改过的字段、复制进来的文字）；找不到原因时，请把这条消息发给网站的维护人员。"
        ) from exc


def project_root(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml."""
    return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()


def shown_path(config: MkDocsConfig, path: Path) -> str:
    """A data file's path as the editor sees it: relative to the project."""
    root = project_root(config)
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def load_data(config: MkDocsConfig, data_file: str, load: Callable[..., Loaded[T]], *context: Any) -> Loaded[T]:
    """Run a data loader on docs/<data_file> (`load(path, shown, *context)`).
    A file that cannot be read at all (missing, not YAML) stops the build
    with its message, no traceback."""
    path = Path(config.docs_dir) / data_file
    try:
        return load(path, shown_path(config, path), *context)
    except DataFileError as exc:
        raise PluginError(str(exc)) from None


def reported(loaded: Loaded[T], log: logging.Logger) -> T:
    """Log a loader's errors as warnings (strict builds fail on them) and
    its notices as INFO; its value."""
    report(loaded.errors, log.warning)
    report(loaded.notices, log.info)
    return loaded.value


def add_generated(
    files: Files, config: MkDocsConfig, generated: Mapping[str, str | bytes], log: logging.Logger, data_file: str
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
