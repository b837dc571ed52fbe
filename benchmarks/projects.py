"""The projects the benchmarks build and compare (a module, not a script).

- `copy_project(target)`: this project as it is (tests/site_build.py);
- `revision_project(target, ref)`: the project at a git revision (`git
  archive` of what a build reads), to measure "before" and "after" in one
  run;
- `plain_project(project, target, work, defaults=..., search=...)`: the
  same Markdown as `project` builds, for Material alone (no hooks, no
  templates of ours), the anchor of build_speed.py and lighthouse.py.

"The same Markdown": most pages come from our hooks (stations, hotlines,
activities, self-checks, section indexes), and they change the Markdown of
articles, lessons and guides. So the plain project is made by building a copy
of the project once with benchmarks/markdown_dump_hook.py added as the last
hook, which writes every file our hooks generate and every page's Markdown as
our hooks leave it (front matter included, `template:` left out) into a copy
of docs/. That copy is built with the same mkdocs.yml minus `hooks:` and minus
`custom_dir` (our templates read the hooks' data), so with Material's own
templates, the same plugins (blog, tags), Markdown extensions and navigation.
With `defaults=True` (lighthouse.py: "a plain Material zh site") our
stylesheets (`extra_css`) and colours (`palette`) go too: Material as it comes,
one stylesheet, in Chinese, with the site's features (navigation tabs…).
With `search=True` Material's own search plugin is added, as Material comes
(MkDocs turns it on when `plugins:` is not given): the plain site then has a
site search as ours does (Pagefind, one of our hooks), over the same pages
(`search: exclude: true` in the front matter, which the dump keeps, is
Material's own setting too). Material segments Chinese text with jieba when
it is installed, as its documentation advises for Chinese; jieba is not one
of this project's dependencies any more (build_speed.py says which was
measured). The anchor issue 17 was filed against was of this kind (then
with jieba, a word list and the RSS plugin).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (ROOT / "tests", BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from site_build import build_env, copy_project  # noqa: E402, F401

DUMP_HOOK = BENCH / "markdown_dump_hook.py"
_HOOKS_BLOCK = re.compile(r"(?m)^hooks:\n(?:(?:  .*|\s*)\n)+")


def revision_project(target: Path, ref: str) -> Path:
    """What a build reads (docs/, overrides/, hooks/, deploy/, mkdocs.yml) at git revision `ref`."""
    target.mkdir(parents=True, exist_ok=True)
    names = [n for n in ("docs", "overrides", "hooks", "deploy", "mkdocs.yml")
             if subprocess.run(["git", "cat-file", "-e", f"{ref}:{n}"], cwd=ROOT, capture_output=True).returncode == 0]
    archive = subprocess.run(["git", "archive", "--format=tar", ref, *names], cwd=ROOT, capture_output=True)
    if archive.returncode != 0:
        sys.exit(f"git archive {ref}: {archive.stderr.decode(errors='replace').strip()}")
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _plain_config(config: str, defaults: bool, search: bool = False) -> str:
    config = _HOOKS_BLOCK.sub("", config)
    if search:
        if re.search(r"(?m)^  - search\b", config):
            sys.exit("mkdocs.yml already lists Material's search plugin: the plain build with search needs no change")
        config, added = re.subn(r"(?m)^plugins:\n", "plugins:\n  - search\n", config)
        if added != 1:
            sys.exit("mkdocs.yml: no top-level `plugins:` list to add Material's search to")
    config = re.sub(r"(?m)^  custom_dir: .*\n", "", config)
    if re.search(r"(?m)^hooks:", config) or "custom_dir" in config:
        sys.exit("mkdocs.yml: could not take out `hooks:` and `custom_dir` for the plain build")
    if defaults:
        config = re.sub(r"(?m)^extra_css:\n(?:  - .*\n)+", "", config)
        config = re.sub(r"(?m)^  palette:\n(?:    .*\n)+", "", config)
        if re.search(r"(?m)^extra_css:|^  palette:", config):
            sys.exit("mkdocs.yml: could not take out `extra_css` and `palette` for the plain build")
    return config


def plain_project(project: Path, target: Path, work: Path, *, defaults: bool = False, search: bool = False) -> Path:
    """The same Markdown as `project` builds with our hooks, for Material
    alone (with Material's own search plugin when `search`). A second call
    with the same `work` reuses the Markdown the first one dumped."""
    dump = work / "dump"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if not dump.is_dir():
        _dump_markdown(project, config, dump, work)
    shutil.copytree(project / "docs", target / "docs")
    shutil.copytree(dump, target / "docs", dirs_exist_ok=True)
    (target / "mkdocs.yml").write_text(_plain_config(config, defaults, search), encoding="utf-8")
    return target


def _dump_markdown(project: Path, config: str, dump: Path, work: Path) -> None:
    """Build `project` once with the dump hook last: every page's Markdown as
    our hooks leave it, into `dump`."""
    hooks_block = _HOOKS_BLOCK.search(config)
    if not hooks_block:
        sys.exit("mkdocs.yml: no `hooks:` list")
    with_dump = config[: hooks_block.end()].rstrip("\n") + f"\n  - {DUMP_HOOK}\n\n" + config[hooks_block.end():]
    (project / "mkdocs.dump.yml").write_text(with_dump, encoding="utf-8")
    env = build_env() | {"MH_DUMP_DIR": str(dump)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", "mkdocs.dump.yml", "--site-dir", str(work / "dump-site")],
        cwd=project, env=env, capture_output=True, text=True,
    )
    (project / "mkdocs.dump.yml").unlink()
    shutil.rmtree(work / "dump-site", ignore_errors=True)
    if result.returncode != 0:
        sys.exit(f"the Markdown dump build failed:\n{(result.stdout + result.stderr)[-4000:]}")
