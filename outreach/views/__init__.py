"""Showing results: per-page logic that words, shapes and draws query results, without Streamlit.

- overview, coverage, feedback, officials, agencies: one module per page
- flags: the flags on officials in words, with their rules and evidence
- columns: the column registry (kind, header per page, format) of every table on screen, every
  download and the review workbook; the card record
- bars: bars of shares drawn as plain HTML
- review: the review workbook (XLSX); report: the printable meeting report
- charts: the shared Plotly layout

May import outreach.config, outreach.i18n, outreach.query and outreach.ingest (read-only helpers such
as the contract and map fitting) and its own modules; never outreach.ui, demo or Streamlit
(tests/test_layout.py checks this).
"""
