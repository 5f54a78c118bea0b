"""Beyond the roster (docs/metrics.md, "Beyond the roster"): typed quotas, heads' dialogues, heard
elsewhere first, signs of form's sake. Hand-worked cases on a copy of the fixture export with a few
rows added (commune 99004 had no visit before), and the demo's planted cases against
ground_truth.json with precision and recall."""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import pytest

from outreach.config import load_settings
from outreach.query import db
from outreach.ingest.load import ingest
from support import FIXTURE_EXPORT, TODAY, write_config

V = "visit_id,visit_date,commune_code,hamlet_id,visit_type,lead_agency_id,topic,status,citizens_attending"
ROWS = {
    "officials": [
        "CB0101,Đinh Văn Quý,DV02,Chuyên viên,false,2020-01-01,",
        "CB0102,Lý Thị Sen,DV02,Giám đốc,true,2025-05-01,",
        "CB0103,Mai Văn Tùng,DV01,Trưởng ban,true,2025-06-01,",
        "CB0104,Tạ Văn Uy,DV02,Chuyên viên,false,2020-01-01,",
        "CB0105,Hà Thị Vân,DV02,Chuyên viên,false,2020-01-01,",
    ],
    "assignments": [
        # CB0101: 1 visit of any type and 1 cell meeting a month from June.
        "CB0101,99004,,1,2025-06-01,,",
        "CB0101,99004,,1,2025-06-01,,sinh_hoat",
        "CB0102,99004,,0,2025-04-01,,",
    ],
    "visits": [
        "BX0101,2025-06-10,99004,,tiep_xuc,DV02,,held,30",
        "BX0102,2025-06-20,99004,,sinh_hoat,DV02,,held,30",
        "BX0103,2025-07-10,99004,,tiep_xuc,DV02,,held,30",
        "BX0104,2025-07-11,99004,,tiep_xuc,DV02,,held,30",
        "BX0105,2025-08-05,99004,,sinh_hoat,DV02,,held,30",
        "BX0106,2025-08-06,99004,,sinh_hoat,DV02,,held,30",
        "BX0107,2025-09-29,99004,,sinh_hoat,DV02,,held,30",
        "BX0108,2025-09-02,99004,,tiep_xuc,DV02,,held,30",
        "BX0109,2025-05-15,99004,,doi_thoai,DV02,,held,30",
        "BX0110,2025-09-01,99004,,doi_thoai,DV02,,held,30",
        "BX0111,2025-06-30,99004,,doi_thoai,DV01,,held,30",
        "BX0112,2025-07-20,99004,,kiem_tra,DV02,,held,0",
        "BX0113,2025-07-21,99004,,kiem_tra,DV02,,held,",
        "BX0114,2025-08-20,99001,,khac,DV02,,held,20",
        "BX0115,2025-08-20,99002,,khac,DV02,,held,20",
        "BX0116,2025-08-20,99004,,khac,DV02,,held,20",
        "BX0117,2025-08-21,99001,,khac,DV02,,held,20",
        "BX0118,2025-08-21,99002,,khac,DV02,,held,20",
    ],
    "attendance": [
        *(f"BX01{n:02d},CB0101,true,present" for n in range(1, 9)),
        "BX0109,CB0102,true,present", "BX0110,CB0102,true,present", "BX0103,CB0102,true,present",
        "BX0111,CB0103,true,present", "BX0110,CB0103,true,present",
        "BX0114,CB0104,false,present", "BX0115,CB0104,true,present", "BX0116,CB0104,true,late",
        "BX0117,CB0105,true,present", "BX0118,CB0105,true,present",
    ],
    "feedback": [
        "YK0101,2025-03-01,99004,,visit,Nước sạch,,false,,,,2025-03-02,,,,",
        "YK0102,2025-03-31,99004,,hotline,nước  SẠCH,,false,,,,2025-04-01,,,,",
        "YK0103,2025-05-01,99004,,online,Nước sạch,,false,,,,2025-05-02,,,,",
        "YK0104,2025-04-01,99004,,letter,Đường giao thông,,false,,,,2025-04-02,,,,",
        "YK0105,2025-04-01,99004,,dialogue,Đường giao thông,,false,,,,2025-04-02,,,,",
        "YK0106,2025-04-05,99004,,other,,,false,,,,2025-04-06,,,,",
        "YK0107,2025-07-21,99004,BX0113,visit,Thủy lợi,,false,,,,2025-07-22,,,,",
    ],
}


