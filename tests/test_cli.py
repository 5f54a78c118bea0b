"""The analyst CLI: export round trip, list, docs freshness, periods."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from outreach.ingest import docs
from outreach.query.periods import resolve_period
from support import ROOT


@pytest.fixture(scope="module")
def database(fixture_database):
    return fixture_database


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "outreach", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_export_list_names_every_extract_with_one_line():
    result = run_cli("export", "--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    names = [line.split()[0] for line in lines]
    assert "overview_kpis" in names and "monthly_trend" in names
    assert "data_as_of" not in names


def test_export_csv_has_bom_and_fraction_rates(database, tmp_path):
    out = tmp_path / "k.csv"
    result = run_cli("export", "overview_kpis", "--db", str(database), "--out", str(out))
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert len(frame) == 1
    # The fixture's default period (2024-11 .. 2025-10-15), worked out by hand in
    # test_metrics.test_overview_kpis_current_and_previous: 2 of 4 communes covered; 9 listed and
    # present of 23 listed not excused; 3 of 10 quota months met; 5 on time of 7 replied + 2 open
    # overdue. Fractions, not percentages.
    expected = {"held_visits": 9, "communes_covered_share": 0.5, "attendance_rate": 9 / 23, "quota_met_share": 0.3,
                "on_time_rate": 5 / 9}
    for column, value in expected.items():
        assert math.isclose(frame.loc[0, column], value, rel_tol=1e-9), (column, frame.loc[0, column])


def test_export_xlsx_reads_back(database, tmp_path):
    out = tmp_path / "trend.xlsx"
    result = run_cli("export", "monthly_trend", "--db", str(database), "--out", str(out), "--start", "2025-01", "--end", "2025-03")
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out).active
    assert [cell.value for cell in sheet[1]] == ["month", "held_visits", "feedback_received", "replied"]
    assert sheet.max_row == 1 + 3
    assert sheet.freeze_panes == "A2"


def test_export_refuses_unknown_names_and_bad_periods(database, tmp_path):
    assert run_cli("export", "nope", "--db", str(database), "--out", str(tmp_path / "x.csv")).returncode == 1
    bad = run_cli("export", "monthly_trend", "--db", str(database), "--start", "2025-06", "--end", "2025-01",
                  "--out", str(tmp_path / "x.csv"))
    assert bad.returncode == 1 and "bad period" in bad.stderr


def test_data_readme_is_generated_from_the_contract():
    assert (ROOT / "data" / "README.md").read_text(encoding="utf-8") == docs.render(), \
        "data/README.md is stale: run `python -m outreach docs`"


def test_period_rules():
    as_of = dt.date(2026, 10, 15)
    default = resolve_period(data_as_of=as_of)
    assert (default.start, default.ref_date, default.months) == (dt.date(2025, 11, 1), as_of, 12)
    start_only = resolve_period(data_as_of=as_of, start="2026-03")
    assert (start_only.start, start_only.end_month) == (dt.date(2026, 3, 1), dt.date(2026, 10, 1))
    end_only = resolve_period(data_as_of=as_of, end="2026-06")
    assert (end_only.start, end_only.ref_date) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    previous = default.previous()
    assert (previous.start, previous.ref_date) == (dt.date(2024, 11, 1), dt.date(2025, 10, 31))
    with pytest.raises(ValueError):
        resolve_period(data_as_of=as_of, start="2026-13")
