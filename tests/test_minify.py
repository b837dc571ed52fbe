"""Our scripts and stylesheet as served (hooks/mhsite/common/minify.py): the
same rules and the same code as written, without the comments."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "docs" / "assets"
OURS = sorted(p for p in ASSETS.rglob("*") if p.suffix in (".js", ".css") and ".min." not in p.name)
NODE = shutil.which("node")


def test_every_script_and_stylesheet_of_ours_is_served_minified(site_dir: Path) -> None:
    assert OURS, "no scripts or stylesheets under docs/assets/"
    for source in OURS:
        served = site_dir / source.relative_to(ROOT / "docs")
        written, sent = source.read_bytes(), served.read_bytes()
        assert len(gzip.compress(sent)) < len(gzip.compress(written)), source.name
        assert b"\n/*" not in sent and b"\n  //" not in sent, f"{source.name}: comments left"
    # The files in docs/ are as written (the build does not touch them).
    assert b"/* -- 0. Material's page state" in (ASSETS / "javascripts/site.js").read_bytes()


@pytest.mark.skipif(NODE is None, reason="node is not on PATH: the scripts cannot be parsed")
def test_every_minified_script_parses(site_dir: Path) -> None:
    for source in OURS:
        if source.suffix == ".js":
            served = site_dir / source.relative_to(ROOT / "docs")
            result = subprocess.run([NODE, "--check", str(served)], capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, f"{served}: {result.stderr}"


def test_the_browser_reads_the_same_rules_from_both_stylesheets(site_dir: Path, browser) -> None:
    """Chromium parses site.css as written and as served: every rule, with
    its selectors and declarations, the same. (A custom property's value is
    kept as written, white space included: compared with white space runs
    as one space, and none around commas.)"""
    rules = []
    for css in (ASSETS / "stylesheets/site.css", site_dir / "assets/stylesheets/site.css"):
        browser.get("about:blank")
        rules.append(browser.execute_script(
            "const s = new CSSStyleSheet(); s.replaceSync(arguments[0]);"
            "return Array.from(s.cssRules, r => r.cssText.replace(/\\s+/g, ' ').replace(/ ?, ?/g, ','));",
            css.read_text(encoding="utf-8"),
        ))
    assert len(rules[0]) > 100
    assert rules[0] == rules[1]
