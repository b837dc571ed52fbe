"""Where a build's time goes, for benchmarks/build_speed.py --phases (a
wrapper around `mkdocs build`, not a test).

    python benchmarks/build_phases.py OUT.json [mkdocs build options…]

runs `mkdocs build` in this process with its phases timed and writes
{phase: seconds} to OUT.json: MkDocs' own steps (loading the config, which
imports the hooks; reading and converting each page's Markdown,
`_populate_page`; rendering and writing each page, `_build_page`; the theme's
own templates) and every plugin event, all plugins together, as `on_<event>`.
An event's time is inside the step that runs it (`on_page_markdown` inside
reading the pages): the table says which. Wall time of this process only:
the hooks' helper process and Pagefind run beside it and count where the
build waits for them. The pages are rendered by this process alone
(MH_RENDER_SHARE=0: README, "Build time"), so the steps are of the
one-process build; `build_speed.py`'s timed builds share them.

The steps are MkDocs 1.6's private functions (mkdocs/commands/build.py), read
here, never changed: with another MkDocs they may be missing, and only the
events are timed then.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import time

STEPS = ("_populate_page", "_build_page", "_build_theme_template", "_build_extra_template")


def _timed(times: collections.Counter, name: str, function):
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[name] += time.perf_counter() - start

    return timed


def main() -> None:
    start = time.perf_counter()
    # The steps of the build on one process: with the station pages' rendering
    # shared with a fork (README, "Build time"), `_build_page` would count only
    # the pages this process renders. (Wrapped below, MkDocs' function no
    # longer looks as the share expects, which would turn it off anyway.)
    os.environ["MH_RENDER_SHARE"] = "0"
    out, options = sys.argv[1], sys.argv[2:]
    times: collections.Counter = collections.Counter()

    import mkdocs.commands.build as build
    import mkdocs.config as mkdocs_config
    import mkdocs.plugins as plugins

    for step in STEPS:
        if hasattr(build, step):
            setattr(build, step, _timed(times, step, getattr(build, step)))
    # The CLI calls mkdocs.config.load_config (imports the hooks, validates).
    mkdocs_config.load_config = _timed(times, "load_config", mkdocs_config.load_config)
    run_event = plugins.PluginCollection.run_event

    def timed_event(self, name, item=None, **kwargs):
        begun = time.perf_counter()
        try:
            return run_event(self, name, item, **kwargs)
        finally:
            times[f"on_{name}"] += time.perf_counter() - begun

    plugins.PluginCollection.run_event = timed_event
    from mkdocs.__main__ import cli

    sys.argv = ["mkdocs", "build", *options]
    try:
        cli(standalone_mode=False)
    finally:
        times["total"] = time.perf_counter() - start
        with open(out, "w", encoding="utf-8") as file:
            json.dump(dict(times), file)


if __name__ == "__main__":  # not when the hooks' helper process (spawn) imports this as __mp_main__
    main()
