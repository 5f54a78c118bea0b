"""Check an export against the contract and build the DuckDB database.

Every input row ends in exactly one place: loaded, rejected (with file, row, column,
value and reason), or merged into an identical duplicate. The database is written to a
new file next to the target and moved over it only when complete, so readers see the
old database or the new one, never a half-built one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from outreach import contract
from outreach.config import PROJECT_ROOT, load_settings
from outreach.workdays import calendar_frame

STAGING_DIR = PROJECT_ROOT / "queries" / "staging"
SUPPORTED_SUFFIXES = (".csv", ".parquet", ".xlsx")

EXIT_CLEAN = 0
EXIT_FAILED = 1
EXIT_REJECTED = 2

# Reason codes with their Vietnamese messages.
REASONS = {
    "missing_value": "Thiếu giá trị bắt buộc",
    "bad_date": "Ngày không hợp lệ (cần dạng YYYY-MM-DD hoặc dd/mm/yyyy)",
    "bad_integer": "Không phải số nguyên",
    "bad_number": "Không phải số",
    "bad_boolean": "Không phải giá trị có/không",
    "bad_enum": "Giá trị không nằm trong danh mục cho phép",
    "out_of_range": "Số nằm ngoài khoảng cho phép",
    "date_out_of_range": "Ngày trước năm 2000 hoặc quá xa trong tương lai",
    "date_order": "Thứ tự ngày không hợp lý",
    "walk_in_absent": "Cán bộ không có trong danh sách thì không thể vắng",
    "duplicate_key": "Trùng khóa với dòng khác có nội dung khác",
    "unknown_reference": "Mã tham chiếu không tồn tại (hoặc dòng được tham chiếu bị loại)",
}


class ImportFailed(Exception):
    """The export cannot be imported at all (missing file or required column)."""


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

    @property
    def rows_rejected(self) -> int:
        return sum(table.rejected for table in self.tables)


def staging_files() -> list[Path]:
    """The shared views and macros, run in name order (staging.sql first, then page additions)."""
    return sorted(STAGING_DIR.glob("*.sql"), key=lambda path: (path.name != "staging.sql", path.name))


# ---------------------------------------------------------------- reading

def find_sources(source: Path) -> dict[str, list[Path]]:
    """Map each contract table to its file(s) in a folder: <table>.csv|.parquet|.xlsx."""
    if not source.is_dir():
        raise ImportFailed(f"Không tìm thấy thư mục dữ liệu: {source}")
    found: dict[str, list[Path]] = {}
    for path in sorted(source.iterdir()):
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.stem.lower() in contract.TABLES_BY_NAME:
            found.setdefault(path.stem.lower(), []).append(path)
    missing = [name for name in contract.TABLE_ORDER if name not in found]
    if missing:
        raise ImportFailed(
            f"Thiếu bảng trong {source}: {', '.join(missing)}. "
            f"Cần một tệp cho mỗi bảng: {', '.join(name + '.csv' for name in contract.TABLE_ORDER)}."
        )
    return found


def read_table_file(path: Path) -> pd.DataFrame:
    """Read one file as text; add _file and _row (the row number a spreadsheet shows)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    elif suffix == ".parquet":
        frame = pd.read_parquet(path).astype("string").fillna("").astype(object)
    else:
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        header = [str(cell).strip() for cell in sheet[0]]
        body = [["" if cell is None else _cell_text(cell) for cell in row] for row in sheet[1:]]
        frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    frame = frame.astype(object)
    frame.insert(0, "_row", range(2, len(frame) + 2))
    frame.insert(0, "_file", path.name)
    return frame


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


# ---------------------------------------------------------------- checking

