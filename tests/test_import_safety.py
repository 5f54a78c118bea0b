"""The import never disturbs readers, is repeatable, and never loses a row from its accounting."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import time

import duckdb
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.ingest.load import ingest, read_history
from support import FIXTURE_EXPORT, ROOT, TODAY, copy_fixture

READER = textwrap.dedent("""
    import json, sys, time, pathlib
    import duckdb
    from outreach.query import db
    from outreach.query.periods import resolve_period
    path, stop = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    # Like the dashboard server: one read-only connection per database version, kept open.
    connections, seen, errors, runs = {}, [], [], 0
    while not stop.exists():
        try:
            version = db.database_version(path)
            if version not in connections:
                connections[version] = duckdb.connect(str(db.version_file(version)), read_only=True)
            cursor = connections[version].cursor()
            as_of, _ = db.data_as_of(cursor)
            row = db.run_scoped(cursor, "overview_kpis", db.Scope(period=resolve_period(data_as_of=as_of))).iloc[0]
            seen.append(int(row["held_visits"]))
            runs += 1
        except Exception as error:
            errors.append(repr(error))
    changes = sum(1 for a, b in zip(seen, seen[1:]) if a != b)
    print(json.dumps({"runs": runs, "errors": errors[:5], "error_count": len(errors), "seen": sorted(set(seen)),
                      "changes": changes, "versions": len(connections)}))
""")


def test_readers_see_old_or_new_data_never_an_error_across_20_swaps(tmp_path):
    plain = FIXTURE_EXPORT
    variant = copy_fixture(tmp_path / "variant")
    with (variant / "visits.csv").open("a", encoding="utf-8") as handle:
        handle.write("BX0099,2025-10-01,99003,,tiep_xuc,DV01,Thăm hỏi,held,20\n")
    database = tmp_path / "live.duckdb"
    assert ingest(plain, database=database, rejects_path=tmp_path / "r.csv", today=TODAY).exit_code == 0
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(database), str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)
        for swap in range(20):
            source = variant if swap % 2 == 0 else plain
            assert ingest(source, database=database, rejects_path=tmp_path / "r.csv", today=TODAY).exit_code == 0
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    result = json.loads(out.strip().splitlines()[-1])
    print(f"reader: {result['runs']} query rounds during 20 swaps, {result['error_count']} errors, "
          f"{result['versions']} versions seen, the figure changed {result['changes']} times")
    assert result["error_count"] == 0, result["errors"]
    assert result["runs"] > 20
    # The fixture has 9 held visits in the default period; the variant one more. Nothing else.
    assert set(result["seen"]) <= {9, 10} and result["seen"], result
    # New data does reach a reader that keeps its connections open (no stale instance).
    assert result["seen"] == [9, 10] and result["changes"] >= 2 and result["versions"] >= 3, result


def test_importing_the_same_files_twice_gives_the_same_database(tmp_path):
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    for database in (first, second):
        assert ingest(FIXTURE_EXPORT, database=database, rejects_path=tmp_path / "r.csv", today=TODAY).exit_code == 0
    with duckdb.connect(str(first), read_only=True) as a, duckdb.connect(str(second), read_only=True) as b:
        tables = [row[0] for row in a.execute("select table_name from information_schema.tables "
                                              "where table_type = 'BASE TABLE' order by 1").fetchall()]
        assert "visits" in tables and "calendar" in tables
        for table in tables:
            if table == "import_meta":  # when it ran differs, by design
                continue
            pd.testing.assert_frame_equal(a.execute(f"select * from {table}").df(), b.execute(f"select * from {table}").df())


def test_every_import_is_recorded_in_the_history(tmp_path):
    database = tmp_path / "h.duckdb"
    ingest(FIXTURE_EXPORT, database=database, rejects_path=tmp_path / "r.csv", today=TODAY)
    broken = copy_fixture(tmp_path / "broken")
    (broken / "feedback.csv").unlink()
    ingest(broken, database=database, rejects_path=tmp_path / "r.csv", today=TODAY)
    history = read_history(database)
    assert history["exit_code"].tolist() == [0, 1]
    assert len(history.iloc[0]["files"]) == 8 and all(len(f["sha256"]) == 64 for f in history.iloc[0]["files"])
    assert history.iloc[0]["as_of"] == "2025-10-15" and history.iloc[1]["error"].startswith("Thiếu bảng")


TABLES = ("communes", "hamlets", "agencies", "officials", "assignments", "visits", "attendance", "feedback")
NOISE = st.sampled_from(["", "???", "31/02/2025", "-5", "x", "Có mặt", "1.234,5", "=SUM(A1)", "  ", "00000",
                         "Nguyễn Văn An", "9" * 12, "2099-01-01", "1899-12-31", "khong", "DV01", "99001"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_corruption_never_loses_a_row(tmp_path_factory, data):
    directory = tmp_path_factory.mktemp("corrupt")
    source = copy_fixture(directory / "export")
    rng = random.Random(data.draw(st.integers(0, 10_000)))
    expected_rows = {}
    for table in TABLES:
        frame = pd.read_csv(source / f"{table}.csv", dtype=str, keep_default_na=False)
        for _ in range(data.draw(st.integers(0, 4))):
            action = rng.choice(("cell", "cell", "duplicate", "conflict"))
            row = rng.randrange(len(frame))
            if action == "cell":
                frame.iat[row, rng.randrange(frame.shape[1])] = data.draw(NOISE)
            elif action == "duplicate":
                frame = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)
            else:
                copy = frame.iloc[[row]].copy()
                copy.iat[0, frame.shape[1] - 1] = data.draw(NOISE)
                frame = pd.concat([frame, copy], ignore_index=True)
        frame.to_csv(source / f"{table}.csv", index=False)
        expected_rows[table] = len(frame)
    report = ingest(source, database=directory / "o.duckdb", rejects_path=directory / "r.csv", today=TODAY,
                    export_date=TODAY)
    assert report.exit_code in (0, 2), report.error
    for file in report.files:
        assert file.read == file.loaded + file.rejected + file.merged, file
    assert {table.table: table.read for table in report.tables} == expected_rows
    rejected_rows = report.rejects.drop_duplicates(["file", "sheet", "row"]) if len(report.rejects) else report.rejects
    assert len(rejected_rows) == sum(table.rejected for table in report.tables)
