"""Shared intermediate results (outreach/query/shared.py): a page's queries read the rows of a
shared macro call computed once, and every query gives exactly what it gives with each call
evaluated inside it (the plain definition)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from outreach.config import load_settings
from outreach.query import db, shared


def _sharing_queries() -> list[str]:
    """The queries a scope can run that call a shared macro (the others run as they are)."""
    available = db.Scope.available_names()
    return [name for name in db.query_names()
            if db.load_query(name).parameters <= available and shared._CALL.search(db.load_query(name).sql)]


@pytest.mark.parametrize("which", ["fixture", "demo"])
def test_every_query_equals_its_plain_definition(which, fixture_database, demo_database):
    database = fixture_database if which == "fixture" else demo_database
    settings = load_settings()
    shared.clear()
    with duckdb.connect(str(database), read_only=True) as con, db.computed():
        period = db.period_for(con, settings)
        commune = con.execute("select min(commune_code) from visits").fetchall()[0][0]
        agency = con.execute("select min(agency_id) from officials").fetchall()[0][0]
        scopes = [db.Scope(period=period), db.Scope(period=period, commune=commune),
                  db.Scope(period=period, agency=agency)]
        for scope in scopes:
            for name in _sharing_queries():
                params = scope.params_for(name, settings)
                with_shared = db.run_query(con, name, params)
                with shared.disabled():
                    plain = db.run_query(con, name, params)
                pd.testing.assert_frame_equal(with_shared, plain, check_exact=True, obj=f"{name} {scope.commune} {scope.agency}")
    assert shared.cached_bytes() > 0
    assert {"official_participation", "official_flags", "official_flag_evidence", "official_profile",
            "agency_scorecard", "agency_scorecard_detail"} <= set(_sharing_queries())


def test_the_calls_of_a_page_are_computed_once_and_read_from_the_cache(con):
    settings = load_settings()
    shared.clear()
    scope = db.Scope(period=db.period_for(con, settings))
    params = scope.params_for("official_flags", settings)
    sql = db.load_query("official_flags").sql
    with db.computed(), shared.prepared(con, sql, params) as rewritten:
        assert "official_flag_rows(" not in rewritten and "official_flag_evidence_rows(" not in rewritten
        assert "shared_official_flag_rows_" in rewritten
    first = shared.cached_bytes()
    # official_flags cached the flags and their evidence, of the roster and beyond it (4 calls), and
    # the attendance and quota counts the roster's flags are computed over (2 more);
    # official_participation reads the same flag rows and counts: all found in the cache.
    assert len(shared._CACHE) == 6
    with db.computed():
        db.run_scoped(con, "official_participation", scope, settings)
    assert len(shared._CACHE) == 6 and shared.cached_bytes() == first
    # A call whose arguments are not the query's parameters is left to the query.
    quarter = db.load_query("agency_score_by_quarter").sql
    with shared.prepared(con, quarter, scope.params_for("agency_score_by_quarter", settings)) as rewritten:
        assert "agency_scorecard_rows(w.window_start" in rewritten
    # Sharing off: the SQL is the file's.
    with shared.disabled(), shared.prepared(con, sql, params) as plain:
        assert plain == sql


def test_another_database_file_never_meets_the_cached_rows(tmp_path, fixture_database):
    settings = load_settings()
    shared.clear()
    copy = tmp_path / "other.duckdb"
    copy.write_bytes(fixture_database.read_bytes())
    with duckdb.connect(str(copy)) as writable:
        writable.execute("delete from attendance")
    for path in (fixture_database, copy):
        with duckdb.connect(str(path), read_only=True) as con, db.computed():
            scope = db.Scope(period=db.period_for(con, settings))
            flags = db.run_scoped(con, "official_flags", scope, settings)
            with shared.disabled():
                pd.testing.assert_frame_equal(flags, db.run_scoped(con, "official_flags", scope, settings))
    assert len({key for key in shared._CACHE}) >= 4
