"""The demo generator: contract shape, determinism, integrity, geometry, and a ground truth that
an independent plain-pandas reading of docs/metrics.md finds exactly.

The rule implementations below share no code with outreach/demo/ on purpose.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path

import holidays
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from outreach.ingest import contract
from outreach.demo import generate

SMALL = {"communes": 30, "scale": 0.08}
TABLES = [table.name for table in contract.TABLES]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out, **SMALL)
    return out


@pytest.fixture(scope="module")
def tables(demo_dir: Path) -> dict[str, pd.DataFrame]:
    return load(demo_dir)


@pytest.fixture(scope="module")
def truth(demo_dir: Path) -> dict:
    return json.loads((demo_dir / "ground_truth.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# an independent reading of the rules


def load(directory: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(directory / f"{name}.csv", dtype=str, keep_default_na=False) for name in TABLES}


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def last_day(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def data_as_of(t: dict[str, pd.DataFrame]) -> dt.date:
    """docs/metrics.md, edge rule 1: latest of held visit dates and the feedback dates."""
    visits = t["visits"]
    dates = list(visits.loc[visits.status == "held", "visit_date"])
    for column in ("received_date", "forwarded_date", "replied_date", "resolved_date"):
        dates.extend(value for value in t["feedback"][column] if value)
    return day(max(dates))


def default_period(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 whole months ending with the as_of month; the period ends at ref_date = as_of."""
    index = as_of.year * 12 + as_of.month - 1 - 11
    return dt.date(index // 12, index % 12 + 1, 1), as_of


def held_visits(t, start: dt.date, end: dt.date) -> pd.DataFrame:
    visits = t["visits"]
    held = visits[(visits.status == "held") & (visits.visit_date >= start.isoformat())
                  & (visits.visit_date <= end.isoformat())].copy()
    return held


def fold(text: str) -> str:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).strip()).lower()
    text = text.replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def participation_flags(t, as_of: dt.date) -> dict[str, set[str]]:
    start, ref_date = default_period(as_of)
    held = held_visits(t, start, ref_date)
    rows = t["attendance"].merge(held[["visit_id", "visit_date", "commune_code"]], on="visit_id")
    rows["is_listed"] = rows.listed == "true"
    rows["is_present"] = rows.status.isin(["present", "late"])
    rows["counted"] = rows.is_listed & (rows.status != "excused")
    rows["listed_present"] = rows.is_listed & rows.is_present
    per = rows.groupby("official_id")[["counted", "is_present", "listed_present"]].sum()
    never = per[(per.counted >= 3) & (per.is_present == 0)].index
    rarely = per[(per.counted >= 5) & (per.listed_present / per.counted.where(per.counted > 0) < 0.5)].index
    rarely = rarely.difference(never)

    assignments = t["assignments"].copy()
    assignments["required"] = assignments.required_visits_per_month.astype(int)
    present = rows[rows.is_present]
    unmet_run: dict[str, int] = {}
    longest: dict[str, int] = {}
    month = start
    while last_day(month) <= min(as_of, ref_date):
        first, last = month.isoformat(), last_day(month).isoformat()
        full = assignments[(assignments.assigned_from <= first)
                           & ((assignments.assigned_to == "") | (assignments.assigned_to >= last))]
        required = full.groupby("official_id").required.sum()
        in_month = present[(present.visit_date >= first) & (present.visit_date <= last)]
        in_area = in_month.merge(full[["official_id", "commune_code"]].drop_duplicates(),
                                 on=["official_id", "commune_code"])
        attended = in_area.groupby("official_id").visit_id.nunique()
        counted = required[required > 0]
        unmet = set(counted.index[attended.reindex(counted.index, fill_value=0) < counted])
        for official in set(unmet_run) | unmet:
            unmet_run[official] = unmet_run.get(official, 0) + 1 if official in unmet else 0
            longest[official] = max(longest.get(official, 0), unmet_run[official])
        month = (dt.date(month.year + 1, 1, 1) if month.month == 12 else dt.date(month.year, month.month + 1, 1))
    under = {official for official, run in longest.items() if run >= 3}
    return {"listed_never_present": set(never), "rarely_present": set(rarely), "under_quota": under}


