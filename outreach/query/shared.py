"""Shared intermediate results: the per-official and per-agency rows several queries of a page
build from the same macro call, computed once per (database file, macro, arguments) and reused.

A named query calls a staging macro with its own parameters, e.g. official_participation and
official_flags both read `official_flag_rows($start, $ref_date, $as_of, $commune, $agency,
$settings)`. Before a query runs, each call of a macro in SHARED_MACROS whose arguments are only
parameters (or null) is replaced by the name of an Arrow table holding that call's rows: taken
from this process's cache, or computed once and cached. The query file is unchanged and says what
it returns; the rows are the macro's own, so the result is identical (tests/test_shared.py runs
every query both ways). A call with other arguments (agency_score_by_quarter's windows) is left
as it is. The cache key names the database file and its modification time, so another import
(a new file) never meets the old rows.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from typing import Any

import duckdb
import pyarrow as pa

# The macros whose rows several queries of one page read (docs/metrics.md, "Shared intermediate
# results"): the flags (those of the roster and those beyond it), their evidence and the
# participation counts (officials page), the
# agency scorecard (agencies page) and the coverage per commune (coverage page: the map, the blind
# spots and the table; 3,321 rows nationally). Not the period's feedback items (feedback_in_period, read by
# 11 queries of the feedback page): nationally 2 million wide rows, whose copy to Arrow cost as
# much as the evaluations it saved (measured: the feedback page 5.3 s plain, 5.5 s shared).
SHARED_MACROS = ("official_flag_rows", "official_flag_evidence_rows", "official_attendance",
                 "official_quota_counts", "agency_scorecard_rows", "commune_coverage_rows", "beyond_flag_rows",
                 "beyond_flag_evidence_rows")
# Shared macros built over other shared macros' rows: the evidence of the flags over the flag rows (passed
# as one list argument: macros/34_people.sql and 36_beyond.sql), and the flags over the participation
# counts and the quota counts, which official_participation reads too. Their rows are computed from their
# own definition in the database, with their parameters replaced by the call's arguments, so the rows
# inside come from the cache too instead of being evaluated again. Same SQL, same rows.
COMPOSED = ("official_flag_rows", "official_flag_evidence_rows", "beyond_flag_evidence_rows")
_ARGUMENT = r"(?:\$[A-Za-z_][A-Za-z0-9_]*|null)"
_CALL = re.compile(r"\b(" + "|".join(SHARED_MACROS) + r")\(\s*(" + _ARGUMENT + r"(?:\s*,\s*" + _ARGUMENT + r")*)\s*\)",
                   re.IGNORECASE)
# The cache holds at most this many bytes of Arrow data (a national period's rows of the four
# macros take about 20 MB); the least recently used results go first.
MAX_CACHE_BYTES = 256 * 1024 ** 2

_ENABLED: contextvars.ContextVar[bool] = contextvars.ContextVar("outreach_shared", default=True)
_CACHE: OrderedDict[str, pa.Table] = OrderedDict()
_LOCK = threading.Lock()


@contextlib.contextmanager
def disabled():
    """Within the block every macro call is evaluated inside its query (the plain definition)."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)


def clear() -> None:
    with _LOCK:
        _CACHE.clear()


def cached_bytes() -> int:
    with _LOCK:
        return sum(table.nbytes for table in _CACHE.values())


def _database_identity(con: duckdb.DuckDBPyConnection) -> str | None:
    """The database file and its modification time; None for an in-memory database (no sharing)."""
    rows = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchall()
    row = rows[0] if rows else None
    if not row or not row[0]:
        return None
    try:
        return f"{row[0]}|{os.stat(row[0]).st_mtime_ns}"
    except OSError:
        return None


def _value(params: dict[str, Any], token: str) -> Any:
    return None if token.lower() == "null" else params.get(token[1:])


def _definition(con: duckdb.DuckDBPyConnection, macro: str) -> tuple[list[str], str]:
    """A table macro's parameter names and its query, as the database holds them."""
    rows = con.execute("select parameters, macro_definition from duckdb_functions() "
                       "where function_name = $macro and function_type = 'table_macro'", {"macro": macro}).fetchall()
    if len(rows) != 1:
        raise LookupError(f"no single table macro {macro!r} in the database")
    return list(rows[0][0]), rows[0][1]


def _composed_sql(con, macro: str, tokens: list[str]) -> str:
    """The body of a COMPOSED macro with its parameters replaced by the call's arguments."""
    names, body = _definition(con, macro)
    if len(names) != len(tokens):
        raise ValueError(f"{macro} takes {len(names)} arguments, the call gives {len(tokens)}")
    values = dict(zip(names, tokens))
    return re.sub(r"\b(" + "|".join(map(re.escape, names)) + r")\b", lambda m: values[m.group(1)], body)


def _compute(con, macro: str, arguments: str, tokens: list[str], params: dict[str, Any]) -> pa.Table:
    if macro in COMPOSED:
        # Its body, in which the inner shared call (the flags) is read from the cache as well.
        with prepared(con, _composed_sql(con, macro, tokens), params) as sql:
            named = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql))
            return con.execute(sql, {k: v for k, v in params.items() if k in named} or None).to_arrow_table()
    used = {token[1:]: params[token[1:]] for token in tokens if token.lower() != "null"}
    return con.execute(f"select * from {macro}({arguments})", used or None).to_arrow_table()


def _get(key: str, compute) -> pa.Table:
    with _LOCK:
        table = _CACHE.get(key)
        if table is not None:
            _CACHE.move_to_end(key)
            return table
    table = compute()            # outside the lock: another session may compute the same once more
    with _LOCK:
        _CACHE[key] = table
        _CACHE.move_to_end(key)
        while len(_CACHE) > 1 and sum(t.nbytes for t in _CACHE.values()) > MAX_CACHE_BYTES:
            _CACHE.popitem(last=False)
    return table


@contextlib.contextmanager
def prepared(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]):
    """The query's SQL with each shared macro call replaced by its cached rows (registered on
    `con` for the block), or the SQL as it is when sharing is off or nothing is shared."""
    calls = {match.group(0): match for match in _CALL.finditer(sql)} if _ENABLED.get() else {}
    identity = _database_identity(con) if calls else None
    if not calls or identity is None:
        yield sql
        return
    registered = []
    try:
        for text, match in calls.items():
            macro, arguments = match.group(1).lower(), match.group(2)
            tokens = [token.strip() for token in arguments.split(",")]
            key_text = json.dumps([identity, macro, tokens, [_value(params, t) for t in tokens]], default=str,
                                  sort_keys=True)
            key = hashlib.sha256(key_text.encode("utf-8")).hexdigest()
            table = _get(key, lambda: _compute(con, macro, arguments, tokens, params))
            name = f"shared_{macro}_{key[:16]}"
            _register(con, name, table)
            registered.append(name)
            sql = sql.replace(text, name)
        yield sql
    finally:
        for name in registered:
            _unregister(con, name)


# Names registered on a connection, counted: a COMPOSED macro's computation registers, inside the
# query's own block, a name the query may hold too (the same flag rows); the name stays until the last
# block that registered it ends.
_REGISTERED: dict[tuple[int, str], int] = {}


def _register(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    with _LOCK:
        count = _REGISTERED.get((id(con), name), 0)
        _REGISTERED[(id(con), name)] = count + 1
    if not count:
        con.register(name, table)


def _unregister(con: duckdb.DuckDBPyConnection, name: str) -> None:
    with _LOCK:
        count = _REGISTERED.pop((id(con), name), 1) - 1
        if count:
            _REGISTERED[(id(con), name)] = count
    if not count:
        con.unregister(name)
