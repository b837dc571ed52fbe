"""Our own scripts and stylesheet as they are served: without their comments
and the spaces around them. No MkDocs here.

The files under docs/assets/ are written to be read (each part says what it
does and why, often at length): as written they are a third larger gzipped
than what the browser needs, and every page loads site.css and site.js.
Material's files are minified already (`.min.` in their names) and left as
they are.

The minifiers only take out comments and white space (rjsmin, rcssmin:
no renaming, no rewriting), so what runs is what is written; the files in
docs/ stay as they are, for people.

Shapes: `minifiable(path)` -> bool; `minified(path, text)` -> str (the same
text for a file that is neither a script nor a stylesheet).
"""

from __future__ import annotations

import rcssmin
import rjsmin


def minifiable(path: str) -> bool:
    """A script or stylesheet of ours: .js or .css, not already .min.*"""
    return path.endswith((".js", ".css")) and ".min." not in path.rsplit("/", 1)[-1]


def minified(path: str, text: str) -> str:
    if path.endswith(".js"):
        # Keep /*! ... */ comments (licence notices), as minifiers do.
        return rjsmin.jsmin(text, keep_bang_comments=True).strip() + "\n"
    if path.endswith(".css"):
        return rcssmin.cssmin(text, keep_bang_comments=True).strip() + "\n"
    return text