@pytest.fixture(scope="module")
def beyond_con(tmp_path_factory):
    directory = tmp_path_factory.mktemp("beyond")
    export = directory / "export"
    shutil.copytree(FIXTURE_EXPORT, export)
    for name, rows in ROWS.items():
        path = export / f"{name}.csv"
        text = path.read_text(encoding="utf-8")
        if name == "assignments":  # the optional column, empty for the fixture's own rows
            lines = text.strip("\n").split("\n")
            text = "\n".join([lines[0] + ",visit_type", *(line + "," for line in lines[1:])]) + "\n"
        path.write_text(text + "\n".join(rows) + "\n", encoding="utf-8")
    database = directory / "outreach.duckdb"
    config = write_config(directory, database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CONFIG", str(config))
        report = ingest(export, database=database, rejects_path=directory / "rejects.csv", today=TODAY)
    assert report.exit_code == 0, (report.error, report.rejects.to_string())
    connection = duckdb.connect(str(database), read_only=True)
    yield connection
    connection.close()


def run(con, name: str, **values) -> pd.DataFrame:
    settings = load_settings()
    scope = db.Scope(period=db.period_for(con, settings))
    return db.run_scoped(con, name, scope, settings, **values)


def test_quota_by_visit_type(beyond_con):
    quota = run(beyond_con, "official_quota_months", official_id="CB0101")
    months = quota.drop_duplicates("month_start").set_index(quota.drop_duplicates("month_start").month_start.astype(str))
    # June: tiep_xuc + sinh_hoat -> both met. July: 2 tiep_xuc, no cell meeting -> not met although 2 >= 2.
    # August: 2 cell meetings: 1 for the typed, the other serves "any" -> met. September: met.
    assert months["is_met"].to_dict() == {"2025-06-01": True, "2025-07-01": False, "2025-08-01": True,
                                          "2025-09-01": True}
    july = quota[quota.month_start.astype(str) == "2025-07-01"].set_index("requirement")
    assert july.loc["sinh_hoat", ["requirement_required", "counted", "missing"]].tolist() == [1, 0, 1]
    assert july.loc["any", ["requirement_required", "counted", "missing"]].tolist() == [1, 2, 0]
    august = quota[quota.month_start.astype(str) == "2025-08-01"].set_index("requirement")
    assert august.loc["sinh_hoat", "counted"] == 1 and august.loc["any", "counted"] == 1
    row = run(beyond_con, "official_participation").set_index("official_id").loc["CB0101"]
    assert (row.months_counted, row.months_met) == (4, 3)


def test_without_visit_type_nothing_changes(con, beyond_con):
    # The fixture export has no visit_type column at all; its numbers are the ones of section 4
    # (tests/test_queries.py and test_metrics.py hold them); the same rows with an empty column give
    # the same results.
    for name in ("official_quota_months", "overview_kpis", "agency_scorecard"):
        before = run(con, name)
        assert not before.empty
    quota = run(con, "official_quota_months")
    assert set(quota.requirement) == {"any"}
    assert (quota.requirement_required == quota.required).all() and (quota.counted == quota.attended).all()


def test_heads_dialogues(beyond_con):
    rows = run(beyond_con, "official_participation").set_index("official_id")
    # CB0102 (head from May): dialogue in May (BX0109) and September (BX0110): June, July, August
    # without -> 3 in a row -> flagged; 2 dialogues held.
    assert "head_without_dialogue" in rows.loc["CB0102", "flags"].split(";")
    assert (rows.loc["CB0102", "dialogues_held"], rows.loc["CB0102", "months_without_dialogue"]) == (2, 3)
    # CB0103 (head from June): dialogue on 30 June and on 1 September: July and August -> 2, no flag.
    assert "head_without_dialogue" not in rows.loc["CB0103", "flags"].split(";")
    assert rows.loc["CB0103", "dialogues_held"] == 2
    assert pd.isna(rows.loc["CB0101", "dialogues_held"])
    evidence = run(beyond_con, "official_flag_evidence")
    months = evidence[(evidence.official_id == "CB0102") & (evidence.evidence_type == "dialogue_month")]
    assert list(months.evidence_id) == ["2025-06", "2025-07", "2025-08"]
    visits = evidence[(evidence.official_id == "CB0102") & (evidence.flag == "head_without_dialogue")
                      & (evidence.evidence_type == "visit")]
    assert list(visits.evidence_id) == ["BX0103"]  # his other visit in those months
    agencies = run(beyond_con, "agency_head_dialogues").set_index("agency_id")
    assert agencies.loc["DV02", ["heads", "dialogues_held", "heads_without_dialogue"]].tolist() == [1, 2, 1]


def test_heard_elsewhere_first(beyond_con):
    items = run(beyond_con, "heard_elsewhere_first").set_index("feedback_id")
    # YK0102: 30 days after the visit item YK0101 on the same topic (folded) -> inside the window.
    # YK0103: 61 days after it (YK0102 is no visit item) -> heard elsewhere first.
    # YK0104: a dialogue item on the same day -> not. YK0106: no topic -> not judged.
    assert {"YK0102", "YK0104", "YK0106"}.isdisjoint(items.index)
    assert items.loc["YK0103", "last_visit_item_id"] == "YK0101"
    assert str(items.loc["YK0103", "last_visit_channel_date"])[:10] == "2025-03-01"
    assert items.loc["YK0103", "officials_assigned"] == 1  # CB0102 alone
    assert set(run(beyond_con, "heard_elsewhere_for_official", official_id="CB0102").feedback_id) == {"YK0103"}
    commune = run(beyond_con, "heard_elsewhere_by_commune").set_index("commune_code").loc["99004"]
    # Non-visit items with a topic: YK0102, YK0103, YK0104 -> 1 of 3.
    assert (commune.non_visit_items, commune.heard_elsewhere_first) == (3, 1)
    assert commune.heard_elsewhere_share == pytest.approx(1 / 3)
    officials = run(beyond_con, "heard_elsewhere_by_official").set_index("official_id")
    assert officials.loc["CB0102", "heard_elsewhere_first"] == 1


def test_signs_of_form(beyond_con):
    empty = run(beyond_con, "empty_visits")
    # BX0112: 0 citizens, no item -> empty; BX0113: no count but item YK0107 names it -> not empty.
    assert "BX0112" in set(empty.visit_id) and "BX0113" not in set(empty.visit_id)
    by_commune = run(beyond_con, "empty_visits_by_commune").set_index("commune_code").loc["99004"]
    assert by_commune.empty_visits == 1 and by_commune.empty_share == pytest.approx(1 / by_commune.visits_held)
    by_agency = run(beyond_con, "empty_visits_by_agency").set_index("lead_agency_id")
    assert by_agency.loc["DV02", "empty_visits"] == 1
    many = run(beyond_con, "multi_commune_presence")
    # CB0104 in 99001, 99002 and 99004 on 20 August (late counts as present); CB0105 in 2 on the 21st.
    assert many[["official_id", "communes", "visit_ids"]].values.tolist() == [["CB0104", 3, "BX0114;BX0115;BX0116"]]


def test_last_minute_quota(beyond_con, tmp_path):
    # CB0101 in September: BX0108 (2 Sep) and the cell meeting BX0107 on the 29th (one of the last 3
    # days): without it the typed requirement is short -> met at month end. 1 such month of 3 met:
    # no flag (it needs 3, and half of the met months).
    rows = beyond_con.execute(
        "select * from last_minute_months(date '2024-11-01', date '2025-10-15', null, null, $s)",
        {"s": db.Scope(period=db.period_for(beyond_con, load_settings())).params_for(
            "official_flags", load_settings(), {})["settings"]}).df()
    mine = rows[rows.official_id == "CB0101"].set_index(rows[rows.official_id == "CB0101"].month_start.astype(str))
    assert mine["is_last_minute"].to_dict() == {"2025-06-01": False, "2025-08-01": False, "2025-09-01": True}
    flags = run(beyond_con, "official_participation").set_index("official_id").loc["CB0101", "flags"]
    assert "last_minute_quota" not in flags.split(";")
    # With the flag's minimum at 1 month and a share of a third, September is enough.
    flags = run(beyond_con, "official_participation", last_minute_min_months=1, last_minute_min_share=0.3)
    assert "last_minute_quota" in flags.set_index("official_id").loc["CB0101", "flags"].split(";")


# ---------------------------------------------------------------------------------------------
# the demo


@pytest.fixture(scope="module")
def demo_truth(demo_export) -> dict:
    return json.loads((demo_export / "ground_truth.json").read_text(encoding="utf-8"))["beyond_roster"]


@pytest.fixture(scope="module")
def demo_con(demo_database):
    connection = duckdb.connect(str(demo_database), read_only=True)
    yield connection
    connection.close()


def _score(name: str, found: set, truth: dict) -> None:
    planted = {tuple(x) if isinstance(x, list) else x for x in truth["planted"].get(name, [])}
    near = {tuple(x) if isinstance(x, list) else x for x in truth["near_misses"].get(name, [])}
    expected = {tuple(x) if isinstance(x, list) else x for x in truth["found"][name]}
    precision = len(found & expected) / len(found) if found else 1.0
    recall = len(found & expected) / len(expected) if expected else 1.0
    print(f"{name:<26} found {len(found):>5}  truth {len(expected):>5}  planted {len(planted):>2}  "
          f"near misses {len(near):>2}  precision {precision:.3f}  recall {recall:.3f}")
    assert planted <= found, (name, sorted(planted - found))
    assert not near & found, (name, sorted(near & found))
    assert found == expected, (name, sorted(found - expected)[:5], sorted(expected - found)[:5])
    assert precision == 1.0 and recall == 1.0


def test_demo_beyond_the_roster_precision_and_recall(demo_con, demo_truth):
    participation = run(demo_con, "official_participation")
    for flag in ("head_without_dialogue", "last_minute_quota"):
        found = set(participation.loc[participation["flags"].map(lambda v: flag in v.split(";")), "official_id"])
        _score(flag, found, demo_truth)
    _score("heard_elsewhere_first", set(run(demo_con, "heard_elsewhere_first").feedback_id), demo_truth)
    _score("empty_visits", set(run(demo_con, "empty_visits").visit_id), demo_truth)
    many = run(demo_con, "multi_commune_presence")
    _score("multi_commune_presence", {(o, str(d)[:10]) for o, d in zip(many.official_id, many.visit_date)},
           demo_truth)
    quota = run(demo_con, "official_quota_months").drop_duplicates(["official_id", "month_start"])
    typed = set(demo_truth["planted"]["typed_officials"])
    unmet = quota[quota.official_id.isin(typed) & quota.is_counted & ~quota.is_met]
    found = {(o, str(m)[:7]) for o, m in zip(unmet.official_id, unmet.month_start)}
    _score("typed_quota_unmet_months", found, demo_truth)
    # The typed officials meet the general quota in those months: only the cell meeting is missing.
    rows = run(demo_con, "official_quota_months")
    missing = rows[rows.official_id.isin(typed) & (rows.missing > 0)]
    assert set(missing.requirement) == {"sinh_hoat"}


@pytest.mark.parametrize("database", ["beyond_con", "demo_con"])
def test_one_officials_heard_items_are_those_of_their_assignments(request, database):
    # heard_elsewhere_for_official: the rows of heard_elsewhere_first whose commune the official was
    # assigned to (an assignment covering the received date, counted straight from the assignments
    # here); officials_assigned: how many officials such an assignment names.
    con = request.getfixturevalue(database)
    settings = load_settings()
    scope = db.Scope(period=db.period_for(con, settings))
    params = scope.params_for("heard_elsewhere_first", settings)
    items = run(con, "heard_elsewhere_first")
    pairs = con.execute("""
        select distinct a.official_id, h.feedback_id
        from heard_elsewhere_rows($start, $ref_date, $as_of, $commune, $settings) as h
        join assignments as a on a.commune_code = h.commune_code and a.assigned_from <= h.received_date
         and (a.assigned_to is null or a.assigned_to >= h.received_date)
        where h.is_heard_elsewhere_first""", params).df()
    assert len(pairs) > 0
    counts = pairs.groupby("feedback_id").size()
    assert items.set_index("feedback_id")["officials_assigned"].to_dict() == {
        feedback_id: int(counts.get(feedback_id, 0)) for feedback_id in items.feedback_id}
    for official_id, mine in list(pairs.groupby("official_id").feedback_id)[:25]:
        want = items[items.feedback_id.isin(set(mine))].drop(columns=["officials_assigned"])
        got = run(con, "heard_elsewhere_for_official", official_id=official_id)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False,
                                      obj=official_id)