def _fold(text: str) -> str:
    """Lower-case, strip accents (đ -> d) and fold spaces: the key for enum labels."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().replace("_", " ").split())


def enum_lookup() -> pd.DataFrame:
    """(table, column, folded spelling, code) for every accepted enum spelling."""
    rows = []
    for table in contract.TABLES:
        for column in table.columns:
            if column.type != contract.ENUM:
                continue
            spellings: dict[str, str] = {}
            for code, label in column.allowed.items():
                spellings[_fold(code)] = code
                spellings[_fold(label)] = code
            group = contract.ENUM_SYNONYM_GROUP.get((table.name, column.name))
            if group:
                for spelling, code in contract.ENUM_SYNONYMS[group].items():
                    spellings[_fold(spelling)] = code
            rows.extend((table.name, column.name, spelling, code) for spelling, code in spellings.items())
    return pd.DataFrame(rows, columns=["table_name", "column_name", "spelling", "code"])


_NORMALISE = "nullif(regexp_replace(trim(nfc_normalize(coalesce({c}, ''))), '\\s+', ' ', 'g'), '')"
_FOLD = "regexp_replace(lower(strip_accents(replace(replace({v}, 'đ', 'd'), 'Đ', 'D'))), '[\\s_]+', ' ', 'g')"


def _parsed_expression(table: contract.Table, column: contract.Column) -> str:
    """SQL that turns the normalised text value v_<col> into the typed value (NULL if it fails)."""
    v = f'"v_{column.name}"'
    if column.type == contract.DATE:
        return (f"coalesce(try_strptime({v}, '%Y-%m-%d'), try_strptime({v}, '%d/%m/%Y'), "
                f"try_strptime({v}, '%Y-%m-%d %H:%M:%S'))::date")
    if column.type == contract.INTEGER:
        return f"case when try_cast({_number(v)} as double) % 1 = 0 then try_cast({_number(v)} as double)::bigint end"
    if column.type == contract.DECIMAL:
        return f"try_cast({_number(v)} as double)"
    if column.type == contract.BOOLEAN:
        trues = ", ".join(f"'{t}'" for t in sorted(contract.BOOLEAN_TRUE))
        falses = ", ".join(f"'{f}'" for f in sorted(contract.BOOLEAN_FALSE))
        folded = _FOLD.format(v=f"coalesce({v}, '')")
        return f"case when {folded} in ({trues}) then true when {folded} in ({falses}) then false end"
    if column.type == contract.ENUM:
        folded = _FOLD.format(v=v)
        return (f"(select e.code from enum_lookup as e where e.table_name = '{table.name}' "
                f"and e.column_name = '{column.name}' and e.spelling = {folded})")
    return v


def _number(v: str) -> str:
    """Accept 1234.5, 1234,5 and 1.234,5 (Vietnamese separators)."""
    return (f"case when {v} like '%,%' then replace(replace({v}, '.', ''), ',', '.') "
            f"else {v} end")


@dataclass
class _Loaded:
    frame_rows: int
    loaded: int
    rejected: int
    merged: int


def _check_table(
    con: duckdb.DuckDBPyConnection,
    table: contract.Table,
    frame: pd.DataFrame,
    *,
    earliest: dt.date,
    latest: dt.date,
) -> _Loaded:
    """Load one table's rows from raw text into its typed table; write rejects."""
    name = table.name
    present = set(frame.columns)
    missing = [column for column in table.required_columns if column not in present]
    if missing:
        files = ", ".join(sorted(set(frame["_file"])))
        found = ", ".join(column for column in frame.columns if not column.startswith("_"))
        raise ImportFailed(
            f"{files}: thiếu cột bắt buộc {', '.join(missing)} (bảng {name}). "
            f"Cần: {', '.join(table.required_columns)}. Có: {found}."
        )
    for column in table.column_names:
        if column not in present:
            frame[column] = ""
    raw = frame[["_file", "_row", *table.column_names]]
    con.register("raw_frame", raw)
    normalised = ", ".join(f'{_NORMALISE.format(c=chr(34) + c + chr(34))} as "v_{c}"' for c in table.column_names)
    _exec(con, f"create or replace temp table raw_{name} as select _file, _row::bigint as _row, {normalised} from raw_frame")
    con.unregister("raw_frame")

    parsed = ", ".join(f'{_parsed_expression(table, c)} as "{c.name}"' for c in table.columns)
    _exec(con, f"create or replace temp table parsed_{name} as select *, {parsed} from raw_{name}")

    checks: list[str] = []
    for column in table.columns:
        c, v = f'"{column.name}"', f'"v_{column.name}"'
        if column.required and column.type != contract.BOOLEAN:
            checks.append(_reject(name, column.name, "missing_value", f"{v} is null"))
        bad = {contract.DATE: "bad_date", contract.INTEGER: "bad_integer", contract.DECIMAL: "bad_number",
               contract.BOOLEAN: "bad_boolean", contract.ENUM: "bad_enum"}.get(column.type)
        if bad and column.type == contract.BOOLEAN:
            checks.append(_reject(name, column.name, bad, f"{c} is null"))
        elif bad:
            checks.append(_reject(name, column.name, bad, f"{v} is not null and {c} is null"))
        if column.minimum is not None:
            checks.append(_reject(name, column.name, "out_of_range", f"{c} < {column.minimum}"))
        if column.type == contract.DATE:
            checks.append(_reject(name, column.name, "date_out_of_range",
                                  f"({c} < DATE '{earliest}' or {c} > DATE '{latest}')"))
    for later, earlier in _DATE_ORDER.get(name, ()):
        checks.append(_reject(name, later, "date_order", f'"{later}" < "{earlier}"',
                              detail=f"{later} trước {earlier}"))
    if name == "attendance":
        checks.append(_reject(name, "status", "walk_in_absent", "not listed and status in ('absent', 'excused')"))
    _exec(con, f"insert into rejects {' union all '.join(checks)}")

    key = ", ".join(f'"{k}"' for k in table.key)
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    # Rows that passed their own checks; identical duplicates merge, conflicting ones are all rejected.
    _exec(con, f"""
        create or replace temp table good_{name} as
        select p.* from parsed_{name} as p
        anti join (select distinct _file, _row from rejects where table_name = '{name}') as r using (_file, _row)
    """)
    _exec(con, f"""
        create or replace temp table dup_{name} as
        select {key}, count(*) as copies, count(distinct ({columns})) as versions
        from good_{name} group by {key} having count(*) > 1
    """)
    key_text = " || '/' || ".join(f'coalesce("{k}"::varchar, \'\')' for k in table.key)
    _exec(con, f"""
        insert into rejects
        select '{name}', g._file, g._row, '{'+'.join(table.key)}', {key_text}, 'duplicate_key',
               '{REASONS["duplicate_key"]}: ' || d.copies || ' dòng cùng khóa'
        from good_{name} as g join dup_{name} as d using ({key}) where d.versions > 1
    """)

    references = [(c.name, c.references) for c in table.columns if c.references]
    reference_checks = []
    for column_name, (target, target_column) in references:
        target_table = f"{target}" if target != name else f"good_{name}"
        reference_checks.append(
            f"""select '{name}', g._file, g._row, '{column_name}', g."{column_name}"::varchar, 'unknown_reference',
                   '{REASONS["unknown_reference"]}: {target}.{target_column} = ' || g."{column_name}"
                from good_{name} as g
                where g."{column_name}" is not null
                  and g."{column_name}" not in (select "{target_column}" from {target_table} where "{target_column}" is not null)"""
        )
    if reference_checks:
        _exec(con, f"insert into rejects {' union all '.join(reference_checks)}")

    _exec(con, f"""
        insert into {name}
        select {columns} from (
            select *, row_number() over (partition by {key} order by _file, _row) as copy_number
            from good_{name}
            anti join (select distinct _file, _row from rejects where table_name = '{name}') as r using (_file, _row)
        ) where copy_number = 1
        order by {key}
    """)
    loaded = _exec(con, f"select count(*) from {name}")[0][0]
    rejected = _exec(con, f"select count(distinct (_file, _row)) from rejects where table_name = '{name}'")[0][0]
    # Merged = surviving copies beyond the one loaded per key (counted after every rejection,
    # so a duplicate that is also rejected is counted once, as rejected).
    surviving = _exec(con, f"""
        select count(*) from good_{name}
        anti join (select distinct _file, _row from rejects where table_name = '{name}') as r using (_file, _row)
    """)[0][0]
    return _Loaded(frame_rows=len(frame), loaded=loaded, rejected=rejected, merged=int(surviving - loaded))


