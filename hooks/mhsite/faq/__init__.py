"""The question-and-answer handbook: docs/_data/faq.yml (model.py) → /faq/
(pages.py, templates/)."""
