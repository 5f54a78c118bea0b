"""Writing extracts: CSV for Excel users (UTF-8 with BOM) and formatted XLSX."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC = re.compile(r"^-?\d+([.,]\d+)?$")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    result = frame.copy()
    for column in result.columns:
        if result[column].dtype == object or pd.api.types.is_string_dtype(result[column]):
            result[column] = result[column].map(_neutralise_cell)
    return result


def _neutralise_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMERIC.match(value):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return neutralise_formulas(frame).to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "data", headers: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(frame, buffer, sheet=sheet, headers=headers)
    return buffer.getvalue()


# Every workbook the project writes: text stays text. xlsxwriter would otherwise turn a cell that
# looks like a link (http://, mailto:, external:\\host\share\run.exe) into a live hyperlink, one
# starting with = into a formula, and one that looks like a number into a number.
XLSX_OPTIONS = {"strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False}


def excel_writer(target) -> pd.ExcelWriter:
    """A pandas ExcelWriter (xlsxwriter) with XLSX_OPTIONS and dates as dd/mm/yyyy."""
    return pd.ExcelWriter(target, engine="xlsxwriter", datetime_format="dd/mm/yyyy", date_format="dd/mm/yyyy",
                          engine_kwargs={"options": dict(XLSX_OPTIONS)})


def write_xlsx(frame: pd.DataFrame, target, *, sheet: str = "data", headers: dict[str, str] | None = None) -> None:
    """One sheet: bold frozen header row, autofilter, dates dd/mm/yyyy, rates as 0.0%."""
    clean = neutralise_formulas(frame)
    if headers:
        clean = clean.rename(columns=headers)
    with excel_writer(target) as writer:
        clean.to_excel(writer, sheet_name=sheet[:31], index=False)
        book, worksheet = writer.book, writer.sheets[sheet[:31]]
        header_format = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EEF4"})
        percent = book.add_format({"num_format": "0.0%"})
        integer = book.add_format({"num_format": "#,##0"})
        for index, column in enumerate(frame.columns):
            worksheet.write(0, index, str(clean.columns[index]), header_format)
            width = min(40, max(10, len(str(clean.columns[index])) + 2))
            if column.endswith("_rate") or column.endswith("_share"):
                worksheet.set_column(index, index, width, percent)
            elif pd.api.types.is_integer_dtype(frame[column]):
                worksheet.set_column(index, index, width, integer)
            else:
                worksheet.set_column(index, index, width)
        worksheet.freeze_panes(1, 0)
        if len(frame.columns):
            worksheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)


def write_extract(frame: pd.DataFrame, path: Path) -> None:
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        path.write_bytes(csv_bytes(frame))
    elif suffix == ".xlsx":
        write_xlsx(frame, path, sheet=path.stem)
    else:
        raise ValueError(f"unsupported extract format {suffix!r}: use .csv or .xlsx")


def ascii_slug(text: str) -> str:
    """'Bao phủ' -> 'bao-phu' for file names."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# ---------------------------------------------------------------- large extracts, streamed by DuckDB

BOM = "\ufeff".encode("utf-8")
XLSX_MAX_ROWS = 1_048_575  # one header row + this many rows fill an Excel sheet
_TEXT_TYPES = ("VARCHAR", "STRING", "TEXT")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def query_columns(con, sql: str, params: dict | None) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of a query, without running it over the data."""
    described = con.execute(f"describe (\n{sql.rstrip().rstrip(';')}\n)", params or None).fetchall()
    return [(row[0], str(row[1])) for row in described]


def safe_select(con, sql: str, params: dict | None, columns: list[str] | None = None) -> str:
    """The query wrapped so that text cells a spreadsheet would run as a formula (= + - @ tab CR,
    except plain numbers such as -5) get a leading apostrophe, keeping only `columns` (in that
    order; default all). Same rule as neutralise_formulas, done by DuckDB while it streams."""
    available = query_columns(con, sql, params)
    types = dict(available)
    wanted = columns or [name for name, _ in available]
    unknown = [name for name in wanted if name not in types]
    if unknown:
        raise ValueError(f"unknown columns: {', '.join(unknown)}")
    parts = []
    for name in wanted:
        column = _quote(name)
        if types[name].upper().startswith(_TEXT_TYPES):
            parts.append(f"case when regexp_matches({column}, '^[=+\\-@\\t\\r]') "
                         f"and not regexp_matches({column}, '^-?\\d+([.,]\\d+)?$') "
                         f"then '''' || {column} else {column} end as {column}")
        else:
            parts.append(column)
    return f"select {', '.join(parts)}\nfrom (\n{sql.rstrip().rstrip(';')}\n) as extract_source"


def private_file(path: Path):
    """`path` opened for writing (emptied), readable by its owner only (0600) whatever the umask:
    an extract may hold citizens' names and phones."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(handle, 0o600)
    return os.fdopen(handle, "wb")