def held_information(t, as_of: dt.date) -> tuple[set[str], set[str]]:
    """docs/metrics.md, "Citizen feedback", edge rule 14: (held item ids, officials charged with at least 2)."""
    start, ref_date = default_period(as_of)
    items = t["feedback"]
    items = items[(items.received_date >= start.isoformat()) & (items.received_date <= ref_date.isoformat())]
    held = []
    for row in items.itertuples():
        received = day(row.received_date)
        if row.handled_on_spot == "true" or (as_of - received).days < 7:
            continue
        limit = received + dt.timedelta(days=7)
        if row.forwarded_date and day(row.forwarded_date) <= limit:
            continue
        if row.replied_date and day(row.replied_date) <= limit:
            continue
        held.append((row.feedback_id, row.recorded_by))
    counts: dict[str, int] = {}
    for _, recorder in held:
        if recorder:
            counts[recorder] = counts.get(recorder, 0) + 1
    return {item for item, _ in held}, {official for official, n in counts.items() if n >= 2}


def overlap_pairs(t, as_of: dt.date) -> set[tuple[str, str]]:
    start, ref_date = default_period(as_of)
    held = held_visits(t, start, ref_date)
    held["key"] = held.topic.map(fold)
    held = held[held.key != ""]
    pairs = held.merge(held, on=["commune_code", "key"], suffixes=("_1", "_2"))
    pairs = pairs[(pairs.visit_id_1 < pairs.visit_id_2) & (pairs.lead_agency_id_1 != pairs.lead_agency_id_2)]
    gap = (pd.to_datetime(pairs.visit_date_1) - pd.to_datetime(pairs.visit_date_2)).dt.days.abs()
    pairs = pairs[gap <= 7]
    return set(zip(pairs.visit_id_1, pairs.visit_id_2))


def agency_scores(t, as_of: dt.date) -> pd.DataFrame:
    """docs/metrics.md, "Agency review", edge rule 16: one row per agency with score and whether it is ranked."""
    start, ref_date = default_period(as_of)
    officials = t["officials"]
    held = held_visits(t, start, ref_date)
    rows = (t["attendance"].merge(held[["visit_id", "visit_date", "commune_code"]], on="visit_id")
            .merge(officials[["official_id", "agency_id"]], on="official_id"))
    rows["is_present"] = rows.status.isin(["present", "late"])
    rows["is_listed"] = rows.listed == "true"
    assignments = t["assignments"].merge(officials[["official_id", "agency_id"]], on="official_id")
    overlapping = assignments[(assignments.assigned_from <= ref_date.isoformat())
                              & ((assignments.assigned_to == "") | (assignments.assigned_to >= start.isoformat()))]
    months_met: dict[str, int] = {}
    months_counted: dict[str, int] = {}
    month = start
    present = rows[rows.is_present]
    while last_day(month) <= as_of:
        first, last = month.isoformat(), last_day(month).isoformat()
        full = assignments[(assignments.assigned_from <= first)
                           & ((assignments.assigned_to == "") | (assignments.assigned_to >= last))]
        required = full.assign(r=full.required_visits_per_month.astype(int)).groupby("official_id").r.sum()
        required = required[required > 0]
        in_area = present[(present.visit_date >= first) & (present.visit_date <= last)].merge(
            full[["official_id", "commune_code"]].drop_duplicates(), on=["official_id", "commune_code"])
        attended = in_area.groupby("official_id").visit_id.nunique().reindex(required.index, fill_value=0)
        for official in required.index:
            months_counted[official] = months_counted.get(official, 0) + 1
            months_met[official] = months_met.get(official, 0) + int(attended[official] >= required[official])
        month = last_day(month) + dt.timedelta(days=1)
    items = t["feedback"]
    items = items[(items.received_date >= start.isoformat()) & (items.received_date <= ref_date.isoformat())
                  & (items.forwarded_to != "")]
    result = []
    for agency, members in officials.groupby("agency_id").official_id:
        communes = set(overlapping.loc[overlapping.agency_id == agency, "commune_code"])
        visited = set(rows.loc[(rows.agency_id == agency) & rows.is_present, "commune_code"])
        own = rows[rows.agency_id == agency]
        divisor = (own.is_listed & (own.status != "excused")).sum()
        counted = sum(months_counted.get(o, 0) for o in members)
        on_time = late = 0
        for row in items[items.forwarded_to == agency].itertuples():
            received = day(row.received_date)
            due = day(row.due_date) if row.due_date else working_days_after(received, 15)
            if row.replied_date:
                on_time += day(row.replied_date) <= due
                late += day(row.replied_date) > due
            elif as_of > due:
                late += 1
        rates = [
            len(communes & visited) / len(communes) if communes else None,
            (own.is_listed & own.is_present).sum() / divisor if divisor else None,
            sum(months_met.get(o, 0) for o in members) / counted if counted else None,
            on_time / (on_time + late) if on_time + late else None,
        ]
        filled = [rate for rate in rates if rate is not None]
        result.append({"agency_id": agency, "on_time_rate": rates[3],
                       "score": 100 * sum(filled) / len(filled) if filled else None,
                       "ranked": len(members) >= 3 and bool(communes)})
    return pd.DataFrame(result)


