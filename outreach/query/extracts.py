"""The catalogue of named extracts (queries an analyst may download), who may run which, and the
extract builder's runner: preview, row count and streamed files, every one through db's checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from outreach.query import db, export
from outreach.config import Settings
from outreach.i18n import t

# Queries that feed widgets or bookkeeping, not analysts.
INTERNAL_QUERIES = frozenset({
    "data_as_of", "commune_list", "agency_list", "import_summary", "import_files", "import_problems",
    "import_problem_summary", "data_freshness", "commune_shapes", "boundary_summary",
    # one official's rows of heard_elsewhere_first (the officials page's record), which is the extract
    "heard_elsewhere_for_official",
})

# One row per citizen feedback item: row-level citizen extracts, refused for leaders.
CITIZEN_ROW_EXTRACTS = frozenset({
    "feedback_items", "feedback_open_items", "feedback_held_items", "commune_feedback", "feedback_contacts",
})

# Values the builder fills from the sidebar for extracts about one selected thing.
SELECTION_FROM_SCOPE = {"selected_commune": "commune"}

PREVIEW_ROWS = 200


def extract_catalogue(lang: str | None = None) -> dict[str, str]:
    """Extract name -> one line: the translated title (lang 'vi' or 'en'), or the query file's
    header when lang is None (the CLI's list for analysts)."""
    from outreach.i18n import t

    return {
        name: t(f"xt_{name}", lang) if lang else db.load_query(name).description
        for name in db.query_names()
        if name not in INTERNAL_QUERIES
    }


def refusal(name: str, restriction: db.Restriction) -> str | None:
    """Why `restriction` may not run the extract (English, for logs and the CLI), else None."""
    if not restriction.citizen_rows and name in CITIZEN_ROW_EXTRACTS:
        return f"{name} is a row-level citizen extract: refused for the role {restriction.role}"
    query = db.load_query(name)
    if restriction.commune is not None and name not in db.NO_COMMUNE_ROWS \
            and not query.parameters & set(db.COMMUNE_PARAMETERS):
        return f"{name} cannot be limited to one commune: refused for a commune officer"
    return None


def allowed_extracts(restriction: db.Restriction, lang: str | None = None) -> dict[str, str]:
    return {name: text for name, text in extract_catalogue(lang).items() if refusal(name, restriction) is None}


def missing_selection(name: str, scope: db.Scope) -> list[str]:
    """Selections the extract needs that the sidebar does not give (e.g. a commune)."""
    needed = db.load_query(name).parameters & set(SELECTION_FROM_SCOPE)
    return sorted(key for key in needed if getattr(scope, SELECTION_FROM_SCOPE[key]) is None)


def extract_params(name: str, scope: db.Scope, settings: Settings) -> dict[str, Any]:
    extra = {key: getattr(scope, attribute) for key, attribute in SELECTION_FROM_SCOPE.items()
             if key in db.load_query(name).parameters}
    return scope.params_for(name, settings, extra)


def _checked_sql(con, name: str, params: dict[str, Any], restriction: db.Restriction) -> str:
    problem = refusal(name, restriction)
    if problem:
        raise db.AccessError(problem)
    return db.period_sql(con, db.checked_query(name, params, restriction).sql, params)


def columns(con, name: str, params: dict[str, Any], restriction: db.Restriction) -> list[str]:
    return [column for column, _ in export.query_columns(con, _checked_sql(con, name, params, restriction), params)]


def preview(con, name: str, params: dict[str, Any], restriction: db.Restriction,
            chosen: list[str] | None = None, rows: int = PREVIEW_ROWS) -> tuple[pd.DataFrame, int]:
    """The first `rows` rows (chosen columns) and the total row count, without fetching the rest."""
    sql = export.safe_select(con, _checked_sql(con, name, params, restriction), params, chosen)
    total = con.execute(f"select count(*) from ({sql})", params or None).fetchall()[0][0]
    first = con.execute(f"select * from ({sql}) limit {int(rows)}", params or None).df()
    return first, int(total)


def write(con, name: str, params: dict[str, Any], restriction: db.Restriction, path: Path,
          chosen: list[str] | None = None) -> int:
    """Stream the extract to `path` (.csv with BOM or .xlsx) and return its row count."""
    return export.write_query_extract(con, _checked_sql(con, name, params, restriction), params, path, chosen)


def import_table(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = ["table_name", "rows_read", "rows_loaded", "rows_rejected", "rows_merged"]
    return summary[columns].rename(columns={column: t("col_" + column, lang) for column in columns})
