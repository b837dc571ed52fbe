"""The service-station locator: docs/_data/stations.yml (model.py) → /stations/,
one page per station and per area, stations.json (pages.py, templates/)."""