@functools.cache
def vietnam_calendar(first_year: int) -> tuple[holidays.HolidayBase, frozenset[dt.date]]:
    table = holidays.country_holidays("VN", years=range(first_year, first_year + 4))
    return table, frozenset(table.weekend_workdays)


def working_days_after(received: dt.date, count: int) -> dt.date:
    """The count-th working day strictly after received (Mon-Fri, make-up days, no holidays)."""
    table, make_up = vietnam_calendar(received.year)
    current = received
    while count:
        current += dt.timedelta(days=1)
        if (current.weekday() < 5 or current in make_up) and current not in table:
            count -= 1
    return current


def assert_truth_holds(directory: Path) -> None:
    """Every planted list in ground_truth.json is what the rules find, no more and no less."""
    t = load(directory)
    truth = json.loads((directory / "ground_truth.json").read_text(encoding="utf-8"))
    as_of = data_as_of(t)
    assert as_of.isoformat() == truth["as_of"]
    flags = participation_flags(t, as_of)
    for code in ("listed_never_present", "rarely_present", "under_quota"):
        assert flags[code] == set(truth["flags"][code]), code
    items, holders = held_information(t, as_of)
    assert items == set(truth["held_items"])
    assert holders == set(truth["flags"]["holding_information"])
    assert overlap_pairs(t, as_of) == {tuple(pair) for pair in truth["overlap_pairs"]}
    held = t["visits"][t["visits"].status == "held"]
    visited = set(held.commune_code)
    never = set(t["communes"].commune_code) - visited
    assert never == set(truth["never_visited_communes"])
    assert not never & set(t["assignments"].commune_code)
    last_visit = held.groupby("commune_code").visit_date.max()
    for stale in truth["stale_communes"]:
        assert last_visit[stale["commune_code"]] == stale["last_visit_date"]
        assert 120 <= (as_of - day(stale["last_visit_date"])).days <= 180
    others = last_visit.drop([s["commune_code"] for s in truth["stale_communes"]])
    assert (others.map(day).map(lambda d: (as_of - d).days) < 120).all()


# ---------------------------------------------------------------------------------------------
# tests


def test_ground_truth_matches_an_independent_reading_of_the_rules(demo_dir: Path, truth: dict) -> None:
    assert_truth_holds(demo_dir)
    for code, officials in truth["flags"].items():
        assert len(officials) >= 2, code
    assert set(truth["flags"]["listed_never_present"]) <= set(truth["flags"]["under_quota"])
    assert not set(truth["flags"]["listed_never_present"]) & set(truth["flags"]["rarely_present"])
    assert len(truth["held_items"]) >= 2 * len(truth["flags"]["holding_information"]) + 2
    assert len(truth["overlap_pairs"]) >= 2
    assert len(truth["never_visited_communes"]) == 3 and len(truth["stale_communes"]) == 4


