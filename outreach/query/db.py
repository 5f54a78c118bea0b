"""The query runner: named .sql files in queries/, parameters checked, DataFrames out."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import json
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from outreach.config import PROJECT_ROOT, Settings, load_settings
from outreach.query import shared
from outreach.query.periods import Period, data_start, resolve_period

QUERIES_DIR = PROJECT_ROOT / "queries"

# Results are taken as Arrow from the executed statement (run_query). DuckDB warns that this path
# copies the rows once more than a relation's; measured here, the copy costs less than building a
# relation per query (one province's pages: 897 ms against 1,011 ms for all their queries; the
# national pages the same within noise), so the warning is expected and silenced for this one case.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result makes an extra copy",
                        category=UserWarning)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_LINE_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")


class QueryError(Exception):
    """A query name or its parameters are wrong."""


class AccessError(QueryError, PermissionError):
    """The signed-in account may not run this query with these parameters."""


# Parameters naming a commune: under a commune restriction each must equal the officer's commune.
COMMUNE_PARAMETERS = ("commune", "selected_commune")
# The one switch between masked and real citizen names/phones (queries mask unless it is true).
PERSONAL_PARAMETER = "show_personal"
# The same switch for reports that are not citizen rows but may quote personal values (the import
# report's rejected values): true only for an account that may see personal data; unlike
# $show_personal it does not make the query a row-level citizen extract (a leader runs it, masked).
PERSONAL_VALUES_PARAMETER = "personal_values"
# The switch between masked and written free text (a summary may hold a name or a phone): queries
# mask names and phones in it unless it is true. Unlike $show_personal it does not make a query a
# row-level citizen extract: a leader runs these queries and gets the masked text.
PERSONAL_TEXT_PARAMETER = "show_personal_text"
# The settings of the definitions (outreach/defaults.toml), passed to queries as one struct.
SETTINGS_PARAMETER = "settings"
# Queries that return no row of any commune (dates of the data; the agencies dimension table):
# the only ones a commune officer may run without receiving the commune.
NO_COMMUNE_ROWS = frozenset({"data_as_of", "agency_list"})


@dataclass(frozen=True)
class Restriction:
    """What the signed-in account may receive. Enforced by run_query, whatever the page asks.

    commune: a commune officer's commune: every query must receive it (as $commune or
             $selected_commune), else it is refused.
    personal: may see citizen names and phones unmasked ($show_personal may be true).
    citizen_rows: may run row-level citizen extracts that carry name/phone columns (queries
             naming $show_personal); false for leaders.
    """

    role: str = "local"
    commune: str | None = None
    personal: bool = True
    citizen_rows: bool = True

    @property
    def restricted(self) -> bool:
        return self.commune is not None or not self.personal or not self.citizen_rows


UNRESTRICTED = Restriction()
_CURRENT: contextvars.ContextVar[Restriction | None] = contextvars.ContextVar("outreach_restriction", default=None)


@contextlib.contextmanager
def restricted(restriction: Restriction | None):
    """Within the block, run_query applies `restriction` when a caller passes none (e.g. the
    review workbook, which runs its own queries)."""
    token = _CURRENT.set(restriction)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def check_access(query: "Query", params: dict[str, Any], restriction: Restriction | None) -> None:
    """Refuse a query the restriction does not allow (raises AccessError)."""
    if restriction is None:
        return
    name = query.name
    if restriction.commune is not None and name not in NO_COMMUNE_ROWS:
        named = [p for p in COMMUNE_PARAMETERS if p in query.parameters]
        if not named:
            raise AccessError(f"query {name}: refused for a commune officer: it does not take $commune, "
                              f"so it cannot be limited to commune {restriction.commune}")
        for parameter in named:
            if params.get(parameter) != restriction.commune:
                raise AccessError(f"query {name}: ${parameter} = {params.get(parameter)!r}, but this account "
                                  f"may only read commune {restriction.commune}")
    if PERSONAL_PARAMETER in query.parameters:
        if not restriction.citizen_rows:
            raise AccessError(f"query {name}: row-level citizen extracts are refused for the role {restriction.role}")
        if params.get(PERSONAL_PARAMETER) and not restriction.personal:
            raise AccessError(f"query {name}: this account may not see citizen names and phones")
    if PERSONAL_VALUES_PARAMETER in query.parameters and params.get(PERSONAL_VALUES_PARAMETER) \
            and not restriction.personal:
        raise AccessError(f"query {name}: this account may not see personal values unmasked")
    if PERSONAL_TEXT_PARAMETER in query.parameters and params.get(PERSONAL_TEXT_PARAMETER) \
            and not (restriction.personal and restriction.citizen_rows):
        raise AccessError(f"query {name}: this account may not see names and phones in free text")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    parameters: frozenset[str]
    description: str


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))


@lru_cache(maxsize=None)
def _load(name: str, mtime_ns: int) -> Query:
    path = QUERIES_DIR / f"{name}.sql"
    sql = path.read_text(encoding="utf-8")
    code = _STRING.sub("''", _LINE_COMMENT.sub("", sql))
    header = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line[2:].strip())
    description = " ".join(header).split(" params:")[0].strip()
    return Query(name=name, sql=sql, parameters=frozenset(_PARAMETER.findall(code)), description=description)


def load_query(name: str) -> Query:
    if name not in query_names():
        raise QueryError(f"unknown query {name!r}; known: {', '.join(query_names())}")
    path = QUERIES_DIR / f"{name}.sql"
    return _load(name, path.stat().st_mtime_ns)


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)


def frame_of(table: pa.Table) -> pd.DataFrame:
    """An Arrow result as the DataFrame DuckDB's `.df()` would give, several times faster for
    wide text results (a national result of 200,000 rows × 15 columns converts in tens of
    milliseconds instead of hundreds): integers and booleans with nulls as pandas' nullable types
    (Int64, boolean), without nulls as numpy's; dates and timestamps as datetime64[us]; DECIMAL
    and HUGEINT (sums) as float64; text as pandas' string dtype; an all-empty text column as
    object (None). tests/test_db.py checks it against `.df()` on every named query."""
    fields, nullable, empty_text = [], {}, []
    for field, column in zip(table.schema, table.columns):
        kind = field.type
        if pa.types.is_decimal(kind):
            field = field.with_type(pa.float64())
        elif pa.types.is_date(kind):
            field = field.with_type(pa.timestamp("us"))
        elif _is_text(kind):
            if column.null_count == len(column):      # no row, or no value in any row
                empty_text.append(field.name)
        elif column.null_count:
            if pa.types.is_integer(kind):
                nullable[field.name] = pd.api.types.pandas_dtype(str(kind).replace("int", "Int").replace("uInt", "UInt"))
            elif pa.types.is_boolean(kind):
                nullable[field.name] = pd.BooleanDtype()
        fields.append(field)
    schema = pa.schema(fields)
    if not schema.equals(table.schema):
        table = table.cast(schema)
    frame = table.to_pandas(coerce_temporal_nanoseconds=False)
    for name, dtype in nullable.items():
        frame[name] = table.column(name).to_pandas(types_mapper=lambda _type, dtype=dtype: dtype)
    for name in empty_text:
        frame[name] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame


def run_query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any],
              restriction: Restriction | None = None) -> pd.DataFrame:
    """Run queries/<name>.sql with exactly the parameters it names, if `restriction` (or the one
    set by `restricted(...)`) allows it."""
    query = checked_query(name, params, restriction)
    stored = stored_result(con, query, params)
    if stored is not None:
        return frame_of(stored)
    return frame_of(compute_arrow(con, query, params))


def compute_arrow(con: duckdb.DuckDBPyConnection, query: Query, params: dict[str, Any]) -> pa.Table:
    """The query's result as DuckDB computes it now (never from the stored default view), its
    shared macro calls read from outreach/query/shared.py's cache (a period with no data: plain)."""
    if has_no_data(params):
        return con.execute(period_sql(con, query.sql, params), params if params else None).to_arrow_table()
    with shared.prepared(con, query.sql, params) as sql:
        if sql is not query.sql:   # a parameter only a replaced call used is no longer in the SQL
            named = set(_PARAMETER.findall(_STRING.sub("''", _LINE_COMMENT.sub("", sql))))
            params = {key: value for key, value in params.items() if key in named}
        return con.execute(sql, params if params else None).to_arrow_table()


