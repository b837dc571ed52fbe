"""The site search's files as built (hooks/search_hook.py): which pages are
in it, what is published, and the same bytes from the same input. How it
searches: test_search_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import mkdocs_build
from search_ui import searchable_pages


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_page_with_content_is_in_the_search_but_the_excluded(site_dir: Path) -> None:
    listing = json.loads((site_dir / "search/pages.json").read_text(encoding="utf-8"))["pages"]
    indexed = {"/" + url: (title, boost) for url, title, boost in listing.values()}
    assert set(indexed) == set(searchable_pages(site_dir))
    assert len(listing) == len(list((site_dir / "pagefind/fragment").glob("*.pf_fragment")))
    # Station and area pages (20,000 in a province) stay out: the locator searches them.
    assert "/stations/" in indexed
    assert not [u for u in indexed if u.startswith("/stations/") and u != "/stations/"]
    for excluded in ("/hotlines/print/", "/editors/", "/events/archive/", "/404.html", "/offline.html"):
        assert excluded not in indexed
    # The FAQ's front matter asks for its answers to rank higher.
    assert indexed["/faq/"] == ("常见问题", 3.0)
    assert indexed["/articles/sleep-basics/"][0].startswith("睡不好觉怎么办")


def test_what_is_published_for_the_search(site_dir: Path) -> None:
    pagefind = site_dir / "pagefind"
    names = sorted(p.name for p in pagefind.iterdir())
    assert {"pagefind.js", "pagefind-entry.json", "index", "fragment"} <= set(names)
    # Only what the worker uses: no Pagefind UI (the box is Material's), no
    # second worker (ours runs Pagefind itself).
    assert not [n for n in names if "ui" in n or n in ("pagefind-worker.js", "pagefind-highlight.js")], names
    entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["und"]  # our own tokens, no segmenter, no stemmer
    # What the worker fetches ahead of Pagefind's script (search-worker.js):
    # the WebAssembly Pagefind loads for that language (none of its own,
    # "unknown"), and the entry file and metadata search/pages.json names.
    assert entry["languages"]["und"].get("wasm") is None
    assert (pagefind / "wasm.unknown.pagefind").is_file()
    assert '"pagefind/wasm.unknown.pagefind"' in (site_dir / "assets/javascripts/search-worker.js").read_text(encoding="utf-8")
    ahead = json.loads((site_dir / "search/pages.json").read_text(encoding="utf-8"))["pagefind"]
    assert ahead["tag"] == entry["languages"]["und"]["hash"]
    assert (pagefind / ahead["meta"]).is_file() and ahead["meta"] == f"pagefind.{ahead['tag']}.pf_meta"
    # Material's lunr index and engine are gone; its page script still reads
    # the highlighting settings from search_index.json, which lists no page.
    settings = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    assert settings["docs"] == [] and settings["config"]["separator"]
    assert not (site_dir / "assets/javascripts/lunr").exists()
    assert not list(site_dir.glob("assets/javascripts/workers/search.*"))
    # Every page names our worker as the search worker.
    page = (site_dir / "articles/sleep-basics/index.html").read_text(encoding="utf-8")
    assert '"search": "../../assets/javascripts/search-worker.js"' in page


def test_same_input_same_search_files(project_copy: Path, tmp_path: Path) -> None:
    first = mkdocs_build(project_copy, tmp_path / "first")
    again = mkdocs_build(project_copy, tmp_path / "again")
    assert first.returncode == 0 and again.returncode == 0, first.output + again.output
    for folder in ("pagefind", "search"):
        a, b = files(first.site / folder), files(again.site / folder)
        assert a and a.keys() == b.keys()
        assert [name for name in a if a[name] != b[name]] == []
    # A change in a page changes the index.
    article = project_copy / "docs/articles/sleep-basics.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n\n龘靐齉测试。\n", encoding="utf-8")
    changed = mkdocs_build(project_copy, tmp_path / "changed")
    assert changed.returncode == 0, changed.output
    assert files(changed.site / "pagefind") != files(first.site / "pagefind")


def test_a_broken_pagefind_stops_the_build_with_a_message(project_copy: Path, tmp_path: Path, monkeypatch) -> None:
    # The index is part of the site: no index, no site (and no traceback).
    hook = project_copy / "hooks/mhsite/search/index.py"
    hook.write_text(hook.read_text(encoding="utf-8").replace('"--quiet",', '"--no-such-option",'), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "站内搜索索引没有生成" in result.output
    assert "Traceback" not in result.output


LATE_HOOK = '''
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page


@event_priority(-200)  # after ours: a page the search index is not waiting for
def on_nav(nav, *, config, files):
    file = File.generated(config, "late/index.md", content="# 迟到的页面\\n\\n鹭鸶湾的心理讲座。\\n")
    files.append(file)
    Page("迟到的页面", file, config)
    return nav
'''


def test_a_page_built_after_the_index_started_is_in_it(project_copy: Path, tmp_path: Path) -> None:
    """The index starts once every page it waits for is written (the station
    pages are built last, hooks/mhsite/plugin.py); a page another plugin adds
    later than that sends the index round again, so it is never missed."""
    (project_copy / "late_page.py").write_text(LATE_HOOK, encoding="utf-8")
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - hooks/plugin.py\n", "  - hooks/plugin.py\n  - late_page.py\n", 1), encoding="utf-8")
    built = mkdocs_build(project_copy, tmp_path / "site")
    assert built.returncode == 0, built.output
    listing = json.loads((built.site / "search/pages.json").read_text(encoding="utf-8"))["pages"]
    assert ["late/", "迟到的页面", 1.0] in listing.values()
    assert set(searchable_pages(built.site)) == {"/" + url for url, _, _ in listing.values()}