def test_ground_truth_holds_for_another_seed_and_end_month(tmp_path: Path) -> None:
    summary = generate(tmp_path, seed=11, end_month="2025-12", months=15, communes=24, scale=0.06)
    assert summary.as_of == dt.date(2025, 12, 31)
    assert_truth_holds(tmp_path)


def test_every_file_has_the_contract_columns_in_order(demo_dir: Path) -> None:
    for table in contract.TABLES:
        raw = (demo_dir / f"{table.name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in raw
        assert raw.decode("utf-8").split("\n", 1)[0] == ",".join(table.column_names)


def test_values_follow_the_contract(tables: dict[str, pd.DataFrame]) -> None:
    for table in contract.TABLES:
        frame = tables[table.name]
        assert len(frame) > 0, table.name
        for column in table.columns:
            values = frame[column.name]
            if column.required:
                assert (values != "").all(), f"{table.name}.{column.name}"
            filled = values[values != ""]
            if column.allowed:
                assert set(filled) <= set(column.allowed), f"{table.name}.{column.name}"
            if column.type == contract.DATE:
                assert filled.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), f"{table.name}.{column.name}"
            if column.type == contract.BOOLEAN:
                assert set(filled) <= {"true", "false"}, f"{table.name}.{column.name}"
            if column.type == contract.INTEGER:
                assert filled.str.fullmatch(r"\d+").all(), f"{table.name}.{column.name}"
        keys = frame[list(table.key)]
        assert not keys.duplicated().any(), table.name


def test_codes_keep_their_leading_zeros(tables: dict[str, pd.DataFrame]) -> None:
    assert tables["communes"].commune_code.str.fullmatch(r"99\d{3}").all()
    assert tables["hamlets"].hamlet_id.str.fullmatch(r"99\d{3}-\d{2}").all()
    assert (tables["hamlets"].hamlet_id.str[-2:] == "01").any()
    assert tables["agencies"].agency_id.str.fullmatch(r"DV\d{2}").all()
    assert tables["officials"].official_id.str.fullmatch(r"CB\d{5}").all()
    assert tables["visits"].visit_id.str.fullmatch(r"BX\d{6}").all()
    assert tables["feedback"].feedback_id.str.fullmatch(r"YK\d{7}").all()
    phones = tables["feedback"].citizen_phone
    assert phones[phones != ""].str.fullmatch(r"0\d{9}").all()
    assert (phones.str.startswith("09")).mean() > 0.4


def test_references_exist(tables: dict[str, pd.DataFrame]) -> None:
    for table in contract.TABLES:
        for column in table.columns:
            if column.references is None:
                continue
            target_table, target_column = column.references
            values = tables[table.name][column.name]
            missing = set(values[values != ""]) - set(tables[target_table][target_column])
            assert not missing, f"{table.name}.{column.name}: {sorted(missing)[:5]}"
    visits = tables["visits"].set_index("visit_id")
    hamlets = tables["hamlets"].set_index("hamlet_id")
    with_hamlet = visits[visits.hamlet_id != ""]
    assert (hamlets.loc[with_hamlet.hamlet_id, "commune_code"].to_numpy() == with_hamlet.commune_code.to_numpy()).all()
    items = tables["feedback"]
    linked = items[items.visit_id != ""]
    assert (visits.loc[linked.visit_id, "status"] == "held").all()
    assert (visits.loc[linked.visit_id, "visit_date"].to_numpy() == linked.received_date.to_numpy()).all()
    assert (visits.loc[linked.visit_id, "commune_code"].to_numpy() == linked.commune_code.to_numpy()).all()
    present = tables["attendance"][tables["attendance"].status.isin(["present", "late"])]
    recorded = set(zip(linked.visit_id, linked.recorded_by))
    assert recorded <= set(zip(present.visit_id, present.official_id))


