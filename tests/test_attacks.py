"""Files built to hurt the import (tests/attacks/build.py makes them at test time) are refused or
reported, never fatal: a workbook asking for 512 GiB, a zip bomb, a CSV value over 131,072
characters, a large CSV; nothing of citizens' data is left world-readable or behind; the server
folder import stays inside its roots; the import report masks personal values for those who may
not see them."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from attacks import build
from outreach.config import load_settings
from outreach.ingest import uploads
from outreach.ingest.load import history_path, ingest, read_history
from outreach.query import db
from support import ROOT, TODAY, build_fixture_database, write_config

PHONE_LIKE = r"(?:\+84|0)[\s.\-]?[1-9](?:[\s.\-]?[0-9]){8,9}"


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "outreach", *args, "--quiet"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def work_folder(database: Path) -> Path:
    """The private folder next to the database (builds in progress, staged uploads)."""
    return database.parent / f".{database.stem}.private"


# ---------------------------------------------------------------- 1. workbooks beyond any sane size

@pytest.mark.parametrize("builder", [build.far_cell_xlsx, build.lying_dimension_xlsx,
                                     lambda folder: build.far_cell_xlsx(folder, declare=False)],
                         ids=["declared", "lying-dimension", "no-dimension"])
def test_a_cell_at_xfd1048576_is_refused_with_a_message_not_an_abort(tmp_path, builder):
    # In a subprocess: before the fix the reader aborted the whole process (exit 134).
    workbook = builder(tmp_path)
    assert workbook.stat().st_size < 20_000
    result = run_cli("ingest", str(workbook), "--db", str(tmp_path / "o.duckdb"))
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "visits.xlsx, trang tính “visits”" in result.stderr and "XFD1048576" in result.stderr
    assert "max_sheet_cells" in result.stderr and "Traceback" not in result.stderr
    assert read_history(tmp_path / "o.duckdb")["exit_code"].tolist() == [1]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    workbook = build.zip_bomb_xlsx(tmp_path, megabytes=200)
    assert workbook.stat().st_size < 1_000_000
    started = time.perf_counter()
    report = ingest(workbook, database=tmp_path / "o.duckdb", today=TODAY)
    assert report.exit_code == 1 and "bom nén" in report.error and "visits.xlsx" in report.error, report.error
    assert time.perf_counter() - started < 5  # refused from the archive's directory, not after unpacking


def test_a_sheet_within_the_limits_still_imports_and_the_limit_is_a_setting(tmp_path):
    # The template (one sheet per table) imports; with max_sheet_cells = 10 its sheets are refused.
    from outreach.ingest.template import template_bytes

    (tmp_path / "mau.xlsx").write_bytes(template_bytes())
    assert ingest(tmp_path / "mau.xlsx", database=tmp_path / "a.duckdb", today=TODAY).exit_code == 0
    config = write_config(tmp_path, tmp_path / "b.duckdb", **{"import": {"max_sheet_cells": 10}})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CONFIG", str(config))
        report = ingest(tmp_path / "mau.xlsx", database=tmp_path / "b.duckdb", today=TODAY)
    assert report.exit_code == 1 and "mau.xlsx, trang tính" in report.error and "10 ô" in report.error


# ---------------------------------------------------------------- 2. values beyond the field limit

def test_a_csv_value_over_131072_characters_is_a_reported_row_not_a_traceback(tmp_path):
    export = build.long_field_export(tmp_path / "export", length=200_000)
    result = run_cli("ingest", str(export), "--db", str(tmp_path / "o.duckdb"), "--rejects", str(tmp_path / "r.csv"))
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "field larger" not in result.stderr
    rejects = pd.read_csv(tmp_path / "r.csv", dtype=str, keep_default_na=False)
    # Row 3 (one line) and row 5 (a quoted value over many lines): file, row and column named.
    assert set(zip(rejects["file"], rejects["row"], rejects["column"], rejects["reason"])) == {
        ("feedback.csv", "3", "summary", "field_too_long"), ("feedback.csv", "5", "summary", "field_too_long")}
    assert all("131.072" in message for message in rejects["message"])
    # Every other row is loaded: the rows after the long ones too (the reader found their ends).
    with duckdb.connect(str(tmp_path / "o.duckdb"), read_only=True) as con:
        loaded = {row[0] for row in con.execute("select feedback_id from feedback").fetchall()}
    source = pd.read_csv(build.FIXTURE / "feedback.csv", dtype=str)
    assert loaded == set(source["feedback_id"]) - {source["feedback_id"][1], source["feedback_id"][3]}


def test_a_long_cell_of_a_workbook_is_reported_too(tmp_path):
    from outreach.ingest.template import template_bytes

    (tmp_path / "mau.xlsx").write_bytes(template_bytes())
    config = write_config(tmp_path, tmp_path / "o.duckdb", **{"import": {"max_field_chars": 12}})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CONFIG", str(config))
        report = ingest(tmp_path / "mau.xlsx", database=tmp_path / "o.duckdb", today=TODAY)
    assert report.exit_code == 2
    assert set(report.rejects["reason"]) >= {"field_too_long"}
    for table in report.tables:
        assert table.read == table.loaded + table.rejected + table.merged


def test_an_unexpected_failure_is_a_message_without_the_server_paths(tmp_path, monkeypatch):
    from outreach.ingest import load

    def broken(*args, **kwargs):
        raise RuntimeError(f"cannot read {ROOT}/secret/folder")

    monkeypatch.setattr(load, "read_all", broken)
    report = ingest(build.copy_fixture(tmp_path / "export"), database=tmp_path / "o.duckdb", today=TODAY)
    assert report.exit_code == 1 and str(ROOT) not in report.error and "RuntimeError" in report.error
    assert read_history(tmp_path / "o.duckdb")["exit_code"].tolist() == [1]


# ---------------------------------------------------------------- 3. memory bounded by the file

MEMORY_PROBE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from outreach.ingest.recognise import discover
    def status(key):  # VmHWM: this process's peak (ru_maxrss would count the parent's before exec)
        for line in open("/proc/self/status"):
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    before = status("VmRSS")
    tables, _, _ = discover(Path(sys.argv[1]))
    rows = sum(t.frame.num_rows for t in tables if t.table == "feedback")
    print(json.dumps({"growth": status("VmHWM") - before, "rows": rows}))
""")


