"""The site's one MkDocs hook (mkdocs.yml, `hooks:`): the plugin of
hooks/mhsite/plugin.py, whose event methods MkDocs calls as this module's
`on_*` functions. Everything lives in the `mhsite` package beside this file
(README, "How it is built").

MkDocs imports this file by its path and puts hooks/ on the import path only
while it does (and keeps the module for every rebuild of `mkdocs serve`): the
package is imported here, now, and the plugin starts each build afresh.
"""

from mhsite.plugin import SitePlugin

plugin = SitePlugin()

on_startup = plugin.on_startup
on_config = plugin.on_config
on_files = plugin.on_files
on_nav = plugin.on_nav
on_env = plugin.on_env
on_page_markdown = plugin.on_page_markdown
on_page_content = plugin.on_page_content
on_page_context = plugin.on_page_context
on_template_context = plugin.on_template_context
on_post_page = plugin.on_post_page
on_post_template = plugin.on_post_template
on_post_build = plugin.on_post_build
on_build_error = plugin.on_build_error
on_shutdown = plugin.on_shutdown
