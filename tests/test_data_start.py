"""The data start (docs/metrics.md, "Data start"): visits_from, periods before it, straddling it, and
the previous period of a comparison. Hand-worked on the fixture (first held visit BX0012 on
2024-05-15, so visits_from = 2024-05-01; as_of 2025-10-15) and checked on the demo through the CLI
and the overview page."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from outreach.config import Settings, _merge, load_settings
from outreach.query import db
from outreach.query.periods import data_start, resolve_period
from outreach.ui import results
from support import ROOT, open_app, cards

D = dt.date.fromisoformat
KPIS = ("held_visits", "communes_covered_share", "quota_met_share", "attendance_rate", "feedback_received",
        "on_time_rate", "median_days_km", "officials_flagged")


def settings_with(**sections) -> Settings:
    base = load_settings()
    return Settings(raw=_merge(base.raw, sections), source=None)


def kpis(con, settings: Settings, **period) -> pd.Series:
    scope = db.Scope(period=db.period_for(con, settings, **period))
    return db.run_scoped(con, "overview_kpis", scope, settings).iloc[0]


def test_visits_from_is_the_month_of_the_first_held_visit_or_the_setting(con):
    assert db.period_for(con, load_settings()).visits_from == D("2024-05-01")
    assert db.period_for(con, settings_with(data={"visits_from": "2024-09"})).visits_from == D("2024-09-01")
    # Over held visits on or before as_of only; with none, no period has figures.
    assert data_start(first_held_visit=D("2024-05-15"), as_of=D("2025-10-15")) == D("2024-05-01")
    empty = data_start(first_held_visit=D("2025-11-03"), as_of=D("2025-10-15"))
    assert empty == D("2025-11-01") and not resolve_period(data_as_of=D("2025-10-15"), visits_from=empty).has_data


def test_a_period_before_the_data_has_no_figures(con):
    # 01/2023 - 12/2023 ends before 2024-05-01: every figure empty (never 0 or 0%), both periods.
    row = kpis(con, load_settings(), start="2023-01", end="2023-12")
    assert all(pd.isna(row[key]) and pd.isna(row["prev_" + key]) for key in KPIS)
    scope = db.Scope(period=db.period_for(con, load_settings(), start="2023-01", end="2023-12"))
    participation = db.run_scoped(con, "official_participation", scope)
    assert len(participation) == 8  # every official is listed, with empty figures
    for column in ("listed", "present", "attendance_rate", "months_counted", "quota_rate", "feedback_recorded"):
        assert participation[column].isna().all(), column
    scorecard = db.run_scoped(con, "agency_scorecard", scope)
    assert scorecard[["coverage_rate", "score", "rank", "review_group"]].isna().all().all()
    assert scorecard["officials"].tolist() == [2, 2, 2, 2]  # what an agency is, not what it did


def test_a_period_straddling_the_data_start_is_computed_from_it(con):
    # visits_from set to 2024-09; period 01/2024 - 12/2024 (ref 2024-12-31):
    # - held visits from 2024-09-01: BX0013 (09-10), BX0014 (10-02) -> 2 (BX0012 of 05-15 is before);
    # - quota: CB0001 (99001, 2024-08-01 .. 10-31, 1 a month): August is before the data start and not
    #   counted; September met (present at BX0013 in 99001), October not (BX0014 is in 99002) -> 1/2;
    # - attendance: BX0013 CB0001 present, CB0003 absent; BX0014 CB0003 absent -> 1/3;
    # - feedback received from 09-01: YK0014 (09-10), YK0015 (10-07), YK0013 (10-21) -> 3.
    row = kpis(con, settings_with(data={"visits_from": "2024-09"}), start="2024-01", end="2024-12")
    assert (row["held_visits"], row["quota_met_share"], row["feedback_received"]) == (2, 0.5, 3)
    assert abs(row["attendance_rate"] - 1 / 3) < 1e-12
    # Without a data start the same months give 3 visits, quota 1/3 (August counted, not met), 2/5.
    plain = db.run_scoped(con, "overview_kpis", db.Scope(period=resolve_period(
        data_as_of=D("2025-10-15"), start="2024-01", end="2024-12")), load_settings()).iloc[0]
    assert (plain["held_visits"], round(plain["quota_met_share"], 12), plain["attendance_rate"]) == (3, round(1 / 3, 12), 0.4)


def test_the_previous_period_before_the_data_says_no_data(con):
    # Default period 11/2024 - 10/2025: its previous period (11/2023 - 10/2024) reaches into the
    # data (from 2024-05: BX0012, BX0013, BX0014 held -> 3). With visits_from 2024-11 it ends before
    # the data: every prev_ figure is empty, the current ones unchanged (BX0001-BX0009 held -> 9).
    computed = kpis(con, load_settings())
    assert (computed["held_visits"], computed["prev_held_visits"]) == (9, 3)
    later = kpis(con, settings_with(data={"visits_from": "2024-11"}))
    assert later["held_visits"] == 9
    assert all(pd.isna(later["prev_" + key]) for key in KPIS)
    assert all(later[key] == computed[key] or (pd.isna(later[key]) and pd.isna(computed[key])) for key in KPIS)


def test_cli_export_on_the_demo_begins_with_the_data(demo_database, tmp_path):
    out = tmp_path / "k.csv"
    result = subprocess.run([sys.executable, "-m", "outreach", "export", "overview_kpis", "--db", str(demo_database),
                             "--start", "2024-11", "--end", "2025-10", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    row = pd.read_csv(out, encoding="utf-8-sig").iloc[0]
    # The demo's data begin in 11/2024: the previous period has no figures; officials are judged only
    # on the months the export covers (1,747 flagged when the months before counted as unmet).
    assert all(pd.isna(row["prev_" + key]) for key in KPIS)
    assert 0 < row["officials_flagged"] < 100


@pytest.fixture()
def demo_app(demo_database, monkeypatch, tmp_path):
    def make(script: str = "dashboard.py", visits_from: str = "", **params: str):
        config = tmp_path / "outreach.toml"
        config.write_text(f'[paths]\ndatabase = "{demo_database}"\ndemo_dir = "{tmp_path / "demo"}"\n'
                          f'[data]\nvisits_from = "{visits_from}"\n', encoding="utf-8")
        monkeypatch.setenv("OUTREACH_CONFIG", str(config))
        results.settings.clear()
        return open_app(script, timeout=90, **params)
    return make


def test_overview_cards_say_the_previous_period_has_no_data(demo_app):
    app = demo_app(**{"from": "2024-11", "to": "2025-10"})
    deltas = [metric.delta for metric in cards(app)]
    assert len(deltas) == 8 and all(delta == "Kỳ trước: chưa có số liệu" for delta in deltas), deltas
    assert any("Dữ liệu bắt đầu từ 11/2024" in caption.value for caption in app.caption) is False  # starts on it


def test_pages_say_when_a_period_begins_or_ends_before_the_data(demo_app):
    # The sidebar offers months from the first month with data (11/2024 on the demo); a data start
    # set later (01/2025) makes 11/2024 - 10/2025 straddle it and 11/2024 - 12/2024 end before it.
    app = demo_app(visits_from="2025-01", **{"from": "2024-11", "to": "2025-10"})
    assert any("Dữ liệu bắt đầu từ 01/2025" in caption.value for caption in app.caption)
    before = demo_app("pages/4_don_vi.py", visits_from="2025-01", **{"from": "2024-11", "to": "2024-12"})
    assert any("kết thúc trước khi dữ liệu bắt đầu (01/2025)" in warning.value for warning in before.warning)
    assert not before.dataframe  # no figures at all
    data_page = demo_app("pages/5_du_lieu.py", visits_from="2025-01", **{"from": "2024-11", "to": "2024-12"})
    assert data_page.tabs  # the Data page still works for a period without figures
