"""The shared macros and import-time tables of queries/staging/: the order the import runs them in,
and the digest each import records so that a database built by another version is recognised."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

import duckdb

from outreach.config import PROJECT_ROOT

STAGING_DIR = PROJECT_ROOT / "queries" / "staging"


def staging_files() -> list[Path]:
    """The shared macros (macros/) and import-time tables (tables/), in the order of their number.

    Numbers run across both folders (queries/staging/README.md): DuckDB binds a macro when it is
    created, so each file comes after those it reads from. Every .sql file under queries/staging
    runs; one not named macros/NN_name.sql or tables/NN_name.sql, or sharing its number, fails.
    """
    by_number: dict[int, Path] = {}
    for path in sorted(p for p in STAGING_DIR.rglob("*") if p.suffix.lower() == ".sql"):
        name = path.relative_to(STAGING_DIR).as_posix()
        match = re.fullmatch(r"(?:macros|tables)/(\d+)_\w+\.sql", name)
        if not match:
            raise RuntimeError(f"queries/staging/{name}: not macros/NN_name.sql or tables/NN_name.sql")
        number = int(match.group(1))
        if number in by_number:
            raise RuntimeError(f"queries/staging/{name} and {by_number[number].relative_to(STAGING_DIR).as_posix()} "
                               f"share the number {number}")
        by_number[number] = path
    if not by_number:
        raise RuntimeError(f"no staging files in {STAGING_DIR}")
    return [by_number[number] for number in sorted(by_number)]


# What a database's shared macros and import-time tables were built with. A database built by another
# version of them (an upgrade since its import) would fail on the pages with a catalog error; the pages
# say it needs a new import instead. Bump STAGING_SCHEMA when what the import builds in Python changes.
STAGING_SCHEMA = 1


@functools.lru_cache(maxsize=1)
def staging_digest() -> str:
    digest = hashlib.sha256(f"schema {STAGING_SCHEMA}\n".encode())
    for path in staging_files():
        digest.update(path.relative_to(STAGING_DIR).as_posix().encode() + b"\n" + path.read_bytes())
    return digest.hexdigest()[:16]


def built_by_this_version(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database's staging (macros, import-time tables) is this version's."""
    try:
        row = con.execute("select digest from import_staging").fetchone()
    except duckdb.CatalogException:
        return False  # imported before the digest was recorded
    return bool(row) and row[0] == staging_digest()