def test_reading_a_large_csv_takes_memory_in_proportion_to_the_file_not_17_times_it(tmp_path):
    export = build.big_export(tmp_path / "big", megabytes=24)
    size = (export / "feedback.csv").stat().st_size
    result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(export)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"reading {size / 1e6:.0f} MB of CSV ({measured['rows']:,} rows) grew the process by "
          f"{measured['growth'] / 1e6:.0f} MB")
    assert measured["rows"] > 150_000
    # Streamed in batches into Arrow: about the text once plus offsets (before: about 16 times the
    # file in Python lists; 3 times for a 150 MB file now).
    assert measured["growth"] < 8 * size, measured


# ---------------------------------------------------------------- 4, 5. nothing left behind, nothing world-readable

def test_leftovers_of_killed_imports_are_removed_at_the_next_import(tmp_path):
    database = tmp_path / "o.duckdb"
    work = work_folder(database)
    work.mkdir()
    old, fresh = time.time() - 2 * 3600, time.time()
    leftovers = {
        "build": work / "o.duckdb.abcd1234.building", "journal": work / "o.duckdb.abcd1234.building.wal",
        "spill": work / "o.duckdb.abcd1234.building.tmp", "upload": work / "upload-x1y2",
        "beside": tmp_path / "o.duckdb.efgh5678.building",
    }
    for name, path in leftovers.items():
        if name in ("spill", "upload"):
            path.mkdir()
            (path / "feedback.csv").write_text("citizen data", encoding="utf-8")
        else:
            path.write_text("citizen data", encoding="utf-8")
        os.utime(path, (old, old))
    running = work / "upload-running"
    running.mkdir()
    os.utime(running, (fresh, fresh))
    # Staged uploads of earlier versions, in the shared temporary folder.
    temp = tmp_path / "tmp"
    (temp / "outreach-upload-abc").mkdir(parents=True)
    os.utime(temp / "outreach-upload-abc", (old, old))
    leftovers["shared_tmp"] = temp / "outreach-upload-abc"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(temp))
        assert ingest(build.copy_fixture(tmp_path / "export"), database=database, today=TODAY).exit_code == 0
    assert [name for name, path in leftovers.items() if path.exists()] == []
    assert running.exists()  # younger than an hour: may be an import still running
    assert not list(tmp_path.glob("*.building*")) and not list(work.glob("*.building*"))


