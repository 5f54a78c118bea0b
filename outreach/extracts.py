"""The catalogue of named extracts (queries an analyst may download) and table labels."""

from __future__ import annotations

import pandas as pd

from outreach import db
from outreach.i18n import t

# Queries that feed widgets or bookkeeping, not analysts.
INTERNAL_QUERIES = frozenset({
    "data_as_of", "commune_list", "agency_list", "import_summary", "import_files", "import_problems",
    "import_problem_summary", "data_freshness", "commune_shapes", "boundary_summary",
})


def extract_catalogue() -> dict[str, str]:
    """Extract name -> one-line description (the query file's header)."""
    return {
        name: db.load_query(name).description
        for name in db.query_names()
        if name not in INTERNAL_QUERIES
    }


def import_table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = ["table_name", "rows_read", "rows_loaded", "rows_rejected", "rows_merged"]
    return summary[columns].rename(columns={column: t("col_" + column, lang) for column in columns})
