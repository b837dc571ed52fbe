"""Activities: docs/_data/events.yml (model.py) → /events/, one page and one
.ics file per activity, subscribable calendars (pages.py, calendar.py,
templates/); the upcoming ones on station pages and the home page."""
