"""Shared helpers for tests: building a database from the hand-made fixture export."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_EXPORT = ROOT / "tests" / "fixtures" / "export"
TODAY = dt.date(2026, 11, 22)


def build_fixture_database(directory: Path) -> Path:
    """Ingest the fixture export into directory/outreach.duckdb and return its path."""
    from outreach.ingest.load import ingest

    database = directory / "outreach.duckdb"
    report = ingest(FIXTURE_EXPORT, database=database, rejects_path=directory / "rejects.csv", today=TODAY)
    assert report.exit_code == 0, (report.error, report.rejects.to_string())
    return database


def write_config(directory: Path, database: Path) -> Path:
    config = directory / "outreach.toml"
    config.write_text(f'[paths]\ndatabase = "{database}"\ndemo_dir = "{directory / "demo"}"\n', encoding="utf-8")
    return config


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE_EXPORT, target)
    return target
