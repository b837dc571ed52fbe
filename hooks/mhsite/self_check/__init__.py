"""Self-check questionnaires: docs/_data/questionnaires/*.yml (model.py) →
/self-check/ (pages.py, templates/)."""
