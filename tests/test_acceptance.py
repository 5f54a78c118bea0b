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
