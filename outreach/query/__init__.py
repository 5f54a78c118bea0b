"""Asking the database: the second stage (read → store and ask → show).

- db: the query runner (named queries in queries/, parameters checked, access restriction enforced)
- periods: the period, as_of and ref_date of a question
- auth: accounts, roles and the restriction each account gets
- extracts: the named extracts and the files DuckDB writes for them
- export: CSV/XLSX bytes, formula neutralisation, file names

May import outreach.config, outreach.i18n and its own modules; never outreach.ingest, views, ui,
demo or Streamlit (tests/test_layout.py checks this).
"""
