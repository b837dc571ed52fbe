"""The site's own MkDocs plugin and the capabilities it builds (README, "How it
is built"). `hooks/plugin.py` is the one file under `hooks:` in mkdocs.yml.

One package per capability (hotlines, stations, events, ...), each with its
data model, its pages and its templates; `common` holds what they share. Only
`plugin.py` and `mkdocs_support.py` import MkDocs. The packages' __init__.py
files import nothing, so that importing one module never pulls in the rest.
"""

from pathlib import Path

# The project this package belongs to (hooks/mhsite/ is two levels below):
# its mkdocs.yml, docs/ and overrides/, for the commands run without a build
# (./run check, ./run new, ./run schemas).
PROJECT = Path(__file__).resolve().parents[2]
