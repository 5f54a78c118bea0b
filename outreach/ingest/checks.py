"""Checking one table of an export against the contract, in SQL: values normalised and parsed
(dates, numbers, enum labels, booleans), each failed check a reject row with its reason, duplicates
and unknown references, extra cells kept as warnings. The reasons and warnings are worded here."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from outreach.ingest import contract
from outreach.ingest.csvread import READ_REASONS
from outreach.ingest.sources import SourceTable


class ImportFailed(Exception):
    """The export cannot be imported at all (missing table or required column, unreadable file)."""


@dataclass
class FileReport:
    table: str
    file: str
    sheet: str
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    merged: int = 0

    @property
    def balanced(self) -> bool:
        return self.read == self.loaded + self.rejected + self.merged



# Reason codes of rejected rows, with their Vietnamese messages.
REASONS = {
    "missing_value": "Thiếu giá trị bắt buộc",
    "bad_date": "Ngày không hợp lệ (cần dạng dd/mm/yyyy, d/m/yy, yyyy-mm-dd hoặc ngày của Excel)",
    "bad_integer": "Không phải số nguyên",
    "bad_number": "Không phải số",
    "bad_boolean": "Không phải giá trị có/không (có, không, x, 1, 0, true, false)",
    "bad_enum": "Giá trị không nằm trong danh mục cho phép",
    "out_of_range": "Số nằm ngoài khoảng cho phép",
    "date_out_of_range": "Ngày trước năm 2000 hoặc quá xa trong tương lai",
    "date_after_export": "Ngày sau ngày xuất tệp (sự việc chưa thể xảy ra)",
    "date_order": "Thứ tự ngày không hợp lý",
    "walk_in_absent": "Cán bộ không có trong danh sách thì không thể vắng",
    "duplicate_key": "Trùng khóa với dòng khác có nội dung khác",
    "unknown_reference": "Mã tham chiếu không tồn tại (hoặc dòng được tham chiếu bị loại)",
    **READ_REASONS,  # rows the reader could not take as values (outreach/ingest/csvread.py)
}


# Warning codes: reported, never a reason to drop a row.
WARNINGS = {
    "unknown_column": "Cột không thuộc mẫu dữ liệu: để riêng, không nạp",
    "unrecognised_table": "Không nhận ra bảng: tệp hoặc trang tính bị bỏ qua",
    "recognised_guess": "Nhận ra theo tên gần giống hoặc theo nội dung, không theo bảng tên gọi",
    "extra_cells": "Dòng có ô ngoài các cột có tiêu đề: các ô này không được nạp",
    "national_code_other_list": "Mã xã theo danh sách mã khác (đã đối chiếu theo tên)",
    "national_code_other_unit": "Mã xã thuộc đơn vị khác trong danh mục 2025",
    "national_code_unknown": "Mã xã không có trong danh mục 2025",
    "boundaries": "Ranh giới xã",
}


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[tuple]:
    """Run a statement and drain its result (DuckDB 2.0 blocks register() on a pending result)."""
    return con.execute(sql, params).fetchall() if params else con.execute(sql).fetchall()


def _fold_key(text: str) -> str:
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
                spellings[_fold_key(code)] = code
                spellings[_fold_key(label)] = code
            group = contract.ENUM_SYNONYM_GROUP.get((table.name, column.name))
            if group:
                for spelling, code in contract.ENUM_SYNONYMS[group].items():
                    spellings[_fold_key(spelling)] = code
            rows.extend((table.name, column.name, spelling, code) for spelling, code in spellings.items())
    return pd.DataFrame(rows, columns=["table_name", "column_name", "spelling", "code"])


_NORMALISE = "nullif(regexp_replace(trim(nfc_normalize(coalesce({c}, ''))), '\\s+', ' ', 'g'), '')"


_FOLD = "regexp_replace(lower(strip_accents(replace(replace({v}, 'đ', 'd'), 'Đ', 'D'))), '[\\s_]+', ' ', 'g')"


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d",
                 "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M")


def _normalised_value(column: contract.Column) -> str:
    value = _NORMALISE.format(c=f'"{column.name}"')
    if column.code_width:
        # Codes that Excel turned into numbers: 4 -> 00004 (a commune code), 1 -> 01 (a province).
        return (f"(case when regexp_full_match({value}, '\\d{{1,{column.code_width - 1}}}') "
                f"then lpad({value}, {column.code_width}, '0') else {value} end)")
    return value


def _parsed_expression(table: contract.Table, column: contract.Column) -> str:
    """SQL that turns the normalised text value v_<col> into the typed value (NULL if it fails)."""
    v = f'"v_{column.name}"'
    if column.type == contract.DATE:
        # d/m/yy only when the year really has two digits (else 15/5/24 would read as year 24).
        short_year = (rf"case when regexp_full_match({v}, '\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2}}') "
                      rf"then try_strptime(regexp_replace({v}, '[.-]', '/', 'g'), '%d/%m/%y') end")
        attempts = short_year + ", " + ", ".join(f"try_strptime({v}, '{pattern}')" for pattern in _DATE_FORMATS)
        # Excel serial day numbers (days since 1899-12-30), for dates typed into General cells.
        serial = (f"case when regexp_full_match({v}, '\\d{{5}}(\\.\\d+)?') and try_cast({v} as double) between 36526 and 73051 "
                  f"then (date '1899-12-30' + cast(floor(try_cast({v} as double)) as integer))::timestamp end")
        return f"coalesce({attempts}, {serial})::date"
    if column.type == contract.INTEGER:
        number = _number(v, integer=True)
        return f"case when try_cast({number} as double) % 1 = 0 then try_cast({number} as double)::bigint end"
    if column.type == contract.DECIMAL:
        return f"try_cast({_number(v, integer=False)} as double)"
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


def _number(v: str, *, integer: bool) -> str:
    """Accept 1234.5, 1234,5, 1.234,5 and 1 234; for whole numbers also 1.234 (Vietnamese thousands)."""
    compact = f"replace(replace({v}, ' ', ''), '\u00a0', '')"
    thousands = (f"when regexp_full_match({compact}, '-?\\d{{1,3}}(\\.\\d{{3}})+') then replace({compact}, '.', '') "
                 if integer else "")
    return (f"(case when {compact} like '%,%' then replace(replace({compact}, '.', ''), ',', '.') "
            f"{thousands}else {compact} end)")


_DATE_ORDER = {
    "feedback": (("forwarded_date", "received_date"), ("replied_date", "received_date"), ("resolved_date", "received_date")),
    "assignments": (("assigned_to", "assigned_from"),),
    "officials": (("active_to", "active_from"),),
}


def _reject(table: str, column: str, reason: str, condition: str, *, detail: str | None = None) -> str:
    message = REASONS[reason] + (f" ({detail})" if detail else "")
    return (f"select '{table}', _file, _sheet, _row, '{column}', \"v_{column}\", '{reason}', '{message}' "
            f"from parsed_{table} where {condition}")


def _combined_frame(table: contract.Table, parts: list[SourceTable]) -> pa.Table:
    """All sources of one table as one Arrow table with every contract column (missing ones empty)."""
    columns = ["_file", "_sheet", "_row", *table.column_names, "_extra_cells", "_unknown"]
    aligned = []
    for part in parts:
        frame = part.frame
        for column in columns:
            if column not in frame.column_names:
                frame = frame.append_column(column, pa.array([""] * frame.num_rows, pa.string()))
        aligned.append(frame.select(columns))
    return pa.concat_tables(aligned)


def check_table(
    con: duckdb.DuckDBPyConnection,
    table: contract.Table,
    parts: list[SourceTable],
    *,
    earliest: dt.date,
    latest: dt.date,
    keep_file: str | None = None,
) -> list[FileReport]:
    """Load one table's rows from raw text into its typed table; write rejects; count per file.

    keep_file: the rows already in the database when corrected rows are imported on top of them
    (outreach/ingest/fixes.py): a corrected row whose key is taken with other content is rejected,
    the row already there stays. The rejected rows as read are kept in original_<table>."""
    name = table.name
    for part in parts:
        present = set(part.frame.column_names)
        missing = [column for column in table.required_columns if column not in present]
        if missing:
            found = ", ".join(column for column in part.frame.column_names if not column.startswith("_"))
            raise ImportFailed(
                f"{part.label}: thiếu cột bắt buộc {', '.join(missing)} (bảng {name}). "
                f"Cần: {', '.join(table.required_columns)}. Nhận ra: {found or 'không cột nào'}."
                + (f" Cột không nhận ra: {', '.join(part.unknown_columns)}." if part.unknown_columns else "")
            )
    raw = _combined_frame(table, parts)
    con.register("raw_frame", raw)
    normalised = ", ".join(f'{_normalised_value(c)} as "v_{c.name}"' for c in table.columns)
    execute(con, f"create or replace temp table raw_{name} as select _file, _sheet, _row, _extra_cells, _unknown, {normalised} from raw_frame")
    con.unregister("raw_frame")
    del raw
    for part in parts:  # the rows are in the database now: let the Arrow copy go before the checks
        part.frame = part.frame.schema.empty_table()
    # Rows the reader could not take as values (a value too long, a record it could not split):
    # rejected as they are, and left out of every other check.
    problems = [(name, part.file, part.sheet or "", *problem) for part in parts for problem in part.problems]
    if problems:
        con.register("problem_frame", pd.DataFrame(problems, columns=[
            "table_name", "_file", "_sheet", "_row", "column_name", "value", "reason", "message"]))
        execute(con, "insert into rejects select * from problem_frame")
        con.unregister("problem_frame")

    # Rows with cells beyond the named columns: loaded, but the user is told.
    execute(con, f"""
        insert into warnings
        select '{name}', _file, _sheet, _row, '', _extra_cells, 'extra_cells', '{WARNINGS["extra_cells"]}'
        from raw_{name} where nullif(_extra_cells, '') is not null
    """)
    execute(con, f"create or replace temp table read_{name} as select _file, _sheet, count(*) as n from raw_{name} group by all")

    # Bounded memory: each working copy is dropped as soon as the next one exists.
    parsed = ", ".join(f'{_parsed_expression(table, c)} as "{c.name}"' for c in table.columns)
    execute(con, f"""create or replace temp table parsed_{name} as
                   select r.*, f.export_date, {parsed} from raw_{name} as r join source_files as f using (_file)
                   anti join (select _file, _sheet, _row from rejects where table_name = '{name}') as u
                        using (_file, _sheet, _row)""")
    execute(con, f"drop table raw_{name}")

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
        if column.minimum is not None or column.maximum is not None:
            low = f"{c} < {column.minimum}" if column.minimum is not None else "false"
            high = f"{c} > {column.maximum}" if column.maximum is not None else "false"
            checks.append(_reject(name, column.name, "out_of_range", f"({low} or {high})",
                                  detail=f"từ {column.minimum:g} đến {column.maximum:g}" if column.maximum else None))
        if column.type == contract.DATE:
            checks.append(_reject(name, column.name, "date_out_of_range",
                                  f"({c} < DATE '{earliest}' or {c} > DATE '{latest}')"))
            if column.event_date:
                checks.append(_reject(name, column.name, "date_after_export", f"{c} > export_date"))
    if name == "visits":
        checks.append(_reject(name, "visit_date", "date_after_export", "status = 'held' and visit_date > export_date",
                              detail="buổi đã tổ chức"))
    for later, earlier in _DATE_ORDER.get(name, ()):
        checks.append(_reject(name, later, "date_order", f'"{later}" < "{earlier}"', detail=f"{later} trước {earlier}"))
    if name == "attendance":
        checks.append(_reject(name, "status", "walk_in_absent", "not listed and status in ('absent', 'excused')"))
    execute(con, f"insert into rejects {' union all '.join(checks)}")

    key = ", ".join(f'"{k}"' for k in table.key)
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    rejected_rows = f"(select distinct _file, _sheet, _row from rejects where table_name = '{name}')"
    # Rows that passed their own checks; identical duplicates merge, conflicting ones are all rejected.
    execute(con, f"""
        create or replace temp table good_{name} as
        select p._file, p._sheet, p._row, {", ".join(f'p."{c}"' for c in table.column_names)}
        from parsed_{name} as p anti join {rejected_rows} as r using (_file, _sheet, _row)
    """)
    execute(con, f"""
        create or replace temp table dup_{name} as
        select {key}, count(*) as copies, count(distinct ({columns})) as versions,
               bool_or(_file = $keep) as has_kept,
               string_agg(_file || coalesce(' [' || nullif(_sheet, '') || ']', '') || ' dòng ' || _row, '; '
                          order by _file, _sheet, _row) as positions
        from good_{name} group by {key} having count(*) > 1
    """, {"keep": keep_file or ""})
    key_text = " || '/' || ".join(f'coalesce(g."{k}"::varchar, \'\')' for k in table.key)
    execute(con, f"""
        insert into rejects
        select '{name}', g._file, g._sheet, g._row, '{'+'.join(table.key)}', {key_text}, 'duplicate_key',
               '{REASONS["duplicate_key"]}: ' || d.positions
        from good_{name} as g join dup_{name} as d
          on {" and ".join(f'g."{k}" is not distinct from d."{k}"' for k in table.key)}
        where d.versions > 1 and not (d.has_kept and g._file = $keep)
    """, {"keep": keep_file or ""})

    references = [(c.name, c.references) for c in table.columns if c.references]
    reference_checks = []
    for column_name, (target, target_column) in references:
        target_table = target if target != name else f"good_{name}"
        reference_checks.append(
            f"""select '{name}', g._file, g._sheet, g._row, '{column_name}', g."{column_name}"::varchar, 'unknown_reference',
                   '{REASONS["unknown_reference"]}: {target}.{target_column} = ' || g."{column_name}"
                from good_{name} as g
                where g."{column_name}" is not null
                  and g."{column_name}" not in (select "{target_column}" from {target_table} where "{target_column}" is not null)"""
        )
    if reference_checks:
        execute(con, f"insert into rejects {' union all '.join(reference_checks)}")

    execute(con, f"""
        create or replace temp table loaded_{name} as
        select * from (
            select *, row_number() over (partition by {key} order by _file <> $keep, _file, _sheet, _row) as copy_number
            from good_{name}
            anti join {rejected_rows} as r using (_file, _sheet, _row)
        ) where copy_number = 1
    """, {"keep": keep_file or ""})
    execute(con, f"""
        create or replace temp table kept_{name} as
        with surviving as (
            select _file, _sheet, count(*) as n from good_{name}
            anti join {rejected_rows} as r using (_file, _sheet, _row) group by all
        ),
        loaded as (select _file, _sheet, count(*) as n from loaded_{name} group by all)
        select _file, _sheet, coalesce(l.n, 0) as loaded, coalesce(s.n, 0) - coalesce(l.n, 0) as merged
        from surviving as s full join loaded as l using (_file, _sheet)
    """)
    execute(con, f"drop table good_{name}")
    values = ", ".join(f'"v_{c}"' for c in table.column_names)
    execute(con, f"""
        create or replace temp table original_{name} as
        select _file, _sheet, _row, {values}, _unknown from parsed_{name} semi join {rejected_rows} as r
        using (_file, _sheet, _row)
    """)
    execute(con, f"drop table parsed_{name}")
    execute(con, f"insert into {name} select {columns} from loaded_{name} order by {key}")
    counts = con.execute(f"""
        with rejected as (select _file, _sheet, count(*) as n from {rejected_rows} group by all)
        select r._file, r._sheet, r.n, coalesce(k.loaded, 0), coalesce(j.n, 0), coalesce(k.merged, 0)
        from read_{name} as r
        left join kept_{name} as k using (_file, _sheet)
        left join rejected as j using (_file, _sheet)
        order by r._file, r._sheet
    """).fetchall()
    reports = [FileReport(table=name, file=file, sheet=sheet, read=int(read), loaded=int(loaded),
                          rejected=int(rejected), merged=int(merged))
               for file, sheet, read, loaded, rejected, merged in counts]
    # The working copies are done with (the communes' positions serve the national code check).
    for stage in ("read", "kept", "dup", *(() if name == "communes" else ("loaded",))):
        execute(con, f"drop table if exists {stage}_{name}")
    # Files (or sheets) with no data rows still appear, with zeros.
    seen = {(report.file, report.sheet) for report in reports}
    for part in parts:
        if (part.file, part.sheet or "") not in seen:
            reports.append(FileReport(table=name, file=part.file, sheet=part.sheet or ""))
    return reports