def test_leftovers_are_removed_when_the_dashboard_starts(tmp_path, monkeypatch):
    database = build_fixture_database(tmp_path)
    monkeypatch.setenv("OUTREACH_CONFIG", str(write_config(tmp_path, database)))
    stale = work_folder(database) / "upload-stale"
    stale.mkdir(parents=True)
    (stale / "feedback.csv").write_text("citizen data", encoding="utf-8")
    os.utime(stale, (time.time() - 7200,) * 2)
    from outreach.ui import results
    results.settings.clear()
    AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    assert not stale.exists()


def test_files_with_citizens_data_are_private_whatever_the_umask(tmp_path):
    previous = os.umask(0)  # the most permissive process: nothing may rely on it
    try:
        database = tmp_path / "o.duckdb"
        export = build.long_field_export(tmp_path / "export", length=200_000, quoted_newlines=False)
        (tmp_path / "r.csv").write_text("old", encoding="utf-8")
        os.chmod(tmp_path / "r.csv", 0o666)  # an existing rejects file is tightened too
        report = ingest(export, database=database, rejects_path=tmp_path / "r.csv", today=TODAY)
        assert report.exit_code == 2
        staged = uploads.stage_uploads([("feedback.csv", b"YK0001,0912345678"),
                                        ("visits.csv", io.BytesIO(b"BX0001,99001"))], limit_mb=1, database=database)
    finally:
        os.umask(previous)
    assert mode(database.resolve()) == 0o600
    assert mode(tmp_path / "r.csv") == 0o600 and mode(history_path(database)) == 0o600
    assert mode(work_folder(database)) == 0o700
    # Staged uploads: in the private folder next to the database, not the shared /tmp.
    assert staged.folder.parent == work_folder(database) and mode(staged.folder) == 0o700
    assert mode(staged.folder / "feedback.csv") == 0o600 and mode(staged.folder / "visits.csv") == 0o600
    assert (staged.folder / "visits.csv").read_bytes() == b"BX0001,99001"
    uploads.discard(staged)
    assert not staged.folder.exists()


# ---------------------------------------------------------------- 6. the server folder import stays in its roots

def test_folders_outside_the_roots_are_refused(tmp_path):
    root = tmp_path / "data"
    (root / "export").mkdir(parents=True)
    (root / "export" / "communes.csv").write_text("commune_code\n", encoding="utf-8")
    (root / "etc").symlink_to("/etc")
    roots = [root.resolve()]
    assert uploads.check_folder(str(root / "export"), roots).folder == (root / "export").resolve()
    for path in ("/etc", str(root / ".." / ".."), str(root / "export" / ".." / ".." ), str(root / "etc"), "../../etc"):
        assert uploads.check_folder(path, roots).problem == "outside", path
    assert uploads.check_folder(str(root / "nothing"), roots).problem == "missing"
    (root / "export" / "passwd.csv").symlink_to("/etc/passwd")
    checked = uploads.check_folder(str(root / "export"), roots)
    assert checked.problem == "link_outside" and checked.name == "passwd.csv"
    # The default root is the project's data/ folder.
    assert uploads.folder_roots(load_settings()) == [(ROOT / "data").resolve()]