def test_dates_are_consistent(tables: dict[str, pd.DataFrame], truth: dict) -> None:
    as_of = data_as_of(tables)
    assert as_of == dt.date(2026, 10, 31) and truth["as_of"] == "2026-10-31"
    visits = tables["visits"]
    assert (visits.loc[visits.status == "planned", "visit_date"] > as_of.isoformat()).all()
    assert (visits.loc[visits.status != "planned", "visit_date"] <= as_of.isoformat()).all()
    assert 0.85 < (visits.status == "held").mean() < 0.95
    not_held = set(visits.loc[visits.status != "held", "visit_id"])
    assert not not_held & set(tables["attendance"].visit_id)
    held = visits[visits.status == "held"]
    # The empty visits of "Beyond the roster" (and their near misses) are planted with 0 or no citizens.
    beyond = truth["beyond_roster"]
    planted_empty = set(beyond["planted"]["empty_visits"]) | set(beyond["near_misses"]["empty_visits"])
    counted = held[~held.visit_id.isin(planted_empty)]
    assert counted.citizens_attending.astype(int).between(10, 150).all()
    assert set(held.loc[held.citizens_attending.isin(["", "0"]), "visit_id"]) == planted_empty
    walk_ins = tables["attendance"][tables["attendance"].listed == "false"]
    assert len(walk_ins) > 0 and (walk_ins.status == "present").all()
    items = tables["feedback"]
    for column in ("forwarded_date", "replied_date", "resolved_date"):
        filled = items[items[column] != ""]
        assert (filled[column] >= filled.received_date).all(), column
        assert (filled[column] <= as_of.isoformat()).all(), column
    assert ((items.forwarded_to == "") == (items.forwarded_date == "")).all()
    on_spot = items.handled_on_spot == "true"
    assert 0.3 < on_spot.mean() < 0.4
    assert (items.loc[on_spot, "forwarded_to"] == "").all()


def test_visits_avoid_public_holidays_and_fall_off_at_tet(tables: dict[str, pd.DataFrame], truth: dict) -> None:
    held = tables["visits"][tables["visits"].status == "held"]
    dates = held.visit_date.map(day)
    calendar_ = holidays.country_holidays("VN", years=range(2024, 2027))
    assert not dates.map(lambda d: d in calendar_).any()
    assert (dates.map(lambda d: d.weekday() < 5)).mean() > 0.9
    per_month = held.visit_date.str[:7].value_counts()
    assert truth["tet_months"] == ["2025-01", "2026-02"]
    for month in truth["tet_months"]:
        first = day(month + "-01")
        before = (first - dt.timedelta(days=1)).strftime("%Y-%m")
        after = (first + dt.timedelta(days=32)).strftime("%Y-%m")
        assert per_month[month] < 0.85 * min(per_month[before], per_month[after]), month


def test_slow_agencies_answer_late(tables: dict[str, pd.DataFrame], truth: dict) -> None:
    rates = agency_scores(tables, data_as_of(tables)).set_index("agency_id").on_time_rate
    slow = truth["slow_agencies"]
    assert len(slow) == 3 and set(slow) <= set(truth["weak_agencies"])
    assert (rates[slow] < 0.3).all()
    assert (rates.drop(slow).dropna() > 0.6).all()


def test_weak_agencies_rank_in_the_group_to_correct(tables: dict[str, pd.DataFrame], truth: dict) -> None:
    scores = agency_scores(tables, data_as_of(tables))
    ranked = scores[scores.ranked].sort_values("score")
    group = max(1, int(0.2 * len(ranked)))
    assert set(truth["weak_agencies"]) <= set(ranked.agency_id.head(group))
    assert not set(truth["small_agencies"]) & set(ranked.agency_id)


def test_small_agencies_have_one_or_two_officials(tables: dict[str, pd.DataFrame], truth: dict) -> None:
    sizes = tables["officials"].agency_id.value_counts()
    assert sorted(sizes[sizes < 3].index) == truth["small_agencies"] and len(truth["small_agencies"]) == 2


