"""Every named query runs with default parameters; the runner checks parameters."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from outreach.query import db
from outreach.config import load_settings
from outreach.query.periods import resolve_period


@pytest.fixture(scope="module")
def con(fixture_database):
    connection = duckdb.connect(str(fixture_database), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def scope(con):
    as_of, _ = db.data_as_of(con)
    return db.Scope(period=resolve_period(data_as_of=as_of))


def test_there_are_queries():
    names = db.query_names()
    assert {"overview_kpis", "monthly_trend", "data_as_of"} <= set(names)


# Parameters a page fills from a selection, not from the sidebar scope: a sample value for each.
SELECTION_SAMPLES = {
    "selected_commune": "select min(commune_code) from communes",
    "selected_official": "select min(official_id) from officials",
    "official_id": "select min(official_id) from officials",
    "selected_agency": "select min(agency_id) from agencies",
    "agency_id": "select min(agency_id) from agencies",
}


def selection_values(con, name: str) -> dict:
    wanted = db.load_query(name).parameters - set(db.Scope(period=None).available_names())
    unknown = wanted - set(SELECTION_SAMPLES)
    assert not unknown, f"{name}: add a sample for {unknown} to SELECTION_SAMPLES"
    return {key: con.execute(SELECTION_SAMPLES[key]).fetchone()[0] for key in wanted}


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_runs_with_default_parameters(con, scope, name):
    frame = db.run_scoped(con, name, scope, load_settings(), **selection_values(con, name))
    assert len(frame.columns) > 0
    if name in {"overview_kpis", "data_as_of", }:
        assert len(frame) == 1


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_has_a_header_naming_grain_and_parameters(name):
    query = db.load_query(name)
    first_lines = query.sql.splitlines()[:8]
    assert first_lines[0].startswith("-- One row"), f"{name}: the header must start with the grain"
    assert any("params:" in line for line in first_lines), f"{name}: the header must list the parameters"
    assert "select * from final" in query.sql, f"{name}: must end with select * from final"


def test_runner_rejects_missing_and_extra_parameters(con, scope):
    params = scope.params_for("monthly_trend", load_settings())
    missing = dict(params)
    del missing["start"]
    with pytest.raises(db.QueryError, match=r"missing \$start"):
        db.run_query(con, "monthly_trend", missing)
    with pytest.raises(db.QueryError, match=r"unexpected \$bogus"):
        db.run_query(con, "monthly_trend", {**params, "bogus": 1})


def test_runner_refuses_unknown_query_names(con):
    with pytest.raises(db.QueryError, match="unknown query"):
        db.run_query(con, "../ingest", {})


def test_parameters_in_comments_and_strings_are_not_parameters():
    query = db.load_query("overview_kpis")
    assert "reply_working_days" in query.parameters
    assert all(not name.startswith("p_") for name in query.parameters)


def test_monthly_trend_has_one_row_per_month(con, scope):
    frame = db.run_scoped(con, "monthly_trend", scope, load_settings())
    assert len(frame) == scope.period.months
    assert frame["month"].is_monotonic_increasing


@pytest.fixture(scope="module")
def demo_con(demo_database):
    connection = duckdb.connect(str(demo_database), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("which", ["fixture", "demo"])
def test_results_convert_exactly_as_duckdbs_own_dataframes(con, demo_con, which):
    # The runner converts results through Arrow (db.frame_of): the same values and dtypes as
    # DuckDB's .df() (nullable Int64 and boolean where a column has nulls, datetime64[us] dates,
    # float64 sums, string text, object for an all-empty text column), for every query, on a
    # period with data and on one with none.
    connection = con if which == "fixture" else demo_con
    as_of, _ = db.data_as_of(connection)
    settings = load_settings()
    scopes = {"default": db.Scope(period=resolve_period(data_as_of=as_of)),
              "no data": db.Scope(period=resolve_period(data_as_of=as_of, start="2001-01", end="2001-03"))}
    seen = set()
    for label, scope in scopes.items():
        for name in db.query_names():
            params = scope.params_for(name, settings, selection_values(connection, name))
            if "show_personal" in params:
                params["show_personal"] = True
            want = connection.execute(db.load_query(name).sql, params or None).df()
            got = db.run_query(connection, name, params)
            pd.testing.assert_frame_equal(got, want, check_dtype=True, obj=f"{name}, {label}")
            seen |= {str(dtype) for dtype in got.dtypes}
    # The cases that need care occurred.
    assert {"Int64", "datetime64[us]", "str", "float64", "int64", "bool"} <= seen, seen
