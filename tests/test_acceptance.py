"""Foundation acceptance on the demo province: the CLI's overview_kpis equals docs/metrics.md computed
independently (tests/oracle.py, plain pandas over the export CSVs), and the flags equal the
planted ground truth."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import oracle
from support import ROOT

KPIS = ["held_visits", "communes_covered_share", "quota_met_share", "attendance_rate",
        "feedback_received", "on_time_rate", "median_days_km", "officials_flagged"]


@pytest.fixture(scope="module")
def independent(demo_export):
    tables = oracle.load(demo_export)
    as_of = oracle.data_as_of(tables)
    start = oracle.add_months(as_of.replace(day=1), -11)
    current = oracle.period_kpis(tables, oracle.Period(start, min(as_of, oracle.month_end(as_of)), as_of))
    previous_start = oracle.add_months(start, -12)
    previous = oracle.period_kpis(
        tables, oracle.Period(previous_start, oracle.month_end(oracle.add_months(start, -1)), as_of))
    return as_of, current, previous


@pytest.fixture(scope="module")
def exported(demo_database, tmp_path_factory):
    out = tmp_path_factory.mktemp("acceptance") / "k.csv"
    result = subprocess.run([sys.executable, "-m", "outreach", "export", "overview_kpis", "--db", str(demo_database),
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return pd.read_csv(out, encoding="utf-8-sig")


def test_demo_as_of_is_the_data_end(independent, demo_export):
    truth = json.loads((demo_export / "ground_truth.json").read_text(encoding="utf-8"))
    assert independent[0].isoformat() == truth["as_of"]


@pytest.mark.parametrize("key", KPIS)
def test_overview_kpis_match_an_independent_computation(exported, independent, key):
    _, current, previous = independent
    row = exported.iloc[0]
    assert row[key] == pytest.approx(current[key], abs=1e-12), key
    assert row["prev_" + key] == pytest.approx(previous[key], abs=1e-12), "prev_" + key
    print(f"{key}: {row[key]} (previous {row['prev_' + key]})")


def test_flags_equal_the_planted_ground_truth(independent, demo_export):
    truth = json.loads((demo_export / "ground_truth.json").read_text(encoding="utf-8"))
    flags = independent[1]["_flags"]
    for flag, expected in truth["flags"].items():
        assert flags[flag] == set(expected), flag


def _export(demo_database, tmp_path, name: str, *period: str) -> pd.DataFrame:
    out = tmp_path / f"{name}.csv"
    result = subprocess.run([sys.executable, "-m", "outreach", "export", name, "--db", str(demo_database),
                             *period, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return pd.read_csv(out, encoding="utf-8-sig", dtype={"official_id": str, "agency_id": str})


def test_a_period_beginning_before_the_data_matches_the_independent_computation(demo_export, demo_database, tmp_path):
    # The demo's first held visit is in 11/2024: 09/2024 - 08/2025 is computed from 2024-11-01 on
    # (docs/metrics.md, "Data start"); the oracle computes that window directly.
    tables = oracle.load(demo_export)
    as_of = oracle.data_as_of(tables)
    first_held = tables["visits"].loc[tables["visits"]["status"] == "held", "visit_date"].min()
    visits_from = first_held.replace(day=1)
    assert visits_from == oracle.add_months(visits_from, 0) and visits_from.isoformat() == "2024-11-01"
    period = oracle.Period(visits_from, oracle.month_end(oracle.add_months(visits_from, 9)), as_of)
    participation = oracle.official_participation(tables, period)
    scorecard = oracle.agency_scorecard(tables, period, participation)
    kpis = oracle.period_kpis(tables, period)

    exported = _export(demo_database, tmp_path, "official_participation", "--start", "2024-09", "--end", "2025-08")
    actual = exported.set_index("official_id")
    assert set(actual.index) == set(participation.index)
    for column in ("listed", "present", "months_counted", "months_met"):
        assert (actual[column] == participation.loc[actual.index, column]).all(), column
    # The oracle reads the four flags of "Flags on officials" (those of "Beyond the roster" are
    # checked in tests/test_beyond.py; outside the default period the demo's heads may lack dialogues).
    section_6 = {"listed_never_present", "rarely_present", "under_quota", "holding_information"}
    flagged_before = actual["flags"].fillna("").map(lambda value: bool(set(value.split(";")) & section_6)).sum()
    assert flagged_before == (participation.loc[actual.index, "flags"] != "").sum()

    review = _export(demo_database, tmp_path, "agency_scorecard", "--start", "2024-09", "--end", "2025-08").set_index("agency_id")
    for column in ("coverage_rate", "attendance_rate", "quota_rate", "on_time_rate", "coverage_standing",
                   "attendance_standing", "quota_standing", "on_time_standing", "score", "rank"):
        for agency, value in scorecard[column].items():
            got = review.loc[agency, column]
            if value is None or pd.isna(value):
                assert pd.isna(got), (agency, column, got)
            else:
                assert got == pytest.approx(float(value), abs=1e-9), (agency, column)
    assert (review["review_group"].fillna("") == scorecard["review_group"].fillna("").reindex(review.index)).all()

    overview = _export(demo_database, tmp_path, "overview_kpis", "--start", "2024-09", "--end", "2025-08").iloc[0]
    for key in KPIS:
        assert overview[key] == pytest.approx(kpis[key], abs=1e-12), key
    # Its previous period (09/2023 - 08/2024) ends before the data: no figures at all.
    assert all(pd.isna(overview["prev_" + key]) for key in KPIS)
