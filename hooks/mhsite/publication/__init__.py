"""Nothing sample, unreviewed or unfinished goes live: the publication check
(check.py; `./run check` is __main__.py), how sample data is recognised
(samples.py), and the "信息有误？" links to the operator (operator.py)."""