# The default view (whole country, the default period, each role's personal switches) is stored at
# import in this table (outreach/query/stored.py writes it): one row per (query, parameters), the
# result as compressed Arrow IPC. A result is found only by the digest of the query's SQL text
# and its parameter values, so a changed query file or any other period, filter or setting is
# computed; tests/test_stored.py proves every stored result equal to the query computed again.
STORED_TABLE = "stored_results"
_USE_STORED: contextvars.ContextVar[bool] = contextvars.ContextVar("outreach_use_stored", default=True)


def result_key(query: Query, params: dict[str, Any]) -> str:
    """Digest of the query's SQL and its parameters (dates ISO, the settings struct by key)."""
    text = json.dumps({"name": query.name, "sql": query.sql, "params": params}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_result(con: duckdb.DuckDBPyConnection, query: Query, params: dict[str, Any]) -> pa.Table | None:
    """The stored result of this query with these parameters, or None (no store, or not stored)."""
    if not _USE_STORED.get():
        return None
    try:
        rows = con.execute(f"select result from {STORED_TABLE} where result_key = $key",
                           {"key": result_key(query, params)}).fetchall()
    except duckdb.CatalogException:      # a database imported without the store
        return None
    if not rows:
        return None
    return pa.ipc.open_stream(pa.py_buffer(rows[0][0])).read_all()


@contextlib.contextmanager
def computed():
    """Within the block, run_query computes every query (never reads the stored default view):
    what the benchmark's "computed" columns and the store's own tests measure."""
    token = _USE_STORED.set(False)
    try:
        yield
    finally:
        _USE_STORED.reset(token)


# Columns that describe a thing, not what happened in the period: kept for a period with no data.
ATTRIBUTE_COLUMNS = frozenset({"population", "area_km2", "households", "hamlets_total", "officials",
                               "required_visits_per_month"})
_FIGURE_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL", "BOOLEAN")


def has_no_data(params: dict[str, Any]) -> bool:
    """A period that ends before the data start reaches the query as start > ref_date
    (periods.Period.start): it has no figures at all (docs/metrics.md, "Data start")."""
    start, ref_date = params.get("start"), params.get("ref_date")
    return start is not None and ref_date is not None and start > ref_date


def period_sql(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> str:
    """The query's SQL, or, for a period with no data, the same rows with every count, rate and
    yes/no empty (never 0 or 0%); names, codes and dates stay."""
    if not has_no_data(params):
        return sql
    described = con.execute(f"describe (\n{sql.rstrip().rstrip(';')}\n)", params or None).fetchall()
    parts = []
    for column, kind, *_ in described:
        quoted = '"' + column.replace('"', '""') + '"'
        figure = str(kind).upper().startswith(_FIGURE_TYPES) and column not in ATTRIBUTE_COLUMNS
        parts.append(f"null::{kind} as {quoted}" if figure else quoted)
    return f"select {', '.join(parts)}\nfrom (\n{sql.rstrip().rstrip(';')}\n) as period_rows"


def checked_query(name: str, params: dict[str, Any], restriction: Restriction | None = None) -> Query:
    """The query, after checking the access restriction and its parameters (raises otherwise; a
    refused account is refused whatever parameters it passes)."""
    query = load_query(name)
    check_access(query, params, restriction if restriction is not None else _CURRENT.get())
    given = set(params)
    missing = sorted(query.parameters - given)
    extra = sorted(given - query.parameters)
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"missing {', '.join('$' + p for p in missing)}")
        if extra:
            problems.append(f"unexpected {', '.join('$' + p for p in extra)}")
        raise QueryError(f"query {name}: {'; '.join(problems)}")
    return query


@dataclass(frozen=True)
class Scope:
    """What the user is looking at: the period plus filters. Gives every query its parameters."""

    period: Period
    commune: str | None = None
    agency: str | None = None
    restriction: Restriction = field(default=UNRESTRICTED)

    def __post_init__(self) -> None:
        # A commune officer's scope is their commune, whatever the sidebar or URL says.
        if self.restriction.commune is not None and self.commune != self.restriction.commune:
            object.__setattr__(self, "commune", self.restriction.commune)

    @property
    def restricted_commune(self) -> str | None:
        return self.restriction.commune

    @property
    def can_see_personal(self) -> bool:
        return self.restriction.personal and self.restriction.citizen_rows

    @property
    def row_level_citizen(self) -> bool:
        return self.restriction.citizen_rows

    def available(self, settings: Settings) -> dict[str, Any]:
        previous = self.period.previous()
        values: dict[str, Any] = {
            "start": self.period.start,
            "ref_date": self.period.ref_date,
            "as_of": self.period.as_of,
            "prev_start": previous.start,
            "prev_ref_date": previous.ref_date,
            "commune": self.commune,
            "agency": self.agency,
            # One official's rows (the officials page's detail); null for every official.
            "official_id": None,
            PERSONAL_PARAMETER: self.can_see_personal,
            PERSONAL_VALUES_PARAMETER: self.restriction.personal,
            PERSONAL_TEXT_PARAMETER: self.can_see_personal,
            # Every setting a definition uses, as one struct ($settings['held_after_days'] in SQL).
            SETTINGS_PARAMETER: {**settings.query_settings(), "visits_from": self.period.visits_from},
        }
        return values

    @staticmethod
    def available_names() -> set[str]:
        """Names every scope provides (period, filters, settings)."""
        return {"start", "ref_date", "as_of", "prev_start", "prev_ref_date", "commune", "agency", "official_id",
                PERSONAL_PARAMETER, PERSONAL_VALUES_PARAMETER, PERSONAL_TEXT_PARAMETER,
                SETTINGS_PARAMETER}

    def params_for(self, name: str, settings: Settings, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """The query's parameters from the scope, the settings and `extra` (e.g. a selected commune)."""
        query = load_query(name)
        extra = dict(extra or {})
        available = self.available(settings)
        # A setting chosen on the page (e.g. the blind-spot days) replaces its value in the struct.
        overrides = {key: extra.pop(key) for key in list(extra) if key in available[SETTINGS_PARAMETER]}
        if overrides:
            available[SETTINGS_PARAMETER] = {**available[SETTINGS_PARAMETER], **overrides}
        available.update(extra)
        if self.restriction.commune is not None:
            available["commune"] = self.restriction.commune  # never overridable by `extra`
        if not self.can_see_personal:
            available[PERSONAL_PARAMETER] = False
            available[PERSONAL_TEXT_PARAMETER] = False
        if not self.restriction.personal:
            available[PERSONAL_VALUES_PARAMETER] = False
        unknown = sorted(query.parameters - set(available))
        if unknown:
            raise QueryError(f"query {name} names parameters no scope provides: {', '.join(unknown)}")
        return {key: available[key] for key in sorted(query.parameters)}


def run_scoped(con: duckdb.DuckDBPyConnection, name: str, scope: Scope, settings: Settings | None = None,
               **extra: Any) -> pd.DataFrame:
    return run_query(con, name, scope.params_for(name, settings or load_settings(), extra), scope.restriction)


def connect(path: Path, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    if not Path(path).exists():
        raise FileNotFoundError(f"Chưa có cơ sở dữ liệu: {path}")
    return duckdb.connect(str(path), read_only=read_only)


def resolve(path: Path) -> Path:
    """The file an import last swapped in (the database path is a link to it)."""
    return Path(path).resolve()


def database_version(path: Path) -> str:
    """Names the file behind `path` right now: each import writes a new one. Query results are
    cached per version, and a page run reads the version it started with."""
    real = resolve(path)
    stat = real.stat()
    return f"{real}|{stat.st_ino}|{stat.st_mtime_ns}"


def version_file(version: str) -> Path:
    return Path(version.split("|", 1)[0])


def data_as_of(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    row = run_query(con, "data_as_of", {}).iloc[0]
    return _to_date(row["as_of"]), _to_date(row["first_month"])


def visits_from_of(bounds: pd.Series | dict, as_of: dt.date, settings: Settings) -> dt.date | None:
    """visits_from from a data_as_of row: the setting [data] visits_from if given, else the month of the
    earliest held visit on or before as_of (docs/metrics.md, "Data start")."""
    first = bounds["first_held_visit"]
    return data_start(first_held_visit=None if pd.isna(first) else _to_date(first), as_of=as_of,
                      setting=str(settings.raw.get("data", {}).get("visits_from") or "") or None)


def period_for(con: duckdb.DuckDBPyConnection, settings: Settings, *, start: str | dt.date | None = None,
               end: str | dt.date | None = None, as_of: dt.date | None = None) -> Period:
    """The period as the pages and extracts use it: edge rules 1-2 and the data start."""
    bounds = run_query(con, "data_as_of", {}).iloc[0]
    effective_as_of = as_of or _to_date(bounds["as_of"])
    return resolve_period(data_as_of=_to_date(bounds["as_of"]), start=start, end=end, as_of=as_of,
                          visits_from=visits_from_of(bounds, effective_as_of, settings))


def _to_date(value: Any) -> dt.date:
    return pd.Timestamp(value).date()
