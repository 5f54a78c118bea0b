"""Every case of the import corpus (tests/import_corpus) gives its expected outcome, and for every
file rows read = rows loaded + rows rejected + duplicate rows merged."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from outreach.ingest.load import ingest
from support import TODAY

CORPUS = Path(__file__).resolve().parent / "import_corpus"
EXPECTED = json.loads((CORPUS / "cases" / "expected.json").read_text(encoding="utf-8"))
TABLE_KEYS = {"communes": ["commune_code"], "hamlets": ["hamlet_id"], "agencies": ["agency_id"],
              "officials": ["official_id"], "assignments": ["official_id", "commune_code", "assigned_from"],
              "visits": ["visit_id"], "attendance": ["visit_id", "official_id"], "feedback": ["feedback_id"]}


def table_frame(database: Path, table: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as con:
        frame = con.execute(f"select * from {table}").df()
    return frame.sort_values(TABLE_KEYS[table]).reset_index(drop=True)


@pytest.fixture(scope="module")
def reference(fixture_database):
    return fixture_database


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case(name, tmp_path, reference):
    expected = EXPECTED[name]
    database = tmp_path / "o.duckdb"
    report = ingest(CORPUS / "cases" / name, database=database, rejects_path=tmp_path / "r.csv",
                    today=TODAY, export_date=TODAY)
    assert report.exit_code == expected["exit_code"], (report.error, report.rejects.to_string())
    for fragment in expected.get("error_contains", []):
        assert fragment in (report.error or ""), report.error
    if report.exit_code == 1:
        assert not database.exists()
        return
    for file in report.files:
        assert file.read == file.loaded + file.rejected + file.merged, file
    reads = {table.table: table.read for table in report.tables}
    for table, count in expected.get("read", {}).items():
        assert reads[table] == count
    merged = {table.table: table.merged for table in report.tables}
    for table, count in expected.get("merged", {}).items():
        assert merged[table] == count
    actual = {(r.file, int(r.row), r.column, r.reason) for r in report.rejects.itertuples()}
    wanted = {tuple(item) for item in expected.get("rejects", [])}
    assert wanted <= actual, actual
    extra = actual - wanted
    if expected.get("cascade"):
        assert all(reason == "unknown_reference" for *_, reason in extra), extra
    else:
        assert not extra, extra
    warnings = report.warning_rows.groupby("reason").size().to_dict() if len(report.warning_rows) else {}
    for reason, count in expected.get("warnings", {}).items():
        assert warnings.get(reason, 0) == count, warnings
    for table in expected.get("same_as_fixture", []):
        pd.testing.assert_frame_equal(table_frame(database, table), table_frame(reference, table))
    guessed = {(f"{g.file} [{g.sheet}]" if g.sheet else g.file): g.table for g in report.guesses if not g.column}
    for label, table in expected.get("guessed_tables", {}).items():
        assert guessed.get(label) == table, guessed
    for spec, values in expected.get("loaded_values", {}).items():
        table, column = spec.split(".")
        assert sorted(table_frame(database, table)[column].unique()) == values


def test_corpus_is_what_the_script_builds(tmp_path):
    sys.path.insert(0, str(CORPUS))
    import build_corpus

    expected = build_corpus.build(tmp_path / "cases")
    assert expected == EXPECTED, "tests/import_corpus/cases is stale: run python tests/import_corpus/build_corpus.py"
    for path in (tmp_path / "cases").rglob("*.csv"):
        committed = CORPUS / "cases" / path.relative_to(tmp_path / "cases")
        assert committed.read_bytes() == path.read_bytes(), committed
