"""The site search: Pagefind's index of every page (index.py)."""
