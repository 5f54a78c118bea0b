"""The default view stored at import: what the pages ask first (the whole country, the default
period) computed once on the new database before it is swapped in, so the first reader after an
import, and every reader of the default view, gets it without computing it.

Each named query whose parameters a page scope provides (queries/*.sql) is run with the default
scope's parameters, once for each combination of the personal-data switches a role can have
(docs/metrics.md, "Stored default view"), and its Arrow result is kept in the table
`stored_results` (outreach/query/db.py reads it). Nothing else changes: another period, a filter,
a selection or a setting chosen on a page is computed as before.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import duckdb
import pyarrow as pa

from outreach.config import Settings, load_settings
from outreach.query import db, shared

# The personal-data switches of the roles (outreach/query/auth.py) without a commune restriction:
# (personal, citizen_rows). A commune officer's view is one commune's, never the default view.
ROLE_SWITCHES = ((True, True), (False, True), (False, False))
# Not part of the default view: queries a page runs only for a chosen official (with no official
# they list every official's rows, which no page shows), and the row-level extracts of every
# feedback item, read on a download (nationally 2 million rows each, 16 s of the import).
NOT_STORED = frozenset({"official_detail_visits", "official_feedback_months", "official_quota_months",
                        "feedback_items", "feedback_contacts"})
# A result longer than this is not stored (row-level extracts of the whole country are read on a
# download, not on opening a page); it is computed when asked for, as before.
MAX_STORED_ROWS = 500_000


def stored_queries() -> list[str]:
    """The named queries a page scope can run without a selection: every parameter is one the
    scope provides (period, filters, personal switches, settings)."""
    available = db.Scope.available_names()
    return [name for name in db.query_names()
            if name not in NOT_STORED and db.load_query(name).parameters <= available]


def default_view(con: duckdb.DuckDBPyConnection, settings: Settings) -> list[tuple[db.Query, dict[str, Any]]]:
    """(query, parameters) of the default view: each stored query at the default period, whole
    country, for each role's switches; duplicates (queries without personal parameters) once."""
    period = db.period_for(con, settings)
    wanted, seen = [], set()
    for personal, citizen_rows in ROLE_SWITCHES:
        scope = db.Scope(period=period, restriction=db.Restriction(personal=personal, citizen_rows=citizen_rows))
        for name in stored_queries():
            query = db.load_query(name)
            params = scope.params_for(name, settings)
            key = db.result_key(query, params)
            if key not in seen:
                seen.add(key)
                wanted.append((query, params))
    return wanted


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def store_default_view(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> dict[str, float]:
    """Compute the default view on `con` (the import's read-write connection, before the swap)
    and store it in `stored_results`, replacing what was there. Seconds per query, summed over
    the role variants."""
    settings = settings or load_settings()
    con.execute(f"drop table if exists {db.STORED_TABLE}")
    con.execute(f"create table {db.STORED_TABLE} (result_key varchar primary key, query varchar, result blob, "
                "result_rows bigint, stored_at timestamp)")
    stored_at = dt.datetime.now().replace(microsecond=0)
    seconds: dict[str, float] = {}
    with db.computed():
        for query, params in default_view(con, settings):
            started = time.perf_counter()
            result = db.compute_arrow(con, query, params)
            if len(result) <= MAX_STORED_ROWS:
                con.execute(f"insert into {db.STORED_TABLE} values (?, ?, ?, ?, ?)",
                            [db.result_key(query, params), query.name, _ipc(result), len(result), stored_at])
            del result
            seconds[query.name] = seconds.get(query.name, 0.0) + time.perf_counter() - started
    shared.clear()   # rows of the file being built: no reader will ask for them
    return seconds
