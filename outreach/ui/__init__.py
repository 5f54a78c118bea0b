"""The only Streamlit code of the engine, one module per job.

- context: what a page run knows (language, settings, database version, period and filters)
- shell: page config, the shared sidebar, the page header, definitions expander
- results: the cached read-only connection and named-query results under the account's restriction
- urlstate: widget values kept in the page address (shareable links)
- signin: the sign-in form and the account box
- tables: tables on screen and their CSV/XLSX downloads
- importer: the Data page's import runner
- extract_builder: the Data page's extract builder
- downloads: extract files behind the session (private folder, the checked download route, expiry)
- meeting_report: the meeting-report button
- warm: the default view computed after an import; warm_start: the same, and the pages' imports, at server start

May import everything in outreach (config, i18n, ingest, query, views, demo). Nothing outside
outreach/ui, pages/ and dashboard.py imports Streamlit or this package (tests/test_layout.py).
"""
