"""Articles, micro-lessons and parenting guides: their front matter (model.py),
the furniture around them and the section indexes (pages.py, templates/),
what an editor's page body may not contain (body.py), and `./run new`
(new_page.py)."""
