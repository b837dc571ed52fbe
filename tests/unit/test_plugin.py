"""The site's plugin (hooks/plugin.py → hooks/mhsite/plugin.py) on the real
mkdocs.yml, loaded as MkDocs loads it, without a build: where its events run
among Material's plugins, the order of its steps, a fresh state for every
build (`mkdocs serve` keeps the plugin object across rebuilds), nothing of
its state in `config.extra`, no generic module names from hooks/, and the
operator's settings declared once (misspelt keys named, README's table the
declaration's)."""

from __future__ import annotations

import gc
import os
import re
import shutil
import sys
import weakref
from pathlib import Path

import pytest
from mkdocs.config import load_config

from mhsite import plugin as plugin_module
from mhsite.common.data_files import YamlDocument
from mhsite.common.memory import keep, long_lived, release
from mhsite.config import MATERIAL_EXTRA, Extra, Operator, SiteSettings, documented_settings, validate_settings
from mhsite.plugin import SitePlugin

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "hooks"
ENTRY = "hooks/plugin.py"
EPOCH = "1795406400"  # tests/conftest.py TEST_EPOCH: 2026-11-23 12:00 in China


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """What on_config reads, copied: mkdocs.yml, docs/, overrides/, hooks/."""
    for name in ("docs", "overrides", "hooks", "deploy"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # no git call for the clock
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("MH_PUBLISH", raising=False)


def loaded(project: Path):
    """mkdocs.yml loaded as MkDocs loads it (with its plugins and our hook)."""
    return load_config(str(project / "mkdocs.yml"))


def ours(config) -> SitePlugin:
    return config.plugins[ENTRY].plugin


def origins(config, event: str) -> list[str]:
    """The plugins whose `event` methods MkDocs runs, in the order it runs them."""
    collection = config.plugins
    return [collection._event_origins[method] for method in collection.events[event]]


def test_one_entry_in_hooks_and_it_is_the_plugin() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert list(config.hooks) == [ENTRY]
    assert sorted(p.name for p in HOOKS.iterdir() if p.name != "__pycache__") == ["mhsite", "plugin.py"]
    assert isinstance(ours(config), SitePlugin)


def test_our_events_run_where_they_must_among_materials_plugins() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    order = {event: origins(config, event) for event in ("config", "files", "page_markdown", "page_content", "page_context", "env", "post_build")}
    # Our checks of the news posts and authors come before the blog reads them.
    assert order["config"].index(ENTRY) < order["config"].index("material/blog")
    # Our generated pages exist before the blog makes its views from the files.
    assert order["files"].index(ENTRY) < order["files"].index("material/blog")
    # The tags and blog plugins see the page as our steps leave it.
    assert order["page_markdown"].index(ENTRY) < order["page_markdown"].index("material/tags")
    assert order["page_markdown"].index(ENTRY) < order["page_markdown"].index("material/blog")
    # The blog counts a post's reading time on its HTML before we sanitise it.
    assert order["page_content"].index("material/blog") < order["page_content"].index(ENTRY)
    # The feed's posts are taken after the blog gave them their authors,
    # before it renders its views.
    assert order["page_context"].index(ENTRY) < order["page_context"].index("material/blog")
    # sw.js's version is a hash of everything written: ours is the last post_build.
    assert order["post_build"][-1] == ENTRY
    # One method per event.
    assert all(names.count(ENTRY) == 1 for names in order.values())


def test_the_steps_of_a_build_run_in_the_order_written(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    for name in (
        "validate_settings", "load_holidays", "load_audiences", "load_hotlines", "load_stations", "load_events", "load_emergency",
        "load_questionnaires", "load_settings", "load_authors", "check",
    ):  # fmt: skip
        real = getattr(plugin_module, name)

        def recorded(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(plugin_module, name, recorded)
    config = loaded(project)
    config.plugins.on_config(config)
    # Settings first; the audiences before every file that names them; events
    # after the stations and hotlines they refer to;
    # the publication check last, over everything loaded.
    assert calls == [
        "validate_settings", "load_holidays", "load_audiences", "load_hotlines", "load_stations", "load_events", "load_emergency",
        "load_questionnaires", "load_settings", "load_authors", "check",
    ]  # fmt: skip


def test_every_build_starts_afresh_and_the_clock_is_read_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[object] = []
    real_read = plugin_module.read_clock
    monkeypatch.setattr(plugin_module, "read_clock", lambda *a, **k: reads.append(a) or real_read(*a, **k))
    first = loaded(project)
    plugin = ours(first)
    plugin.on_startup(command="serve", dirty=False)
    first.plugins.on_config(first)
    state = plugin.state
    assert [line["display"] for line in state.help_bar["lines"]][:1] == ["12356"]
    assert len(reads) == 1
    # What the pages of a build collect (a news post, a search document, a
    # template's script) must not survive into the next build.
    state.news_posts["news/posts/x.md"] = object()  # type: ignore[assignment]
    state.search_batch.append(("x/index.html", "x"))
    state.template_scripts["'sha256-x'"] = (0, "x", "x")

    # An editor changes the data while `mkdocs serve` runs: MkDocs loads the
    # config again and keeps our module (and so the plugin object).
    hotlines = project / "docs/_data/hotlines.yml"
    hotlines.write_text(hotlines.read_text(encoding="utf-8").replace("label: 心理援助", "label: 心理热线", 1), encoding="utf-8")
    second = loaded(project)
    assert ours(second) is plugin
    second.plugins.on_config(second)
    assert plugin.state is not state
    assert plugin.command == "serve"  # the session's, kept
    assert plugin.state.help_bar["lines"][0]["label"] == "心理热线"
    assert not plugin.state.news_posts and not plugin.state.search_batch and not plugin.state.template_scripts
    assert len(reads) == 2  # once per build


def test_a_rebuild_collects_what_the_last_build_kept(project: Path) -> None:
    # A build keeps its objects out of the garbage collector (common/memory.py);
    # `mkdocs serve` rebuilds in the same process: the last build's garbage,
    # a cycle among it, must be collected by the next build, not kept again.
    first = loaded(project)
    plugin = ours(first)
    plugin.on_startup(command="serve", dirty=False)
    first.plugins.on_config(first)

    class Cycle:
        itself: object

    cycle = Cycle()
    cycle.itself = cycle
    plugin.state.news_posts["news/posts/x.md"] = cycle  # type: ignore[assignment]
    gone = weakref.ref(cycle)
    del cycle
    keep()  # as on_env does: the first build's pages, kept
    second = loaded(project)
    second.plugins.on_config(second)
    try:
        assert gone() is None
    finally:
        release()


def test_long_lived_objects_are_kept_until_released() -> None:
    class Cycle:
        itself: object

    with long_lived():
        assert not gc.isenabled()
        cycle = Cycle()
        cycle.itself = cycle
        gone = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    try:
        gc.collect()
        assert gone() is not None  # frozen: never walked
    finally:
        release(collect=True)
    assert gone() is None


def test_config_extra_holds_the_operators_settings_only(project: Path) -> None:
    config = loaded(project)
    before = dict(config.extra)
    config.plugins.on_config(config)
    after = dict(config.extra)
    assert after == before  # nothing written into it
    assert set(after) <= set(Extra.model_fields)  # and only declared settings in it


def test_no_generic_module_names_from_hooks(project: Path) -> None:
    config = loaded(project)
    config.plugins.on_config(config)
    hooks = str(HOOKS.resolve())
    from_hooks = sorted(
        name
        for name, module in list(sys.modules.items())
        if (getattr(module, "__file__", None) or "").startswith(hooks)
        or (getattr(module, "__file__", None) or "").startswith(str((project / "hooks").resolve()))
    )
    assert from_hooks, "nothing imported from hooks/?"
    generic = [name for name in from_hooks if not (name == "mhsite" or name.startswith("mhsite.") or name == ENTRY)]
    assert generic == []


# -- The operator's settings (config.py) -------------------------------------------


def _doc(extra: dict) -> YamlDocument:
    return YamlDocument("mkdocs.yml", {"extra": extra}, {("extra",): 150, ("extra", "publsh"): 160, ("extra", "publish"): 160})


def test_a_misspelt_setting_is_named_with_the_one_it_resembles() -> None:
    settings, errors = validate_settings({"extra": {"publsh": True}}, _doc({"publsh": True}))
    assert [str(e) for e in errors] == [
        "mkdocs.yml:160: extra.publsh: 不认识的设置 “publsh”，可能是拼写错误；是不是 publish？"
        "拼错的设置不起作用（如 publish 拼错，正式发布的检查就不会执行）。运营者的设置见 README 的 “For the operator” 一节。"
    ]
    assert settings.extra.publish is False


def test_a_setting_with_a_mistake_leaves_the_others_in_use() -> None:
    extra = {"icp": "浙ICP备\u200b12345678号", "publish": "true", "operator": {"name": "某区中心", "email": "xinli@example.gov.cn"}}
    settings, errors = validate_settings({"extra": extra}, _doc(extra))
    assert sorted(e.where for e in errors) == ["extra.icp", "extra.publish"]
    assert "应为 true 或 false" in next(str(e) for e in errors if e.where == "extra.publish")
    assert settings.extra.icp is None and settings.extra.publish is False
    assert settings.extra.operator is not None and settings.extra.operator.email == "xinli@example.gov.cn"


def test_materials_own_extra_settings_are_accepted() -> None:
    extra = {name: {"x": 1} for name in MATERIAL_EXTRA}
    _, errors = validate_settings({"extra": extra}, _doc(extra))
    assert errors == []


def test_readmes_operator_table_is_the_declaration() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For the operator", 1)[1]
    table = section[section.index("| setting |"):].split("\n\n", 1)[0]  # the first table
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    named = [name for row in rows for name in re.findall(r"`([a-z_.]+)`", row.split("|")[1])]
    assert sorted(named) == sorted(documented_settings())
    assert set(SiteSettings.model_fields) - {"extra"} <= set(named)
    # The operator's fields, each in its row.
    operator_row = next(row for row in rows if row.startswith("| `extra.operator`"))
    assert all(re.search(rf"`{field}[`:]", operator_row) for field in Operator.model_fields), operator_row


def test_the_entry_imports_everything_it_needs_at_import_time() -> None:
    # MkDocs puts hooks/ on the import path only while it imports the hook
    # file: a later import of something not yet imported would fail.
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('{ENTRY}', {str(HOOKS / 'plugin.py')!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        f"sys.path.insert(0, {str(HOOKS)!r}); spec.loader.exec_module(module); sys.path.pop(0)\n"
        "missing = [n for n in ('mhsite.plugin', 'mhsite.config', 'mhsite.hotlines.model', 'mhsite.search.index') if n not in sys.modules]\n"
        "assert not missing, missing\n"
    )
    import subprocess

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})
    assert result.returncode == 0, result.stderr