def copy_csv(con, sql: str, params: dict | None, path: Path, columns: list[str] | None = None) -> int:
    """Write the query to `path` as CSV (UTF-8 with BOM) without building it in memory: DuckDB
    COPYs it to a part file, which is then appended after the BOM in 1 MB chunks. Returns rows.
    Both files are 0600."""
    import shutil

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    select = safe_select(con, sql, params, columns)
    try:
        private_file(part).close()  # DuckDB writes into the existing file, keeping its mode
        copied = con.execute(f"copy (\n{select}\n) to '{_sql_path(part)}' (format csv, header, dateformat '%Y-%m-%d', "
                             f"timestampformat '%Y-%m-%d %H:%M:%S')", params or None).fetchall()
        with private_file(path) as target, part.open("rb") as source:
            target.write(BOM)
            shutil.copyfileobj(source, target, 1024 * 1024)
    finally:
        part.unlink(missing_ok=True)
    return int(copied[0][0]) if copied else 0


def copy_xlsx(con, sql: str, params: dict | None, path: Path, columns: list[str] | None = None,
              sheet: str = "data", batch_rows: int = 50_000) -> int:
    """Write the query to an XLSX sheet row by row (xlsxwriter constant_memory), reading DuckDB
    in Arrow batches: memory stays bounded whatever the size. At most XLSX_MAX_ROWS rows."""
    import xlsxwriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    select = safe_select(con, sql, params, columns)
    count = con.execute(f"select count(*) from ({select})", params or None).fetchall()[0][0]
    if count > XLSX_MAX_ROWS:
        raise ValueError(f"{count:,} rows do not fit in one Excel sheet ({XLSX_MAX_ROWS:,}); use CSV")
    reader = con.sql(select, params=params or None).to_arrow_reader(batch_rows)
    names = reader.schema.names
    private_file(path).close()  # xlsxwriter rewrites the existing file, keeping its mode (0600)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, **XLSX_OPTIONS})
    try:
        worksheet = book.add_worksheet(sheet[:31] or "data")
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EEF4"})
        date = book.add_format({"num_format": "dd/mm/yyyy"})
        percent = book.add_format({"num_format": "0.0%"})
        for index, name in enumerate(names):
            worksheet.write_string(0, index, name, header)
            worksheet.set_column(index, index, min(40, max(10, len(name) + 2)),
                                 percent if name.endswith(("_rate", "_share")) else None)
        worksheet.freeze_panes(1, 0)
        row = 1
        for batch in reader:
            for values in zip(*(column.to_pylist() for column in batch.columns)):
                for index, value in enumerate(values):
                    if value is None:
                        continue
                    if isinstance(value, dt.datetime):
                        worksheet.write_datetime(row, index, value.replace(tzinfo=None), date)
                    elif isinstance(value, dt.date):
                        worksheet.write_datetime(row, index, dt.datetime(value.year, value.month, value.day), date)
                    elif isinstance(value, bool):
                        worksheet.write_boolean(row, index, value)
                    elif isinstance(value, (int, float, decimal.Decimal)):
                        worksheet.write_number(row, index, float(value))
                    else:
                        worksheet.write_string(row, index, str(value))
                row += 1
        if names:
            worksheet.autofilter(0, 0, max(row - 1, 1), len(names) - 1)
    finally:
        book.close()
        os.chmod(path, 0o600)
    return row - 1


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def write_query_extract(con, sql: str, params: dict | None, path: Path, columns: list[str] | None = None) -> int:
    """CSV or XLSX by the file's suffix, streamed (see copy_csv / copy_xlsx). Returns rows."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return copy_csv(con, sql, params, path, columns)
    if suffix == ".xlsx":
        return copy_xlsx(con, sql, params, path, columns, sheet=Path(path).stem)
    raise ValueError(f"unsupported extract format {suffix!r}: use .csv or .xlsx")


def file_stem(what: str, period_slug: str, commune: str | None = None, agency: str | None = None) -> str:
    """<what>_<YYYY-MM>_<YYYY-MM>_asof-<date>[_xa-CODE][_dv-ID], accent-free."""
    filters = [f"xa-{ascii_slug(commune)}" if commune else "", f"dv-{ascii_slug(agency)}" if agency else ""]
    return "_".join(part for part in (ascii_slug(what), period_slug, *filters) if part)
