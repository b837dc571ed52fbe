"""MkDocs hook: quieter Chinese word segmentation for the search index.

Material's search plugin segments Chinese text with jieba when it is
installed, loading the project's dictionary `docs/_data/search-terms.txt`
(see mkdocs.yml). jieba announces every dictionary load on the console;
editors should only see messages that ask them to do something.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


@event_priority(100)  # before the search plugin's on_config loads the dictionary
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return config
