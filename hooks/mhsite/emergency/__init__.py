"""Emergency mode (应急模式): docs/_data/emergency.yml (model.py); the notice
itself is a theme partial (overrides/partials/emergency.html)."""
