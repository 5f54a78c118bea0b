"""The default view stored at import (outreach/query/stored.py): every stored result equals its
query computed again, the app's default scope finds it, and anything else is computed."""

from __future__ import annotations

import dataclasses

import duckdb
import pandas as pd
import pytest

from outreach.config import load_settings
from outreach.query import db, stored


def _stored_rows(con) -> list[tuple[str, str]]:
    return con.execute(f"select result_key, query from {db.STORED_TABLE} order by query").fetchall()


@pytest.mark.parametrize("which", ["fixture", "demo"])
def test_every_stored_result_equals_the_query_computed_again(which, fixture_database, demo_database):
    database = fixture_database if which == "fixture" else demo_database
    settings = load_settings()
    with duckdb.connect(str(database), read_only=True) as con:
        wanted = stored.default_view(con, settings)
        keys = {key for key, _name in _stored_rows(con)}
        assert keys == {db.result_key(query, params) for query, params in wanted}
        for query, params in wanted:
            from_store = db.run_query(con, query.name, params)
            with db.computed():
                assert db.stored_result(con, query, params) is None
                again = db.run_query(con, query.name, params)
            pd.testing.assert_frame_equal(from_store, again, check_exact=True, obj=query.name)


def test_the_default_scope_of_each_role_is_stored_and_other_scopes_are_computed(con):
    settings = load_settings()
    period = db.period_for(con, settings)
    names = stored.stored_queries()
    assert {"overview_kpis", "official_participation", "agency_score_by_quarter", "feedback_by_dimension"} <= set(names)
    for personal, citizen_rows in stored.ROLE_SWITCHES:
        scope = db.Scope(period=period, restriction=db.Restriction(personal=personal, citizen_rows=citizen_rows))
        for name in names:
            query = db.load_query(name)
            assert db.stored_result(con, query, scope.params_for(name, settings)) is not None, name
    commune = con.execute("select min(commune_code) from communes").fetchone()[0]
    filtered = db.Scope(period=period, commune=commune)
    earlier = db.Scope(period=dataclasses.replace(period, end_month=period.start_month))
    for scope in (filtered, earlier):
        for name in ("overview_kpis", "commune_coverage"):
            assert db.stored_result(con, db.load_query(name), scope.params_for(name, settings)) is None
    # A setting chosen on the page (the blind-spot days) is another result.
    days = int(settings.get("coverage", "blind_spot_days")) + 7
    params = db.Scope(period=period).params_for("blind_spots", settings, {"blind_spot_days": days})
    assert db.stored_result(con, db.load_query("blind_spots"), params) is None


def test_a_changed_query_file_is_never_answered_from_the_store(con):
    settings = load_settings()
    query = db.load_query("overview_kpis")
    params = db.Scope(period=db.period_for(con, settings)).params_for("overview_kpis", settings)
    assert db.stored_result(con, query, params) is not None
    edited = dataclasses.replace(query, sql=query.sql + "\n-- edited\n")
    assert db.stored_result(con, edited, params) is None


def test_a_database_without_the_store_computes(tmp_path, fixture_database):
    copy = tmp_path / "plain.duckdb"
    copy.write_bytes(fixture_database.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute(f"drop table {db.STORED_TABLE}")
    with duckdb.connect(str(copy), read_only=True) as con:
        settings = load_settings()
        scope = db.Scope(period=db.period_for(con, settings))
        assert not db.run_scoped(con, "overview_kpis", scope, settings).empty
