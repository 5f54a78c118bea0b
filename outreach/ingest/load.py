"""Build the DuckDB database from an export (the checks of each table are in checks.py).

Every input row ends in exactly one place: loaded, rejected (with file, sheet, row, column,
value and reason), or merged into an identical duplicate, and this holds per source file. The
database is written to a new file in the private work folder next to the target (0700; the file
0600, outreach/ingest/private.py) and moved over it only when complete, so
readers see the old database or the new one, never a half-built one; a failed import leaves the
old file untouched. Every import, failed or not, is appended to the import history.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from outreach.ingest import contract
from outreach.config import Settings, load_settings
from outreach.ingest.limits import Limits
from outreach.ingest.private import make_private, open_private, private_folder, remove_leftovers, work_folder
from outreach.ingest.sources import SourceError, SourceTable, read_all
from outreach.ingest.checks import WARNINGS, FileReport, ImportFailed, check_table, enum_lookup, execute
from outreach.ingest import fixes, mapping
from outreach.ingest.mapping import MappingError
from outreach.ingest.recognise import recognise_all
from outreach.ingest.workdays import calendar_frame
from outreach.ingest.staging import staging_digest, staging_files
from outreach.ingest.summaries import fill_feedback_summaries


EXIT_CLEAN = 0
EXIT_FAILED = 1
EXIT_REJECTED = 2

log = logging.getLogger(__name__)


@dataclass
class TableReport:
    table: str
    files: list[str] = field(default_factory=list)
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    merged: int = 0

    @property
    def balanced(self) -> bool:
        return self.read == self.loaded + self.rejected + self.merged


@dataclass
class ImportReport:
    database: Path
    rejects_path: Path | None
    tables: list[TableReport]
    rejects: pd.DataFrame
    as_of: dt.date | None
    exit_code: int
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    boundaries: dict | None = None
    files: list[FileReport] = field(default_factory=list)
    warning_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    guesses: list = field(default_factory=list)        # recognise.Guess: every name or column guessed
    needs: list = field(default_factory=list)          # recognise.Need: what a person must map
    corrections: bool = False                          # a corrected rejects file imported on top
    mapping_used: object = None                        # mapping.Profile of the sources as read

    @property
    def rows_rejected(self) -> int:
        return sum(table.rejected for table in self.tables)


# ---------------------------------------------------------------- value parsing in SQL


# ---------------------------------------------------------------- checking one table


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in contract.TABLES:
        columns = ", ".join(f'"{c.name}" {contract.SQL_TYPES[c.type]}' for c in table.columns)
        execute(con, f"create table {table.name} ({columns})")
    for temp in ("rejects", "warnings"):
        execute(con, f"""
            create temp table {temp} (
                table_name varchar, _file varchar, _sheet varchar, _row bigint, column_name varchar,
                value varchar, reason varchar, message varchar
            )
        """)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _build_calendar(con: duckdb.DuckDBPyConnection) -> None:
    bounds = execute(con, """
        select min(d), max(d) from (
            select min(visit_date) as d from visits union all select max(visit_date) from visits
            union all select min(received_date) from feedback union all select max(received_date) from feedback
            union all select max(replied_date) from feedback union all select max(due_date) from feedback
        ) where d is not null
    """)[0]
    first = (bounds[0] or dt.date.today()) - dt.timedelta(days=31)
    last = (bounds[1] or dt.date.today()) + dt.timedelta(days=800)
    frame = calendar_frame(dt.date(first.year, 1, 1), dt.date(last.year, 12, 31))
    con.register("calendar_frame", frame)
    execute(con, """
        create table calendar as
        select day::date as day, is_working_day, working_day_index::bigint as working_day_index, holiday_name
        from calendar_frame order by day
    """)
    con.unregister("calendar_frame")


def _load_boundaries(con: duckdb.DuckDBPyConnection, path: Path | None, settings, warnings: list[str]) -> dict | None:
    """Match and simplify the boundary file into commune_shapes; a bad file is a warning, not a failure."""
    execute(con, "create table commune_shapes (commune_code varchar, match_method varchar, geometry varchar)")
    execute(con, """create table boundary_features (feature_index bigint, feature_code varchar, feature_name varchar,
                                                  commune_code varchar, match_method varchar)""")
    execute(con, """create table boundary_meta (source_file varchar, sha256 varchar, code_column varchar, name_column varchar,
                                             features bigint, tolerance double, payload_bytes bigint, vertices bigint)""")
    if path is None:
        return None
    import shapely

    from outreach.ingest import geo

    try:
        boundaries = geo.read_boundaries(path)
        communes = con.execute("select commune_code, commune_name, province_code from communes").df()
        result = geo.prepare(boundaries, communes, code_column=settings.raw.get("geo", {}).get("code_column") or None,
                             name_column=settings.raw.get("geo", {}).get("name_column") or None)
    except geo.BoundaryError as error:
        warnings.append(str(error))
        return None
    shapes = pd.DataFrame({
        "commune_code": result.shapes["commune_code"],
        "match_method": result.shapes["match_method"],
        "geometry": [shapely.to_geojson(geometry) for geometry in result.shapes.geometry],
    })
    con.register("shapes_frame", shapes)
    execute(con, "insert into commune_shapes select * from shapes_frame order by commune_code")
    con.unregister("shapes_frame")
    con.register("features_frame", result.features)
    execute(con, "insert into boundary_features select * from features_frame")
    con.unregister("features_frame")
    meta = {"source_file": path.name, "sha256": _file_digest(path), "code_column": result.code_column,
            "name_column": result.name_column, "features": len(result.features), "tolerance": result.tolerance,
            "payload_bytes": result.payload_bytes, "vertices": result.vertices}
    execute(con, "insert into boundary_meta values ($source_file, $sha256, $code_column, $name_column, $features, "
               "$tolerance, $payload_bytes, $vertices)", meta)
    meta["match_methods"] = result.features["match_method"].value_counts().to_dict()
    return meta


def _national_warnings(con: duckdb.DuckDBPyConnection) -> None:
    from outreach.ingest.national import check_communes

    communes = con.execute("""
        select c.commune_code, c.commune_name, c.province_code, r._file, r._sheet, r._row
        from communes as c join loaded_communes as r using (commune_code)
        order by r._file, r._sheet, r._row
    """).df()
    findings = check_communes(communes)
    if not findings:
        return
    positions = communes.set_index("commune_code")
    rows = [("communes", positions.loc[f.commune_code, "_file"], positions.loc[f.commune_code, "_sheet"],
             int(positions.loc[f.commune_code, "_row"]), "commune_code", f.value, f.code, f.message) for f in findings]
    con.register("national_frame", pd.DataFrame(rows, columns=["table_name", "_file", "_sheet", "_row", "column_name",
                                                               "value", "reason", "message"]))
    execute(con, "insert into warnings select * from national_frame")
    con.unregister("national_frame")


# ---------------------------------------------------------------- swapping the new file in

def _swap_in(built: Path, database: Path, started: dt.datetime) -> None:
    """Give the new file its own name and repoint `database` (a symbolic link) at it atomically.

    A unique file per import matters: DuckDB shares one open database per path inside a
    process, so a reader reconnecting to the same path after a plain file swap would keep
    getting the old instance. Readers resolve the link once per page run; an old file stays
    readable by whoever still has it open, and only files two imports old are deleted.
    """
    previous = database.resolve() if database.is_symlink() else None
    versioned = database.with_name(f"{database.stem}.{started:%Y%m%dT%H%M%S}.{built.name.split('.')[-2]}{database.suffix}")
    make_private(built)  # citizens' data: the server's account only
    os.replace(built, versioned)
    link = database.with_name(f".{database.name}.{os.getpid()}.link")
    if link.exists() or link.is_symlink():
        link.unlink()
    os.symlink(versioned.name, link)
    os.replace(link, database)
    keep = {versioned, previous}
    for old in database.parent.glob(f"{database.stem}.*{database.suffix}"):
        if old not in keep and not old.is_symlink():
            old.unlink(missing_ok=True)
            Path(str(old) + ".wal").unlink(missing_ok=True)


# ---------------------------------------------------------------- history

def history_path(database: Path) -> Path:
    return database.with_name(database.stem + "_imports.jsonl")


def _append_history(database: Path, record: dict) -> None:
    path = history_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_private(path, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def read_history(database: Path) -> pd.DataFrame:
    path = history_path(database)
    if not path.exists():
        return pd.DataFrame()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return pd.DataFrame(records)


# ---------------------------------------------------------------- the import

@dataclass
class _Recognised:
    tables: list[SourceTable]
    unrecognised: list
    guesses: list
    needs: list
    corrections: bool
    message: Callable[[], str]


def _recognise(raw: list[SourceTable], database: Path, mappings: list[Path]) -> _Recognised:
    """The tables of what was read: a corrected rejects file on top of the current data, or an
    export recognised with the mapping files given and the profiles saved beside the database."""
    if any(fixes.is_corrections(part) for part in raw):
        if not all(fixes.is_corrections(part) for part in raw):
            raise SourceError("Tệp các dòng bị loại đã sửa được nạp riêng, không cùng với một bản xuất dữ liệu")
        parts = fixes.current_parts(database) + [fixed for part in raw for fixed in fixes.correction_parts(part)]
        return _Recognised(parts, [], [], [], True, lambda: "")
    profiles = [mapping.load(path) for path in mappings] + mapping.saved(database)
    result = recognise_all(raw, profiles)
    return _Recognised(result.tables, result.unrecognised, result.guesses, result.needs, False, result.message)


def ingest(
    source: Path,
    *,
    database: Path | None = None,
    rejects_path: Path | None = None,
    boundaries: Path | None = None,
    progress: Callable[[str, float], None] | None = None,
    on_file: Callable[[str, int, int], None] | None = None,
    today: dt.date | None = None,
    export_date: dt.date | None = None,
    source_label: str | None = None,
    mappings: list[Path] | None = None,
    save_mapping: Path | None = None,
    after_build: Callable[[duckdb.DuckDBPyConnection, Settings], object] | None = None,
) -> ImportReport:
    """Import the export in `source` (a folder, a workbook or one file) into `database`.

    export_date: the day the export was made; event dates after it are rejected. Default: each
    file's modification date. source_label: how the history and the report name the source
    (default: its full path; the Data page names uploaded files instead of their staging folder).
    mappings: mapping files to apply (outreach/ingest/mapping.py) before the profiles saved beside
    the database; save_mapping: write the mapping used there. A corrected rejects file as `source`
    is imported on top of the current data (outreach/ingest/fixes.py).
    after_build: called with the new database's connection and the settings once it is built,
    before it is swapped in (the entry points pass outreach.query.stored.store_default_view)."""
    settings = load_settings()
    limits = Limits.from_settings(settings.raw.get("import", {}))
    label = source_label or str(Path(source).resolve())
    database = Path(database or settings.path("database"))
    rejects_path = Path(rejects_path) if rejects_path else database.with_name(database.stem + "_rejects.csv")
    earliest = dt.date.fromisoformat(str(settings.get("import", "earliest_date")))
    latest = (today or dt.date.today()) + dt.timedelta(days=730)
    started = dt.datetime.now()
    report_tables: list[TableReport] = []
    needs: list = []
    guesses: list = []
    file_reports: list[FileReport] = []
    warnings: list[str] = []
    checksums: dict[str, str] = {}

    def step(message: str, fraction: float) -> None:
        if progress:
            progress(message, min(max(fraction, 0.0), 1.0))

    database.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(database, older_than=60 * float(settings.get("import", "leftover_minutes")))
    # Built in the private work folder (0700): the file, its journal and DuckDB's spill folder.
    work = private_folder(work_folder(database))
    handle, temp_name = tempfile.mkstemp(prefix=database.name + ".", suffix=".building", dir=work)
    os.close(handle)
    temp_path = Path(temp_name)
    temp_path.unlink()  # DuckDB wants to create the file itself
    try:
        step("Đọc tệp", 0.0)
        try:
            def file_read(name: str, index: int, total: int) -> None:
                step(f"Đã đọc {name} ({index}/{total})", 0.05 * index / total)
                if on_file:
                    on_file(name, index, total)

            raw, paths = read_all(Path(source), on_file=file_read, limits=limits)
            recognition = _recognise(raw, database, mappings or [])
        except (SourceError, MappingError) as error:
            raise ImportFailed(str(error)) from error
        needs, guesses, corrections = recognition.needs, recognition.guesses, recognition.corrections
        if needs:
            raise ImportFailed(recognition.message())
        sources, unrecognised = recognition.tables, recognition.unrecognised
        used = mapping.from_tables(source_label or Path(source).name, [p for p in sources if p.file != fixes.CURRENT])
        if save_mapping:
            mapping.write(Path(save_mapping), used)
        checksums = {path.name: _file_digest(path) for path in paths}
        by_table: dict[str, list[SourceTable]] = {}
        for part in sources:
            by_table.setdefault(part.table, []).append(part)
        missing = [name for name in contract.TABLE_ORDER if name not in by_table]
        if missing:
            found = ", ".join(f"{part.label} → {part.table}" for part in sources) or "không có"
            raise ImportFailed(
                f"Thiếu bảng: {', '.join(missing)}. Đã nhận ra: {found}. Mỗi bảng cần một tệp (hoặc một trang tính) "
                f"đặt tên theo bảng, ví dụ {', '.join(name + '.csv' for name in missing[:3])}, "
                "hoặc có đủ các cột bắt buộc của bảng."
            )
        # Bounded memory: past the limit DuckDB spills to a folder next to the new database.
        spill = temp_path.with_name(temp_path.name + ".tmp")
        con = duckdb.connect(str(temp_path), config={
            "memory_limit": str(settings.get("import", "memory_limit")), "temp_directory": str(spill)})
        try:
            _create_tables(con)
            con.register("enum_lookup_frame", enum_lookup())
            execute(con, "create temp table enum_lookup as select * from enum_lookup_frame")
            con.unregister("enum_lookup_frame")
            source_dates = pd.DataFrame(
                [(path.name, export_date or dt.date.fromtimestamp(path.stat().st_mtime)) for path in paths]
                + ([(fixes.CURRENT, dt.date(9999, 12, 31))] if corrections else []),
                columns=["_file", "export_date"])
            con.register("source_dates", source_dates)
            execute(con, "create temp table source_files as select _file, export_date::date as export_date from source_dates")
            con.unregister("source_dates")
            for part in sources:
                for column in part.unknown_columns:
                    execute(con, "insert into warnings values ($t, $f, $s, null, $c, null, 'unknown_column', $m)",
                          {"t": part.table, "f": part.file, "s": part.sheet or "", "c": column,
                           "m": f"{WARNINGS['unknown_column']}: {column}"})
            for guess in guesses:
                execute(con, "insert into warnings values ($t, $f, $s, null, $c, $v, 'recognised_guess', $m)",
                        {"t": guess.table, "f": guess.file, "s": guess.sheet, "c": guess.column, "v": guess.header,
                         "m": guess.message})
            for item in unrecognised:
                execute(con, "insert into warnings values ('', $f, $s, null, '', $v, 'unrecognised_table', $m)",
                      {"f": item.file, "s": item.sheet or "", "v": ", ".join(item.columns)[:500],
                       "m": f"{WARNINGS['unrecognised_table']} ({item.reason})"})
            for index, table in enumerate(contract.TABLES):
                step(f"Kiểm tra bảng {table.title_vi} ({table.name})", 0.05 + 0.75 * index / len(contract.TABLES))
                parts = by_table[table.name]
                reports = check_table(con, table, parts, earliest=earliest, latest=latest,
                                      keep_file=fixes.CURRENT if corrections else None)
                for part in parts:  # the rows are in the database now; let the Arrow copy go
                    part.frame = part.frame.schema.empty_table()
                file_reports.extend(reports)
                report_tables.append(TableReport(
                    table=table.name, files=sorted({part.label for part in parts}),
                    read=sum(r.read for r in reports), loaded=sum(r.loaded for r in reports),
                    rejected=sum(r.rejected for r in reports), merged=sum(r.merged for r in reports),
                ))
            _national_warnings(con)
            step("Ranh giới xã: đối chiếu và đơn giản hóa", 0.82)
            from outreach.ingest.geo import find_boundary_file

            source_path = Path(source)
            boundary_file = Path(boundaries) if boundaries else (
                find_boundary_file(source_path) if source_path.is_dir() else None)
            boundary_meta = _load_boundaries(con, None if corrections else boundary_file, settings, warnings)
            if corrections:
                fixes.copy_boundaries(con, database)
            step("Lập lịch ngày làm việc và các khung nhìn dùng chung", 0.9)
            _build_calendar(con)
            for staging_file in staging_files():
                execute(con, staging_file.read_text(encoding="utf-8"))
            fill_feedback_summaries(con, settings)
            rejects = con.execute("""
                select table_name as "table", _file as file, _sheet as sheet, _row as row, column_name as column,
                       value, reason, message
                from rejects order by table_name, _file, _sheet, _row, column_name
            """).df()
            rejects_file = fixes.rejects_frame(con, rejects, sources)
            warning_rows = con.execute("""
                select table_name as "table", _file as file, _sheet as sheet, _row as row, column_name as column,
                       value, reason, message
                from warnings order by reason, _file, _sheet, _row
            """).df()
            for stored, temp in (("import_rejects", "rejects"), ("import_warnings", "warnings")):
                execute(con, f"""create table {stored} as
                               select table_name as "table", _file as file, _sheet as sheet, _row as "row",
                                      column_name as "column", value, reason, message
                               from {temp} order by table_name, _file, _sheet, _row""")
            as_of = execute(con, "select as_of from data_as_of")[0][0]
            files_frame = pd.DataFrame(
                [(r.table, r.file, r.sheet, checksums.get(r.file, ""), r.read, r.loaded, r.rejected, r.merged)
                 for r in file_reports],
                columns=["table_name", "file", "sheet", "sha256", "rows_read", "rows_loaded", "rows_rejected", "rows_merged"],
            )
            counts_frame = pd.DataFrame(
                [(t.table, t.read, t.loaded, t.rejected, t.merged) for t in report_tables],
                columns=["table_name", "rows_read", "rows_loaded", "rows_rejected", "rows_merged"],
            )
            con.register("files_frame", files_frame)
            con.register("counts_frame", counts_frame)
            execute(con, "create table import_files as select * from files_frame")
            execute(con, "create table import_counts as select * from counts_frame")
            execute(con, "create table import_staging as select $digest::varchar as digest", {"digest": staging_digest()})
            execute(con, "create table import_meta as select $imported_at::timestamp as imported_at, $source as source, "
                       "$as_of::date as as_of",
                  {"imported_at": started.replace(microsecond=0), "source": label, "as_of": as_of})
            if after_build is not None:
                step("Tính sẵn trang mặc định", 0.95)
                after_build(con, settings)
            execute(con, "checkpoint")
        finally:
            con.close()
        unbalanced = [f"{r.file} ({r.table})" for r in file_reports if not r.balanced]
        if unbalanced:
            raise ImportFailed(f"Số dòng không khớp (đọc ≠ nạp + loại + gộp): {', '.join(unbalanced)}")
        step("Thay cơ sở dữ liệu", 0.98)
        if len(rejects):
            rejects_path.parent.mkdir(parents=True, exist_ok=True)
            with open_private(rejects_path, "w", encoding="utf-8-sig", newline="") as handle:
                rejects_file.to_csv(handle, index=False)
        elif rejects_path.exists():
            rejects_path.unlink()
        _swap_in(temp_path, database, started)
        exit_code = EXIT_REJECTED if len(rejects) else EXIT_CLEAN
        report = ImportReport(
            database=database, rejects_path=rejects_path if len(rejects) else None, tables=report_tables,
            rejects=rejects, as_of=as_of, exit_code=exit_code, warnings=warnings, boundaries=boundary_meta,
            files=file_reports, warning_rows=warning_rows, guesses=guesses, corrections=corrections,
            mapping_used=used,
        )
        step("Xong", 1.0)
    except ImportFailed as error:
        report = ImportReport(database=database, rejects_path=None, tables=report_tables, rejects=pd.DataFrame(),
                              as_of=None, exit_code=EXIT_FAILED, error=str(error), warnings=warnings,
                              files=file_reports, needs=needs, guesses=guesses)
    except Exception as error:  # never a traceback (with the server's paths) for the user: the log has it
        log.exception("import of %s failed", source)
        report = ImportReport(database=database, rejects_path=None, tables=report_tables, rejects=pd.DataFrame(),
                              as_of=None, exit_code=EXIT_FAILED, warnings=warnings, files=file_reports,
                              error=f"Lỗi không lường trước khi nạp ({type(error).__name__}); chi tiết ghi trong "
                                    "nhật ký của máy chủ.")
    finally:
        for leftover in (temp_path, temp_path.with_name(temp_path.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
        shutil.rmtree(temp_path.with_name(temp_path.name + ".tmp"), ignore_errors=True)
    _append_history(database, {
        "imported_at": started.replace(microsecond=0).isoformat(sep=" "),
        "source": label,
        "exit_code": report.exit_code,
        "error": report.error,
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "files": [{"file": name, "sha256": digest} for name, digest in sorted(checksums.items())],
        "tables": [asdict(table) for table in report.tables],
        "rows_rejected": report.rows_rejected,
        "warnings": len(report.warning_rows) + len(report.warnings),
    })
    return report
