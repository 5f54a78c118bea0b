"""The named queries unchanged over the database exported as Parquet partitioned by province and
month (outreach/query/lake.py, docs/scale-out.md): the same results as the database, and DuckDB
pruning partitions (files) in the plan."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from outreach.config import load_settings
from outreach.demo.national import generate_national, synthetic_communes
from outreach.ingest.load import ingest
from outreach.query import db, lake


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory):
    """Two provinces of the national demo at 2% volume: the database and its partitioned export."""
    directory = tmp_path_factory.mktemp("lake")
    codes = sorted({c.province_code for c in synthetic_communes(2026)})[:2]
    generate_national(directory / "export", provinces=codes, volume=0.02)
    database = directory / "national.duckdb"
    assert ingest(directory / "export", database=database).exit_code == 0
    files = lake.export_partitioned(database, directory / "parquet")
    return database, directory / "parquet", codes, files


def _scope_queries():
    available = db.Scope.available_names()
    return [name for name in db.query_names() if db.load_query(name).parameters <= available]


def _plan(con, name: str, params: dict) -> str:
    query = db.load_query(name)
    rows = con.execute("explain analyze " + query.sql.rstrip().rstrip(";"), params).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def test_partitioned_export_is_hive_folders_by_province_and_month(partitioned):
    _database, folder, codes, files = partitioned
    months = {path.name for path in (folder / "visits" / f"province={codes[0]}").iterdir()}
    assert all(re.fullmatch(r"month=\d{4}-\d\d-01", month) for month in months) and len(months) > 6
    assert {path.name for path in (folder / "attendance").iterdir()} == {f"province={code}" for code in codes}
    assert files["visits"] == sum(len(list((folder / "visits" / f"province={code}").iterdir())) for code in codes)
    assert files["communes"] == 1 and db.STORED_TABLE not in files and "held_attendance" not in files


def test_every_named_query_runs_unchanged_with_the_same_result(partitioned):
    database, folder, _codes, _files = partitioned
    settings = load_settings()
    lake_con = lake.open_partitioned(folder)
    with duckdb.connect(str(database), read_only=True) as con, db.computed():
        scope = db.Scope(period=db.period_for(con, settings))
        commune = con.execute("select min(commune_code) from visits").fetchone()[0]
        for current in (scope, db.Scope(period=scope.period, commune=commune)):
            for name in _scope_queries():
                params = current.params_for(name, settings)
                expected = db.run_query(con, name, params)
                pd.testing.assert_frame_equal(db.run_query(lake_con, name, params), expected, obj=name)
    lake_con.close()


def test_one_province_reads_only_its_partitions_and_the_plan_shows_it(partitioned):
    database, folder, codes, _files = partitioned
    settings = load_settings()
    province = codes[1]
    lake_con = lake.open_partitioned(folder, province=province)
    with duckdb.connect(str(database), read_only=True) as con, db.computed():
        scope = db.Scope(period=db.period_for(con, settings))
        commune = con.execute("select min(commune_code) from communes where province_code = $p", {"p": province}).fetchone()[0]
        local = db.Scope(period=scope.period, commune=commune)
        # A commune of the province: the same figures as the national database with the filter.
        for name in ("overview_kpis", "commune_coverage", "feedback_summary", "official_flags", "agency_scorecard"):
            params = local.params_for(name, settings)
            pd.testing.assert_frame_equal(db.run_query(lake_con, name, params), db.run_query(con, name, params), obj=name)
    # The feedback page's open items read the feedback files themselves (their summaries): the
    # plan shows the partition filter and that only this province's files were opened.
    plan = _plan(lake_con, "feedback_open_items", local.params_for("feedback_open_items", settings))
    assert "READ_PARQUET" in plan and f"province = '{province}'" in plan, plan
    scanned = [tuple(map(int, pair)) for pair in re.findall(r"Scanning Files: (\d+)/(\d+)", plan)]
    assert scanned and all(0 < read < total for read, total in scanned), plan
    lake_con.close()
