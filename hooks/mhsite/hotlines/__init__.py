"""The hotline directory: docs/_data/hotlines.yml (model.py) → /hotlines/, its
print view and hotlines.json (pages.py, templates/), and the crisis lines of
the help bar on every page."""
