"""Reading the exports people actually have: CSV in any common encoding and delimiter,
XLSX workbooks (one sheet per table, or one file per table), Parquet; tables recognised by
file or sheet name in English or Vietnamese, or by their columns; headers mapped through an
alias table kept as data (outreach/ingest/header_aliases.csv).

Every row read keeps its source: file, sheet and the row number a spreadsheet shows.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from outreach.i18n import fmt_int
from outreach.ingest import contract, names
from outreach.ingest.names import fold, header_aliases, map_headers, table_aliases, table_from_columns, table_from_name  # noqa: F401
from outreach.ingest.csvread import READ_REASONS, CsvRecords, Record, Unreadable
from outreach.ingest.limits import Limits, SourceError, check_parquet, check_sheet_range, check_workbook

HERE = Path(__file__).resolve().parent
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
PARQUET_SUFFIXES = (".parquet", ".pq")
IGNORED_STEMS = {"ground_truth", "boundaries", "ranh_gioi", "readme"}
# Rows turned into Arrow at a time (the Python objects of one batch only are alive at once).
BATCH_ROWS = 10_000
# Characters of an over-long value kept for the report.
PREVIEW_CHARS = 80


@dataclass
class SourceTable:
    """One table as read from one file (or one sheet of a workbook).

    As read, `frame` holds one text column per header position ("#0", "#1", ...) besides _file,
    _sheet, _row and _extra_cells, and `table` is None; once recognised (outreach/ingest/recognise.py)
    the mapped columns carry their canonical names and the others are packed into _unknown."""

    table: str | None
    file: str
    sheet: str | None
    frame: pa.Table
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None
    unknown_columns: list[str] = field(default_factory=list)
    recognised_by: str = "name"              # name | columns | guess | mapping
    # Rows read but not readable as values (row, column, value, reason, message): rejected as they are.
    # Before recognition the column is the header's position (or None).
    problems: list[tuple] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)          # the file's own headers, made unique
    mapping: dict[str, str] = field(default_factory=dict)     # header -> canonical column

    @property
    def label(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


@dataclass
class Unrecognised:
    file: str
    sheet: str | None
    columns: list[str]
    reason: str


# Separator of the unmapped cells packed into _unknown (a control character no export holds).
UNKNOWN_SEPARATOR = "\x1f"


# ---------------------------------------------------------------- headers

def looks_like_header(values: list[str]) -> bool:
    """At least two cells are column names, known or close to one (a title row above the header
    is not)."""
    return sum(names.looks_like_column(value) for value in values if str(value).strip()) >= 2


def choose_header(candidates: list[tuple[int, list[str]]]) -> int:
    """Index (in candidates) of the header: the first of the first 20 non-empty rows that looks
    like one, else the first non-empty row."""
    for index, (_, values) in enumerate(candidates[:20]):
        if looks_like_header(values):
            return index
    return 0


def split_header(records: Iterable[Record]) -> tuple[list[str], int, Iterator[Record]]:
    """(header, its row number, the records after it) from a stream of non-blank records: the
    header is chosen among the first 20 (choose_header); the rows above it are titles, not data."""
    records = iter(records)
    first = list(itertools.islice(records, 20))
    if not first:
        return [], 0, iter(())
    index = choose_header([(number, values) for number, values, _ in first])
    header_row, header = first[index][0], [value.strip() for value in first[index][1]]
    return header, header_row, itertools.chain(first[index + 1:], records)


# ---------------------------------------------------------------- cells from workbooks and parquet

def cell_text(value: object) -> str:
    """A spreadsheet cell as the text the contract expects (numbers without '.0', dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def sheet_records(rows: Iterable[list[object]]) -> Iterator[Record]:
    """The non-blank rows of a sheet as records, numbered as the spreadsheet shows them."""
    for number, row in enumerate(rows, start=1):
        values = [cell_text(value) for value in row]
        if any(value.strip() for value in values):
            yield number, values, None


# ---------------------------------------------------------------- discovery

def _problem(header: list[str], number: int, values: list[str], unreadable: Unreadable | None,
             limit: int) -> tuple | None:
    """A row that is read but cannot be loaded as it is: a value longer than `limit` (found here
    in any source, or by the CSV reader) or a record the reader could not split. The column is the
    header's position until the table is recognised."""
    if unreadable is None:
        if not values or max(map(len, values)) <= limit:
            return None
        index = next(i for i, value in enumerate(values) if len(value) > limit)
        unreadable = Unreadable("field_too_long", index, len(values[index]))
    index = unreadable.column
    source = header[index] if index is not None and index < len(header) else ""
    value = values[index] if index is not None and index < len(values) else ""
    preview = value[:PREVIEW_CHARS] + ("…" if len(value) > PREVIEW_CHARS else "")
    if unreadable.reason == "field_too_long":
        where = (f"cột {source}" if source else
                 f"ô thứ {index + 1}, ngoài các cột có tiêu đề" if index is not None else "một ô")
        size = f"dài {fmt_int(len(value))} ký tự, tối đa" if value else "dài hơn"
        message = (f"{READ_REASONS['field_too_long']}: {where} {size} {fmt_int(limit)} ký tự ([import] max_field_chars); "
                   "dòng không được nạp")
    else:
        message = f"{READ_REASONS['unreadable_row']} ({fmt_int(unreadable.length)} ký tự); dòng không được nạp"
    position = index if source else None
    return number, position, preview, unreadable.reason, message


def unique_headers(header: list[str]) -> list[str]:
    """The headers with empty ones named by position and repeats numbered: 'Ghi chú', 'Ghi chú (2)'."""
    seen: dict[str, int] = {}
    result = []
    for index, name in enumerate(header):
        name = " ".join(unicodedata.normalize("NFC", str(name)).split()) or f"(cột {index + 1})"
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _frame(header: list[str], rows: Iterable[Record], *, file: str, sheet: str | None,
           limits: Limits) -> tuple[pa.Table, list[tuple]]:
    """The rows as one Arrow table of text, one column per header position, built BATCH_ROWS at a
    time; plus the rows that cannot be loaded as they are (kept in the table without values)."""
    width = len(header)
    batches, problems = [], []
    rows = iter(rows)
    while True:
        batch = list(itertools.islice(rows, BATCH_ROWS))
        if not batch and batches:
            break
        kept = []
        for number, values, unreadable in batch:
            problem = _problem(header, number, values, unreadable, limits.max_field_chars)
            if problem:
                problems.append(problem)
                values = []
            kept.append((number, values))
        data: dict[str, list] = {"_file": [file] * len(kept), "_sheet": [sheet or ""] * len(kept),
                                 "_row": [number for number, _ in kept]}
        for position in range(width):
            data[f"#{position}"] = [values[position] if position < len(values) else "" for _, values in kept]
        # A row with more cells than the header has data nobody named: keep it visible.
        data["_extra_cells"] = [
            " | ".join(value for value in values[width:] if value.strip()) for _, values in kept
        ]
        batches.append(_arrow(data))
        if len(batch) < BATCH_ROWS:
            break
    return pa.concat_tables(batches), problems


def _arrow(data: dict[str, list]) -> pa.Table:
    return pa.table({name: pa.array(values, type=pa.int64() if name == "_row" else pa.string())
                     for name, values in data.items()})


def _parquet_frame(arrow: pa.Table, *, file: str) -> pa.Table:
    """Parquet columns cast to text in Arrow (no Python loop over rows)."""
    count = arrow.num_rows
    columns = {"_file": pa.array([file] * count, pa.string()), "_sheet": pa.array([""] * count, pa.string()),
               "_row": pa.array(range(2, count + 2), pa.int64())}
    for position, source in enumerate(arrow.column_names):
        values = arrow.column(position)
        if pa.types.is_floating(values.type):
            # Excel-style 99001.0 -> "99001"; real fractions keep their digits.
            whole = pc.equal(pc.floor(values), values)
            text = pc.if_else(whole, pc.cast(pc.cast(values, pa.int64(), safe=False), pa.string()), pc.cast(values, pa.string()))
        elif pa.types.is_timestamp(values.type):
            text = pc.strftime(values, format="%Y-%m-%d")
        elif pa.types.is_boolean(values.type):
            text = pc.if_else(values, "true", "false")
        else:
            text = pc.cast(values, pa.string())
        columns[f"#{position}"] = pc.fill_null(text, "")
    columns["_extra_cells"] = pa.array([""] * count, pa.string())
    return pa.table(columns)


def _quiet(error: Exception, path: Path) -> str:
    """A reader's own words about a damaged file, without the server's folders."""
    text = str(error).replace(str(path.resolve()), path.name).replace(str(path), path.name)
    return text.replace(str(path.resolve().parent), "…").replace(str(path.parent), "…")[:300]


def read_source(path: Path, limits: Limits | None = None) -> list[SourceTable]:
    """All tables in one file (a workbook may hold several), as read and not yet recognised, each
    file and sheet checked against `limits` before it is parsed. A sheet's `file_stem` hint: a
    workbook of one sheet may be named by its file."""
    limits = limits or Limits()
    suffix = path.suffix.lower()
    found: list[SourceTable] = []
    if suffix in CSV_SUFFIXES:
        with CsvRecords(path, limits.max_field_chars) as records:
            header, header_line, rows = split_header(records)
            if not header:
                raise SourceError(f"{path.name}: tệp trống, không có dòng tiêu đề")
            frame, problems = _frame(header, rows, file=path.name, sheet=None, limits=limits)
            found.append(SourceTable(None, path.name, None, frame, header_line, records.encoding,
                                     records.delimiter, problems=problems, headers=unique_headers(header)))
    elif suffix in EXCEL_SUFFIXES:
        from python_calamine import CalamineWorkbook

        check_workbook(path, limits)
        try:
            workbook = CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises its own types for damaged files
            raise SourceError(f"{path.name}: không mở được sổ Excel ({_quiet(error, path)})") from error
        for sheet in workbook.sheet_names:
            try:
                loaded = workbook.get_sheet_by_name(sheet)
            except Exception as error:  # calamine raises its own types for damaged sheets
                raise SourceError(f"{path.name}, trang tính “{sheet}”: không đọc được ({_quiet(error, path)})") from error
            if loaded.end is not None:
                check_sheet_range(path.name, sheet, loaded.end[0] + 1, loaded.end[1] + 1, limits)
            header, header_row, rows = split_header(sheet_records(loaded.to_python(skip_empty_area=False)))
            if not header:
                continue
            frame, problems = _frame(header, rows, file=path.name, sheet=sheet, limits=limits)
            found.append(SourceTable(None, path.name, sheet, frame, header_row, problems=problems,
                                     headers=unique_headers(header)))
    elif suffix in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq

        check_parquet(path, limits)
        try:
            arrow = pq.read_table(path)
        except Exception as error:  # pyarrow raises several types for damaged files
            raise SourceError(f"{path.name}: không đọc được tệp Parquet ({_quiet(error, path)})") from error
        found.append(SourceTable(None, path.name, None, _parquet_frame(arrow, file=path.name), 1,
                                 headers=unique_headers(list(arrow.column_names))))
    return found


def source_paths(source: Path) -> list[Path]:
    """The files of an export: a folder's tables (not its notes or boundaries), or the one file."""
    source = Path(source)
    if source.is_dir():
        return [path for path in sorted(source.iterdir())
                if path.is_file() and path.suffix.lower() in CSV_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES
                and path.stem.lower() not in IGNORED_STEMS and not path.name.startswith((".", "~$"))]
    if source.is_file():
        return [source]
    raise SourceError(f"Không tìm thấy: {source}")


def read_all(source: Path, on_file=None, limits: Limits | None = None) -> tuple[list[SourceTable], list[Path]]:
    """Every table of a folder, a workbook or a single file as read (not yet recognised)."""
    paths = source_paths(source)
    tables: list[SourceTable] = []
    for index, path in enumerate(paths):
        tables.extend(read_source(path, limits))
        if on_file:
            on_file(path.name, index + 1, len(paths))
    return tables, paths
