"""The query runner: named .sql files in queries/, parameters checked, DataFrames out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from outreach.config import PROJECT_ROOT, Settings, load_settings
from outreach.periods import Period

QUERIES_DIR = PROJECT_ROOT / "queries"
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_LINE_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")


class QueryError(Exception):
    """A query name or its parameters are wrong."""


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


def run_query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> pd.DataFrame:
    """Run queries/<name>.sql with exactly the parameters it names."""
    query = load_query(name)
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
    return con.execute(query.sql, params if params else None).df()


@dataclass(frozen=True)
class Scope:
    """What the user is looking at: the period plus filters. Gives every query its parameters."""

    period: Period
    commune: str | None = None
    agency: str | None = None

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
        }
        values.update(settings.query_settings())
        return values

    @staticmethod
    def available_names() -> set[str]:
        """Names every scope provides (period, filters, settings)."""
        return {"start", "ref_date", "as_of", "prev_start", "prev_ref_date", "commune", "agency",
                *load_settings().query_settings()}

    def params_for(self, name: str, settings: Settings, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """The query's parameters from the scope, the settings and `extra` (e.g. a selected commune)."""
        query = load_query(name)
        available = {**self.available(settings), **(extra or {})}
        unknown = sorted(query.parameters - set(available))
        if unknown:
            raise QueryError(f"query {name} names parameters no scope provides: {', '.join(unknown)}")
        return {key: available[key] for key in sorted(query.parameters)}


def run_scoped(con: duckdb.DuckDBPyConnection, name: str, scope: Scope, settings: Settings | None = None,
               **extra: Any) -> pd.DataFrame:
    return run_query(con, name, scope.params_for(name, settings or load_settings(), extra))


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


def _to_date(value: Any) -> dt.date:
    return pd.Timestamp(value).date()
