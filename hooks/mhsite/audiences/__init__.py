"""Who the site is for: docs/_data/audiences.yml, the one vocabulary of
audiences every other data file and page refers to (model.py), and the
「我是……」 pages /for/ and /for/<audience>/ (pages.py, templates/)."""
