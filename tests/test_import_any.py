"""Issue 15: a saved mapping re-applied (CLI and profiles beside the database), and the rejects
round trip: a rejected row found by its key in the rejects file, corrected, imported back on top of
the current data with rows read = loaded + rejected + merged for every file.

The corpus cases of tests/import_corpus (names outside the alias tables, ambiguous cases that stop,
several files for one table) are in test_import_corpus.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from outreach.ingest import mapping
from outreach.ingest.load import ingest
from support import TODAY
from test_import_corpus import CORPUS, TABLE_KEYS, table_frame

CASES = CORPUS / "cases"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "export"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "outreach", *args, "--quiet"], cwd=FIXTURE.parents[2],
                          capture_output=True, text=True, timeout=120)


def balanced(report) -> None:
    assert report.files
    for file in report.files:
        assert file.read == file.loaded + file.rejected + file.merged, file


def same_tables(database: Path, reference: Path, tables=tuple(TABLE_KEYS)) -> None:
    for table in tables:
        pd.testing.assert_frame_equal(table_frame(database, table), table_frame(reference, table), obj=table)


# ---------------------------------------------------------------- a mapping chosen once, reused

def test_a_mapping_file_decides_what_the_names_cannot_and_is_reused_from_beside_the_database(tmp_path, fixture_database):
    case = CASES / "ambiguous_column_stops"
    failed = ingest(case, database=tmp_path / "a.duckdb", today=TODAY, export_date=TODAY)
    assert failed.exit_code == 1 and failed.needs
    need = failed.needs[0]
    assert need.table == "visits" and set(need.candidates["visit_date"]) == {"Ngày lập kế hoạch", "Ngày thực hiện"}
    # A person chooses: the date it was held. The other columns as guessed.
    columns = {header: column for column, header in need.columns.items()}
    columns["Ngày thực hiện"] = "visit_date"
    profile = mapping.Profile("Huyện Tân Phú", [{"file": need.file, "sheet": need.sheet, "table": "visits",
                                                 "headers": need.headers, "columns": columns}])
    database = tmp_path / "o.duckdb"
    mapping.save(database, profile)
    assert [p.name for p in mapping.saved(database)] == ["Huyện Tân Phú"]
    # The next import of the same shape uses it without asking, and says so.
    report = ingest(case, database=database, today=TODAY, export_date=TODAY)
    assert report.exit_code == 0, report.error
    assert any("theo ánh xạ đã lưu “Huyện Tân Phú”" in guess.message for guess in report.guesses)
    same_tables(database, fixture_database)
    balanced(report)


def test_the_cli_writes_the_mapping_it_used_and_reads_it_back(tmp_path, fixture_database):
    case = CASES / "names_outside_aliases"
    saved = tmp_path / "anh_xa.json"
    first = run_cli("ingest", str(case), "--db", str(tmp_path / "a.duckdb"), "--export-date", TODAY.isoformat(),
                    "--save-mapping", str(saved))
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Buoi lam viec tai co so.csv → visits" in first.stdout and "visit_id" in first.stdout
    profile = json.loads(saved.read_text(encoding="utf-8"))
    visits = next(entry for entry in profile["sources"] if entry["table"] == "visits")
    assert visits["columns"]["Ngày làm việc"] == "visit_date"
    assert len(profile["sources"]) == 8
    # Renamed files of the same shape: read with the mapping, every table as the clean export.
    export = tmp_path / "thang_sau"
    shutil.copytree(case, export)
    (export / "Buoi lam viec tai co so.csv").rename(export / "lich_thang_12.csv")
    (export / "bao_cao_huyen.xlsx").rename(export / "tong_hop.xlsx")
    second = run_cli("ingest", str(export), "--db", str(tmp_path / "b.duckdb"), "--export-date", TODAY.isoformat(),
                     "--mapping", str(saved))
    assert second.returncode == 0, second.stderr[-2000:]
    assert "theo ánh xạ đã lưu" in second.stdout
    same_tables(tmp_path / "b.duckdb", fixture_database)


def test_a_damaged_mapping_file_fails_with_its_name(tmp_path):
    bad = tmp_path / "sai.json"
    bad.write_text(json.dumps({"name": "x", "sources": [{"table": "visits", "headers": ["a"], "columns": {"a": "nope"}}]}))
    report = ingest(FIXTURE, database=tmp_path / "o.duckdb", today=TODAY, mappings=[bad])
    assert report.exit_code == 1 and "không có cột nope" in report.error


# ---------------------------------------------------------------- rejects that can be fixed

@pytest.fixture()
def rejected(tmp_path):
    database, rejects = tmp_path / "o.duckdb", tmp_path / "loai.csv"
    report = ingest(CASES / "bad_values_rejected", database=database, rejects_path=rejects, today=TODAY,
                    export_date=TODAY)
    assert report.exit_code == 2
    return database, rejects, report


def fixture_row(table: str, key: dict[str, str]) -> dict[str, str]:
    frame = pd.read_csv(FIXTURE / f"{table}.csv", dtype=str, keep_default_na=False)
    for column, value in key.items():
        frame = frame[frame[column] == value]
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def test_a_rejected_row_is_found_by_its_key_with_its_whole_row_as_read(rejected):
    _, rejects, _ = rejected
    lines = pd.read_csv(rejects, dtype=str, keep_default_na=False)
    assert list(lines.columns[:10]) == ["table", "file", "sheet", "row", "key", "column", "value", "reason",
                                       "message", "headers"]
    line = lines[lines["key"] == "BX0002"].iloc[0]
    assert (line["table"], line["file"], line["row"], line["column"], line["value"], line["reason"]) == (
        "visits", "visits.csv", "3", "visit_date", "31/02/2025", "bad_date")
    headers = [header for header, _ in json.loads(line["headers"])]
    original = fixture_row("visits", {"visit_id": "BX0002"})
    assert headers == list(original)
    assert {h: line[h] for h in headers} == {**original, "visit_date": "31/02/2025"}
    # A two-column key: visit_id|official_id.
    assert "BX0002|CB0002" in set(lines.loc[lines["table"] == "attendance", "key"])


def test_a_corrected_rejects_file_imports_on_top_with_every_file_accounted_for(rejected, fixture_database, tmp_path):
    database, rejects, _ = rejected
    lines = pd.read_csv(rejects, dtype=str, keep_default_na=False)
    # The analyst corrects the four bad values from the source documents (here: the clean fixture).
    for index, line in lines.iterrows():
        if line["table"] == "assignments" or line["reason"] == "unknown_reference":
            continue
        spec = {"visits": ["visit_id"], "feedback": ["feedback_id"]}[line["table"]]
        original = fixture_row(line["table"], dict(zip(spec, line["key"].split("|"))))
        for column in line["column"].split("; "):
            lines.loc[index, column] = original[column]
    assignment = lines.index[lines["table"] == "assignments"][0]
    lines.loc[assignment, "required_visits_per_month"] = "1"
    fixed = tmp_path / "loai_da_sua.csv"
    lines.to_csv(fixed, index=False, encoding="utf-8-sig")
    report = ingest(fixed, database=database, rejects_path=tmp_path / "loai_2.csv", today=TODAY, export_date=TODAY)
    assert report.exit_code == 0, (report.error, report.rejects.to_string())
    assert report.corrections
    balanced(report)
    by_source = {(f.table, f.file, f.sheet): (f.read, f.loaded, f.rejected, f.merged) for f in report.files}
    assert by_source[("visits", "loai_da_sua.csv", "visits.csv")] == (3, 3, 0, 0)
    assert by_source[("attendance", "loai_da_sua.csv", "attendance.csv")] == (9, 9, 0, 0)
    assert by_source[("visits", "(dữ liệu hiện có)", "")] == (11, 11, 0, 0)
    # Every table as the clean export gives it: only the corrected rows were added.
    same_tables(database, fixture_database)
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select source from import_meta").fetchone()[0].endswith("loai_da_sua.csv")


def test_a_correction_still_wrong_is_rejected_again_and_a_taken_key_keeps_the_row_already_there(rejected, tmp_path):
    database, rejects, _ = rejected
    lines = pd.read_csv(rejects, dtype=str, keep_default_na=False)
    visits = lines[lines["table"] == "visits"].copy()
    visits.loc[visits["key"] == "BX0002", "visit_date"] = "30/02/2025"          # still no such day
    taken = visits[visits["key"] == "BX0003"].index[0]
    visits.loc[taken, "visit_id"] = "BX0001"                                    # a key already loaded
    visits.loc[taken, "citizens_attending"] = "40"
    fixed = tmp_path / "sua.csv"
    visits.to_csv(fixed, index=False)
    report = ingest(fixed, database=database, rejects_path=tmp_path / "loai_2.csv", today=TODAY, export_date=TODAY)
    assert report.exit_code == 2
    balanced(report)
    again = pd.read_csv(tmp_path / "loai_2.csv", dtype=str, keep_default_na=False)
    assert set(zip(again["key"], again["reason"])) == {("BX0002", "bad_date"), ("BX0001", "duplicate_key"),
                                                       ("BX0004", "bad_enum")}
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select topic from visits where visit_id = 'BX0001'").fetchone()[0] == \
            fixture_row("visits", {"visit_id": "BX0001"})["topic"]
        assert con.execute("select count(*) from visits").fetchone()[0] == 11


def test_a_rejects_file_cannot_be_mixed_with_an_export(rejected, tmp_path):
    _, rejects, _ = rejected
    folder = tmp_path / "lan"
    shutil.copytree(FIXTURE, folder)
    shutil.copy(rejects, folder / "loai.csv")
    report = ingest(folder, database=tmp_path / "x.duckdb", today=TODAY)
    assert report.exit_code == 1 and "nạp riêng" in report.error
