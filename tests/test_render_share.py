"""The station and area pages rendered on two cores (hooks/mhsite/common/
render_share.py; README, "Build time"): the site is the same, byte for byte,
with MkDocs and with ProperDocs, and the share is really taken on the
engines this project pins (a later MkDocs whose private `_build_page` has
changed turns it off: this test then says so). The sample site has fewer
pages than the share starts from; MH_RENDER_SHARE=1 turns it on here.
What a fork that fails or hangs does: tests/unit/test_render_share.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from mhsite.common.render_share import can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="the share forks: POSIX other than macOS only")

SHARED = re.compile(r"render share: (\d+) of (\d+) pages rendered by the fork")


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_the_site_is_the_same_when_its_last_pages_are_rendered_by_a_fork(tmp_path: Path, engine: str) -> None:
    # Alone: MH_RENDER_SHARE unset (the sample's 62 pages are under SHARE_FROM), or 0.
    alone = mkdocs_build(ROOT, tmp_path / "alone", "--verbose", engine=engine, share=None if engine == "mkdocs" else "0")
    assert alone.returncode == 0, alone.output
    assert not SHARED.search(alone.output)
    reason = "fewer than 1000" if engine == "mkdocs" else "off: MH_RENDER_SHARE=0"
    assert reason in alone.output  # --verbose says why it is off
    shared = mkdocs_build(ROOT, tmp_path / "shared", "--verbose", engine=engine, share="1")
    assert shared.returncode == 0, shared.output
    taken = SHARED.search(shared.output)
    assert taken, f"{engine}: the share was not taken:\n" + "\n".join(
        line for line in shared.output.splitlines() if "render share" in line
    )
    forked, of = int(taken.group(1)), int(taken.group(2))
    stations = len([p for p in (shared.site / "stations").glob("*/index.html") if p.parent.name != "area"])
    areas = len(list((shared.site / "stations/area").glob("*/index.html")))
    assert of == stations + areas  # every station and area page, nothing else
    assert forked > 0  # the fork starts as the loop does, a hundred pages before the shared ones
    assert files(shared.site) == files(alone.site)


def test_the_share_stays_off_when_another_plugin_watches_pages_render(project_copy: Path, tmp_path: Path) -> None:
    # Material's search plugin collects each page as it is rendered (on_page_context,
    # on_post_page): pages rendered by a fork would be missing from its index.
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nplugins:\n", "\nplugins:\n  - search\n", 1), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site", "--verbose", share="1")
    assert result.returncode == 0, result.output
    assert "render share: off: " in result.output and "SearchPlugin" in result.output
    assert not SHARED.search(result.output)

