"""The operator's settings in mkdocs.yml are declared (hooks/mhsite/config.py):
a misspelt one fails the strict build, named with the setting it resembles,
instead of silently doing nothing (a misspelt `publish:` would leave the
publication gate open)."""

from __future__ import annotations

from pathlib import Path

from conftest import mkdocs_build


def test_a_misspelt_setting_fails_the_strict_build_naming_it(project_copy: Path, tmp_path: Path) -> None:
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  publish: false\n" in text
    config.write_text(text.replace("\n  publish: false\n", "\n  publsh: true\n"), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("  publsh: true") + 1
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0, result.output
    assert f"WARNING -  mkdocs.yml:{line}: extra.publsh: 不认识的设置 “publsh”，可能是拼写错误；是不是 publish？" in result.output, result.output
    assert "Traceback" not in result.output