def test_boundaries_are_valid_neighbouring_polygons(demo_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    collection = json.loads((demo_dir / "boundaries.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    codes = [feature["properties"]["commune_code"] for feature in collection["features"]]
    assert sorted(codes) == sorted(tables["communes"].commune_code)
    shapes = [shape(feature["geometry"]) for feature in collection["features"]]
    for feature, geometry in zip(collection["features"], shapes):
        assert geometry.geom_type in ("Polygon", "MultiPolygon")
        assert geometry.is_valid and geometry.area > 0
        assert set(feature["properties"]) == {"commune_code", "commune_name", "province_code"}
        min_x, min_y, max_x, max_y = geometry.bounds
        assert 102 <= min_x and max_x <= 110 and 8 <= min_y and max_y <= 24
    shared = 0
    tree = shapely.STRtree(shapes)
    for i, geometry in enumerate(shapes):
        for j in tree.query(geometry):
            if j <= i:
                continue
            common = geometry.intersection(shapes[j])
            assert common.area < 1e-12  # neighbours touch, never overlap
            if common.length > 0 and common.geom_type in ("LineString", "MultiLineString"):
                shared += 1
    assert shared >= len(shapes)


def test_default_size_demo(demo_export: Path) -> None:
    # The session's shared default-size demo (tests/conftest.py), generated once.
    counts = {name: sum(1 for _ in (demo_export / f"{name}.csv").open(encoding="utf-8")) - 1 for name in TABLES}
    assert counts["communes"] == 120 and 1300 <= counts["hamlets"] <= 1700 and counts["agencies"] == 40
    assert 1800 <= counts["officials"] <= 2200 and 40_000 <= counts["visits"] <= 60_000
    assert 200_000 <= counts["attendance"] <= 300_000 and 70_000 <= counts["feedback"] <= 90_000
    assert_truth_holds(demo_export)


def test_same_seed_same_bytes_other_seed_other_bytes(demo_dir: Path, tmp_path: Path) -> None:
    def digests(directory: Path) -> dict[str, str]:
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(directory.iterdir())}

    again = tmp_path / "again"
    other = tmp_path / "other"
    generate(again, **SMALL)
    generate(other, seed=2027, **SMALL)
    first = digests(demo_dir)
    assert len(first) == len(TABLES) + 2
    assert digests(again) == first
    different = digests(other)
    assert all(different[name] != first[name] for name in first)


def test_summary_and_progress(tmp_path: Path) -> None:
    steps: list[tuple[str, float]] = []
    summary = generate(tmp_path, communes=20, scale=0.05, progress=lambda message, fraction: steps.append((message, fraction)))
    assert summary.out_dir == tmp_path
    assert summary.ground_truth == tmp_path / "ground_truth.json" and summary.ground_truth.exists()
    assert set(summary.row_counts) == set(TABLES)
    assert summary.row_counts["visits"] == len(pd.read_csv(tmp_path / "visits.csv", dtype=str))
    fractions = [fraction for _, fraction in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(steps) >= 5


def test_the_import_accepts_the_demo_whole(demo_dir: Path, tmp_path: Path, truth: dict) -> None:
    from outreach.ingest.load import ingest

    report = ingest(demo_dir, database=tmp_path / "demo.duckdb", rejects_path=tmp_path / "rejects.csv",
                    today=dt.date(2026, 11, 22))
    assert report.exit_code == 0, report.error
    assert str(report.as_of) == truth["as_of"]
    assert all(table.rejected == 0 and table.read == table.loaded for table in report.tables)


def test_names_look_vietnamese(tables: dict[str, pd.DataFrame]) -> None:
    full_names = tables["officials"].full_name
    assert (full_names.str.split().str.len() >= 3).all()
    assert 0.25 < full_names.str.startswith("Nguyễn ").mean() < 0.5
    communes = tables["communes"]
    assert communes.commune_name.str.match(r"^(Xã|Phường|Đặc khu) ").all()
    assert not communes.commune_name.duplicated().any()
    assert 0.15 < (communes.commune_type == "phuong").mean() < 0.35
    assert 2 <= (communes.population == "").sum() <= 3
