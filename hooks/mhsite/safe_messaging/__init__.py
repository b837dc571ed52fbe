"""Safe messaging about suicide on every page: wording to rewrite, and the
help box with the crisis lines (wording.py, templates/help-box.html)."""
