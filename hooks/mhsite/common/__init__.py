"""What the capabilities share: reading editors' data files with their lines,
field rules (text, dates, phone numbers, opening hours), holidays, geography,
rendering templates, the build's clock, front matter and Chinese line breaks.
No MkDocs here."""