_DATE_ORDER = {
    "feedback": (("forwarded_date", "received_date"), ("replied_date", "received_date"), ("resolved_date", "received_date")),
    "assignments": (("assigned_to", "assigned_from"),),
    "officials": (("active_to", "active_from"),),
}


def _exec(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[tuple]:
    """Run a statement and drain its result (DuckDB 2.0 blocks register() on a pending result)."""
    return con.execute(sql, params).fetchall() if params else con.execute(sql).fetchall()


def _reject(table: str, column: str, reason: str, condition: str, *, detail: str | None = None) -> str:
    message = REASONS[reason] + (f" ({detail})" if detail else "")
    return (f"select '{table}', _file, _row, '{column}', \"v_{column}\", '{reason}', '{message}' "
            f"from parsed_{table} where {condition}")


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in contract.TABLES:
        columns = ", ".join(f'"{c.name}" {contract.SQL_TYPES[c.type]}' for c in table.columns)
        _exec(con, f"create table {table.name} ({columns})")
    _exec(con, """
        create temp table rejects (
            table_name varchar, _file varchar, _row bigint, column_name varchar,
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
    bounds = _exec(con, """
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
    _exec(con, """
        create table calendar as
        select day::date as day, is_working_day, working_day_index::bigint as working_day_index, holiday_name
        from calendar_frame order by day
    """)
    con.unregister("calendar_frame")


def _load_boundaries(con: duckdb.DuckDBPyConnection, path: Path | None, settings, warnings: list[str]) -> dict | None:
    """Match and simplify the boundary file into commune_shapes; a bad file is a warning, not a failure."""
    _exec(con, "create table commune_shapes (commune_code varchar, match_method varchar, geometry varchar)")
    _exec(con, """create table boundary_features (feature_index bigint, feature_code varchar, feature_name varchar,
                                                  commune_code varchar, match_method varchar)""")
    _exec(con, """create table boundary_meta (source_file varchar, sha256 varchar, code_column varchar, name_column varchar,
                                             features bigint, tolerance double, payload_bytes bigint, vertices bigint)""")
    if path is None:
        return None
    from outreach import geo

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
        "geometry": [shapely_to_geojson(geometry) for geometry in result.shapes.geometry],
    })
    con.register("shapes_frame", shapes)
    _exec(con, "insert into commune_shapes select * from shapes_frame order by commune_code")
    con.unregister("shapes_frame")
    con.register("features_frame", result.features)
    _exec(con, "insert into boundary_features select * from features_frame")
    con.unregister("features_frame")
    meta = {"source_file": path.name, "sha256": _file_digest(path), "code_column": result.code_column,
            "name_column": result.name_column, "features": len(result.features), "tolerance": result.tolerance,
            "payload_bytes": result.payload_bytes, "vertices": result.vertices}
    _exec(con, "insert into boundary_meta values ($source_file, $sha256, $code_column, $name_column, $features, "
               "$tolerance, $payload_bytes, $vertices)", meta)
    counts = result.features["match_method"].value_counts().to_dict()
    meta["match_methods"] = counts
    return meta


