"""The database's source tables as Parquet partitioned by province and month, and the same named
queries run over those files (docs/scale-out.md).

`export_partitioned` writes every table the import loaded (the contract tables, the calendar,
the boundaries and the import's report tables; not what queries/staging builds from them, nor
the stored default view) to <folder>/<table>/. The three fact tables and the hamlets are written
hive-partitioned, `province=<code>/month=<first day>/` (hamlets by province only); the other
tables are one file each. `open_partitioned` gives an in-memory DuckDB connection on which each
table is a view over its files (the partition columns left out, so every table has exactly its
columns), the staging SQL has run as at import, and every file in queries/ runs unchanged through
outreach.query.db.run_query. This is DuckDB reading the files, not a distribution layer: the same
views over object storage or another SQL engine are described in docs/scale-out.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from outreach.config import PROJECT_ROOT
from outreach.query import db

STAGING_DIR = PROJECT_ROOT / "queries" / "staging"
_STAGING_FILE = re.compile(r"^(macros|tables)/(\d\d)_[a-z0-9_]+\.sql$")
_CREATED = re.compile(r"create\s+(?:or\s+replace\s+)?table\s+([a-z_][a-z0-9_]*)", re.I)

# Partitioned tables: the province and the month of each row (the table aliased t; the joins
# find what the table does not hold itself). Hamlets have no month.
PARTITIONS: dict[str, tuple[str, str | None, str]] = {
    "visits": ("c.province_code", "date_trunc('month', t.visit_date)::date",
               "join communes as c on c.commune_code = t.commune_code"),
    "attendance": ("c.province_code", "date_trunc('month', v.visit_date)::date",
                   "join visits as v on v.visit_id = t.visit_id join communes as c on c.commune_code = v.commune_code"),
    "feedback": ("c.province_code", "date_trunc('month', t.received_date)::date",
                 "join communes as c on c.commune_code = t.commune_code"),
    "hamlets": ("c.province_code", None, "join communes as c on c.commune_code = t.commune_code"),
}
# Written by the import after the staging SQL, or by this project on top of the import.
NOT_SOURCE = frozenset({db.STORED_TABLE})


def staging_files() -> list[Path]:
    """queries/staging's files in number order (as the import runs them)."""
    files = [path for path in STAGING_DIR.rglob("*.sql")
             if _STAGING_FILE.match(path.relative_to(STAGING_DIR).as_posix())]
    return sorted(files, key=lambda path: path.name[:2])


def built_by_staging() -> set[str]:
    return {name.lower() for path in staging_files() for name in _CREATED.findall(path.read_text(encoding="utf-8"))}


def source_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables the import loaded (not built from others by queries/staging)."""
    names = [row[0] for row in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' and not temporary order by table_name").fetchall()]
    derived = built_by_staging() | NOT_SOURCE
    return [name for name in names if name not in derived]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_partitioned(database: Path, folder: Path) -> dict[str, int]:
    """Write the database's source tables to `folder` (see the module's docstring); files per table."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for table in source_tables(con):
            target = folder / table
            if table in PARTITIONS:
                province, month, joins = PARTITIONS[table]
                keys = "province" + (", month" if month else "")
                extra = f"{province} as province" + (f", {month} as month" if month else "")
                con.execute(f"copy (select t.*, {extra} from {table} as t {joins}) to {_quote(target)} "
                            f"(format parquet, partition_by ({keys}), overwrite_or_ignore)")
            else:
                target.mkdir(parents=True, exist_ok=True)
                con.execute(f"copy {table} to {_quote(target / 'data.parquet')} (format parquet)")
            files[table] = sum(1 for _ in target.rglob("*.parquet"))
    return files


def table_source(folder: Path, table: str) -> str:
    """The SQL that reads one exported table (a FROM item): hive-partitioned files or one file."""
    if table in PARTITIONS:
        monthly = PARTITIONS[table][1] is not None
        depth, types = ("*/*", "{'province': varchar, 'month': date}") if monthly else ("*", "{'province': varchar}")
        return (f"read_parquet({_quote(Path(folder) / table)} || '/{depth}/*.parquet', hive_partitioning = true, "
                f"hive_types = {types})")
    return f"read_parquet({_quote(Path(folder) / table / 'data.parquet')})"


def open_partitioned(folder: Path, *, province: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory connection over the exported files, ready for outreach.query.db.run_query.

    province: read only that province's partitions (a provincial server over the national files):
    the partitioned tables' views filter on the partition column, so DuckDB opens only that
    province's files (EXPLAIN ANALYZE: "File Filters", "Scanning Files: k/N"); communes and the
    other one-file tables stay whole."""
    folder = Path(folder)
    if province is not None and not re.fullmatch(r"[0-9A-Za-z]{1,8}", province):
        raise ValueError(f"not a province code: {province!r}")
    con = duckdb.connect()
    for path in sorted(p for p in folder.iterdir() if p.is_dir()):
        table = path.name
        hidden = " exclude (province, month)" if table in PARTITIONS and PARTITIONS[table][1] else (
            " exclude (province)" if table in PARTITIONS else "")
        where = f" where province = '{province}'" if province is not None and table in PARTITIONS else ""
        con.execute(f"create view {table} as select *{hidden} from {table_source(folder, table)}{where}")
    for path in staging_files():
        con.execute(path.read_text(encoding="utf-8"))
    return con