def test_the_data_page_refuses_to_import_etc(tmp_path, monkeypatch):
    database = build_fixture_database(tmp_path)
    monkeypatch.setenv("OUTREACH_CONFIG", str(write_config(tmp_path, database)))
    from outreach.ui import results
    results.settings.clear()
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    app.run()
    app.switch_page("pages/5_du_lieu.py").run()
    before = len(read_history(database))
    app.text_input(key="import_folder_path").set_value("/etc")
    app.button(key="import_folder").click().run()
    assert not app.exception
    assert any("chỉ được nạp từ các thư mục dữ liệu" in error.value for error in app.error)
    assert len(read_history(database)) == before  # nothing was read


# ---------------------------------------------------------------- 7. personal values in the import report

LEADER = db.Restriction(role="leader", personal=False, citizen_rows=False)
ANALYST = db.Restriction(role="analyst", personal=False)
ANALYST_PERSONAL = db.Restriction(role="analyst", personal=True)


@pytest.fixture(scope="module")
def shifted_import(tmp_path_factory):
    directory = tmp_path_factory.mktemp("shifted")
    export = build.shifted_personal_export(directory / "export")
    report = ingest(export, database=directory / "o.duckdb", rejects_path=directory / "r.csv", today=TODAY)
    assert report.exit_code == 2, report.error
    return directory


def report_as(directory: Path, name: str, restriction: db.Restriction) -> pd.DataFrame:
    with duckdb.connect(str(directory / "o.duckdb"), read_only=True) as con:
        scope = db.Scope(period=db.period_for(con, load_settings()), restriction=restriction)
        return db.run_query(con, name, scope.params_for(name, load_settings()), restriction)


def text_of(frame: pd.DataFrame) -> str:
    return " ".join(str(value) for column in frame.columns for value in frame[column].dropna().tolist())


@pytest.mark.parametrize("restriction", [LEADER, ANALYST], ids=["leader", "analyst"])
def test_the_import_report_masks_phones_and_shifted_cells(shifted_import, restriction):
    problems = report_as(shifted_import, "import_problems", restriction)
    summary = report_as(shifted_import, "import_problem_summary", restriction)
    extra = problems[(problems["reason"] == "extra_cells") & (problems["table"] == "feedback")]
    assert len(extra) == 1 and extra["value"].tolist() == ["***"]
    assert {"unknown_reference", "extra_cells"} <= set(problems["reason"])
    for frame in (problems, summary):
        values = pd.Series([str(value) for column in frame.columns for value in frame[column].dropna()])
        assert not values.str.contains(PHONE_LIKE).any(), values[values.str.contains(PHONE_LIKE)].tolist()
        text = text_of(frame)
        assert "0912345678" not in text and "913 555 777" not in text and "Lê Văn Tám" not in text


def test_the_import_report_shows_the_values_to_whom_may_see_them_and_the_file_keeps_them(shifted_import):
    problems = report_as(shifted_import, "import_problems", ANALYST_PERSONAL)
    text = text_of(problems)
    assert "0912345678" in text and "0912 345 678" in text and "+84 913 555 777" in text
    # The rejects file on the server keeps the values for fixing the export, readable by its owner only.
    rejects = (shifted_import / "r.csv")
    assert "0912 345 678" in rejects.read_text(encoding="utf-8-sig") and mode(rejects) == 0o600
    # A leader asking for the values is refused by the runner, whatever the page passes.
    with duckdb.connect(str(shifted_import / "o.duckdb"), read_only=True) as con, pytest.raises(db.AccessError):
        db.run_query(con, "import_problems", {"personal_values": True}, LEADER)
