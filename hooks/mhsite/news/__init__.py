"""News (动态), Material's blog plugin: the posts' front matter and the authors
file checked (model.py), and the RSS feeds (feed.py)."""