def shapely_to_geojson(geometry) -> str:
    import shapely

    return shapely.to_geojson(geometry)


def ingest(
    source: Path,
    *,
    database: Path | None = None,
    rejects_path: Path | None = None,
    boundaries: Path | None = None,
    progress: Callable[[str, float], None] | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Import the export in `source` into `database` (replaced atomically when complete)."""
    settings = load_settings()
    database = Path(database or settings.path("database"))
    rejects_path = Path(rejects_path) if rejects_path else database.with_name(database.stem + "_rejects.csv")
    earliest = dt.date.fromisoformat(str(settings.get("import", "earliest_date")))
    latest = (today or dt.date.today()) + dt.timedelta(days=730)
    report_tables: list[TableReport] = []
    warnings: list[str] = []

    def step(message: str, fraction: float) -> None:
        if progress:
            progress(message, fraction)

    database.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=database.name + ".", suffix=".building", dir=database.parent)
    os.close(handle)
    temp_path = Path(temp_name)
    temp_path.unlink()  # DuckDB wants to create the file itself
    try:
        sources = find_sources(Path(source))
        con = duckdb.connect(str(temp_path))
        try:
            _create_tables(con)
            con.register("enum_lookup_frame", enum_lookup())
            _exec(con, "create temp table enum_lookup as select * from enum_lookup_frame")
            for index, table in enumerate(contract.TABLES):
                step(f"Kiểm tra bảng {table.title_vi} ({table.name})", index / (len(contract.TABLES) + 2))
                files = sources[table.name]
                frame = pd.concat([read_table_file(path) for path in files], ignore_index=True)
                result = _check_table(con, table, frame, earliest=earliest, latest=latest)
                report_tables.append(TableReport(
                    table=table.name, files=[path.name for path in files], read=result.frame_rows,
                    loaded=result.loaded, rejected=result.rejected, merged=result.merged,
                ))
            step("Ranh giới xã: đối chiếu và đơn giản hóa", len(contract.TABLES) / (len(contract.TABLES) + 2))
            from outreach.geo import find_boundary_file

            boundary_file = Path(boundaries) if boundaries else find_boundary_file(Path(source))
            boundary_meta = _load_boundaries(con, boundary_file, settings, warnings)
            step("Lập lịch ngày làm việc và các khung nhìn dùng chung", (len(contract.TABLES) + 1) / (len(contract.TABLES) + 2))
            _build_calendar(con)
            for staging_file in staging_files():
                _exec(con, staging_file.read_text(encoding="utf-8"))
            rejects = con.execute("""
                select table_name as "table", _file as file, _row as row, column_name as column, value, reason, message
                from rejects order by table_name, _file, _row, column_name
            """).df()
            as_of = _exec(con, "select as_of from data_as_of")[0][0]
            files_frame = pd.DataFrame(
                [(t.table, path.name, _file_digest(path)) for t in report_tables for path in sources[t.table]],
                columns=["table_name", "file", "sha256"],
            )
            counts_frame = pd.DataFrame(
                [(t.table, t.read, t.loaded, t.rejected, t.merged) for t in report_tables],
                columns=["table_name", "rows_read", "rows_loaded", "rows_rejected", "rows_merged"],
            )
            con.register("files_frame", files_frame)
            con.register("counts_frame", counts_frame)
            _exec(con, "create table import_files as select * from files_frame")
            _exec(con, "create table import_counts as select * from counts_frame")
            _exec(con, 
                "create table import_meta as select $imported_at::timestamp as imported_at, $source as source, $as_of::date as as_of",
                {"imported_at": dt.datetime.now().replace(microsecond=0), "source": str(Path(source).resolve()), "as_of": as_of},
            )
            _exec(con, "checkpoint")
        finally:
            con.close()
        unbalanced = [t.table for t in report_tables if not t.balanced]
        if unbalanced:
            raise ImportFailed(f"Số dòng không khớp (đọc ≠ nạp + loại + gộp) ở bảng: {', '.join(unbalanced)}")
        step("Thay cơ sở dữ liệu", 0.98)
        if len(rejects):
            rejects_path.parent.mkdir(parents=True, exist_ok=True)
            rejects.to_csv(rejects_path, index=False, encoding="utf-8-sig")
        elif rejects_path.exists():
            rejects_path.unlink()
        os.replace(temp_path, database)
        step("Xong", 1.0)
        return ImportReport(
            database=database, rejects_path=rejects_path if len(rejects) else None, tables=report_tables,
            rejects=rejects, as_of=as_of, exit_code=EXIT_REJECTED if len(rejects) else EXIT_CLEAN,
            warnings=warnings, boundaries=boundary_meta,
        )
    except ImportFailed as error:
        return ImportReport(database=database, rejects_path=None, tables=report_tables, rejects=pd.DataFrame(),
                            as_of=None, exit_code=EXIT_FAILED, error=str(error))
    finally:
        for leftover in (temp_path, temp_path.with_name(temp_path.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
