"""Outreach dashboard engine, laid out as the data flows: read → store and ask → show.

- config, i18n, texts/: settings and the translation table with vi-VN formats (used by every stage;
  they import no other part of outreach)
- ingest/: reading exports and building the database
- query/: asking the database (runner, periods, access, extracts)
- views/: per-page logic that words and draws results, without Streamlit
- ui/: the only Streamlit code (page shell, URL state, sign-in, tables, extract builder and its
  session-checked download route, importer)
- demo/: the seeded demo province and the national demo
- cli: `python -m outreach ...`

Import rules (tests/test_layout.py): ingest and query never import views, ui, demo or Streamlit and
not each other; views never import ui, demo or Streamlit; demo imports no query runner, views or
ui; only outreach/ui, pages/ and dashboard.py import Streamlit.
"""
