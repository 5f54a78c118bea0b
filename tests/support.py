"""Shared helpers for tests: building a database from the hand-made fixture export, and reading
query results as plain Python values."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_EXPORT = ROOT / "tests" / "fixtures" / "export"
TODAY = dt.date(2026, 11, 22)


def build_fixture_database(directory: Path, **settings) -> Path:
    """Ingest the fixture export into directory/outreach.duckdb and return its path.

    settings: overrides of outreach/defaults.toml as they would appear in outreach.toml, one
    keyword per section, e.g. feedback={"reply_working_days": 10} or
    **{"import": {"earliest_date": "2025-01-01"}}."""
    database, report = ingest_fixture(directory, **settings)
    assert report.exit_code == 0, (report.error, report.rejects.to_string())
    return database


def ingest_fixture(directory: Path, **settings):
    """(database path, ImportReport) of the fixture export ingested with `settings` (see
    build_fixture_database) into directory/outreach.duckdb; directory/outreach.toml holds the paths
    and the settings, and is the configuration the import reads."""
    from outreach.ingest.load import ingest

    database = directory / "outreach.duckdb"
    config = write_config(directory, database, **settings)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CONFIG", str(config))
        report = ingest(FIXTURE_EXPORT, database=database, rejects_path=directory / "rejects.csv", today=TODAY)
    return database, report


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def write_config(directory: Path, database: Path, **settings) -> Path:
    """directory/outreach.toml naming `database` (and a demo folder beside it), plus `settings`
    (section -> {key: value}) overriding outreach/defaults.toml."""
    sections = {"paths": {"database": str(database), "demo_dir": str(directory / "demo")}}
    for section, values in settings.items():
        sections[section] = {**sections.get(section, {}), **values}
    lines = []
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in values.items()]
    config = directory / "outreach.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def settings_key(settings: dict) -> str:
    """One string per distinct settings set (order of keys does not matter)."""
    return json.dumps(settings, sort_keys=True, ensure_ascii=False)


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE_EXPORT, target)
    return target


# ---------------------------------------------------------------- results as plain values


def _plain(value):
    """DataFrame cell -> plain Python (None for any missing value, date for timestamps)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """The frame's rows, in order, as tuples of plain values of `columns`."""
    return [tuple(_plain(value) for value in row) for row in frame[columns].itertuples(index=False)]


def open_app(script: str = "dashboard.py", *, timeout: int = 60, **params: str):
    """A fresh AppTest session opened on dashboard.py with `params` in the page address, then moved to
    `script` (a page opened from a shared link); asserts the run raised nothing."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if script != "dashboard.py":
        app.switch_page(script).run()
    assert not app.exception, app.exception
    return app
