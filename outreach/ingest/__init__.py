"""Reading exports into the database: the first stage of the data's flow (read → store and ask → show).

- contract: the export contract as data (tables, columns, types, keys, enum labels)
- sources: finding and reading files (CSV in any common encoding, XLSX, Parquet) and their headers
- csvread: a CSV streamed in bounded memory (encoding, delimiter, records; unreadable records reported)
- limits: the bounds checked before a file is parsed (sheet extent, zip bombs, value length)
- private: files of citizens' data created 0600 (folders 0700), the private work folder, leftovers
- load: checking every row and building the database behind an atomically swapped link; history
- staging: the shared macros and import-time tables in the order they run, and the digest that
  recognises a database built by another version
- geo: commune boundary files (any CRS), matching them to communes, simplifying them once
- national: the national commune code list check
- workdays: the working-day calendar (holidays, make-up Saturdays) stored at import
- template: the XLSX template of the contract
- uploads: the Data page's import work (staging uploaded files, the allowed server folders, shaping
  the report), without Streamlit
- docs: data/README.md written from the contract

May import outreach.config, outreach.i18n and its own modules; never outreach.query, views, ui,
demo or Streamlit (tests/test_layout.py checks this).
"""
