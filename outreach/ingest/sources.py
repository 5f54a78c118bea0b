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
from outreach.ingest import contract
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
    """One table as read from one file (or one sheet of a workbook)."""

    table: str
    file: str
    sheet: str | None
    frame: pa.Table                          # canonical columns as text, plus _file, _sheet, _row, _extra_cells
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None
    unknown_columns: list[str] = field(default_factory=list)
    recognised_by: str = "name"              # name | columns
    # Rows read but not readable as values (row, column, value, reason, message): rejected as they are.
    problems: list[tuple[int, str, str, str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


@dataclass
class Unrecognised:
    file: str
    sheet: str | None
    columns: list[str]
    reason: str


# ---------------------------------------------------------------- folding and aliases

def fold(text: object) -> str:
    """'Mã xã' / 'MA_XA' / ' ma  xa ' -> 'ma xa': accents off (đ -> d), lower case, any
    punctuation or underscore as one space."""
    value = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn").lower()
    value = "".join(ch if ch.isalnum() else " " for ch in value)
    return " ".join(value.split())


@lru_cache(maxsize=1)
def header_aliases() -> dict[str, dict[str, str]]:
    """table -> {folded header -> canonical column}: canonical names, Vietnamese titles from the
    contract, and the extra spellings of header_aliases.csv ('*' applies to every table)."""
    extra = pd.read_csv(HERE / "header_aliases.csv", dtype=str, keep_default_na=False)
    result: dict[str, dict[str, str]] = {}
    for table in contract.TABLES:
        mapping: dict[str, str] = {}
        for column in table.columns:
            mapping[fold(column.name)] = column.name
            mapping[fold(column.title_vi)] = column.name
        for _, row in extra.iterrows():
            if row["table"] in ("*", table.name) and row["column"] in table.column_names:
                mapping.setdefault(fold(row["alias"]), row["column"])
        result[table.name] = mapping
    return result


@lru_cache(maxsize=1)
def table_aliases() -> dict[str, str]:
    extra = pd.read_csv(HERE / "table_aliases.csv", dtype=str, keep_default_na=False)
    mapping = {}
    for table in contract.TABLES:
        mapping[fold(table.name)] = table.name
        mapping[fold(table.title_vi)] = table.name
    for _, row in extra.iterrows():
        mapping.setdefault(fold(row["alias"]), row["table"])
    return mapping


def table_from_name(name: str) -> str | None:
    key = fold(name)
    aliases = table_aliases()
    if key in aliases:
        return aliases[key]
    # "02_can_bo_2026" and the like: drop leading/trailing numbers.
    words = [word for word in key.split() if not word.isdigit()]
    return aliases.get(" ".join(words))


def map_headers(table: str, headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """{source header -> canonical column} and the headers that map to nothing (kept aside)."""
    aliases = header_aliases()[table]
    mapping, unknown = {}, []
    for header in headers:
        column = aliases.get(fold(header))
        if column and column not in mapping.values():
            mapping[header] = column
        elif str(header).strip():
            unknown.append(str(header))
    return mapping, unknown


def table_from_columns(headers: list[str]) -> str | None:
    """The table whose required columns are all among the headers, preferring the best overlap."""
    best, best_score = None, 0.0
    for table in contract.TABLES:
        mapping, _ = map_headers(table.name, headers)
        found = set(mapping.values())
        if not set(table.required_columns) <= found:
            continue
        score = len(found) / len(table.columns) + len(found & set(table.key)) * 0.01
        if score > best_score:
            best, best_score = table.name, score
    return best


# ---------------------------------------------------------------- headers

@lru_cache(maxsize=1)
def _known_headers() -> frozenset[str]:
    return frozenset(key for mapping in header_aliases().values() for key in mapping)


def looks_like_header(values: list[str]) -> bool:
    """At least two cells are known column names (a title row above the header is not)."""
    known = _known_headers()
    return sum(fold(value) in known for value in values if str(value).strip()) >= 2


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

def _problem(header: list[str], mapping: dict[str, str], number: int, values: list[str],
             unreadable: Unreadable | None, limit: int) -> tuple[int, str, str, str, str] | None:
    """A row that is read but cannot be loaded as it is: a value longer than `limit` (found here
    in any source, or by the CSV reader) or a record the reader could not split."""
    if unreadable is None:
        if not values or max(map(len, values)) <= limit:
            return None
        index = next(i for i, value in enumerate(values) if len(value) > limit)
        unreadable = Unreadable("field_too_long", index, len(values[index]))
    index = unreadable.column
    source = header[index] if index is not None and index < len(header) else ""
    column = mapping.get(source, source) if source else ""
    value = values[index] if index is not None and index < len(values) else ""
    preview = value[:PREVIEW_CHARS] + ("…" if len(value) > PREVIEW_CHARS else "")
    if unreadable.reason == "field_too_long":
        where = (f"cột {column}" if column else
                 f"ô thứ {index + 1}, ngoài các cột có tiêu đề" if index is not None else "một ô")
        size = f"dài {fmt_int(len(value))} ký tự, tối đa" if value else "dài hơn"
        message = (f"{READ_REASONS['field_too_long']}: {where} {size} {fmt_int(limit)} ký tự ([import] max_field_chars); "
                   "dòng không được nạp")
    else:
        message = f"{READ_REASONS['unreadable_row']} ({fmt_int(unreadable.length)} ký tự); dòng không được nạp"
    return number, column, preview, unreadable.reason, message


def _frame(table: str, header: list[str], rows: Iterable[Record], *, file: str, sheet: str | None,
           limits: Limits) -> tuple[pa.Table, list[str], list[tuple[int, str, str, str, str]]]:
    """The rows as one Arrow table of text, built BATCH_ROWS at a time; plus the unknown headers
    and the rows that cannot be loaded as they are (kept in the table without values)."""
    mapping, unknown = map_headers(table, header)
    positions = {column: header.index(source) for source, column in mapping.items()}
    width = len(header)
    batches, problems = [], []
    rows = iter(rows)
    while True:
        batch = list(itertools.islice(rows, BATCH_ROWS))
        if not batch and batches:
            break
        kept = []
        for number, values, unreadable in batch:
            problem = _problem(header, mapping, number, values, unreadable, limits.max_field_chars)
            if problem:
                problems.append(problem)
                values = []
            kept.append((number, values))
        data: dict[str, list] = {"_file": [file] * len(kept), "_sheet": [sheet or ""] * len(kept),
                                 "_row": [number for number, _ in kept]}
        for column, position in positions.items():
            data[column] = [values[position] if position < len(values) else "" for _, values in kept]
        # A row with more cells than the header has data nobody named: keep it visible.
        data["_extra_cells"] = [
            " | ".join(value for value in values[width:] if value.strip()) for _, values in kept
        ]
        batches.append(_arrow(data))
        if len(batch) < BATCH_ROWS:
            break
    return pa.concat_tables(batches), unknown, problems


def _arrow(data: dict[str, list]) -> pa.Table:
    return pa.table({name: pa.array(values, type=pa.int64() if name == "_row" else pa.string())
                     for name, values in data.items()})


def _parquet_frame(table: str, arrow: pa.Table, *, file: str) -> tuple[pa.Table, list[str]]:
    """Parquet columns cast to text in Arrow (no Python loop over rows)."""
    header = list(arrow.column_names)
    mapping, unknown = map_headers(table, header)
    count = arrow.num_rows
    columns = {"_file": pa.array([file] * count, pa.string()), "_sheet": pa.array([""] * count, pa.string()),
               "_row": pa.array(range(2, count + 2), pa.int64())}
    for source, column in mapping.items():
        values = arrow.column(source)
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
        columns[column] = pc.fill_null(text, "")
    columns["_extra_cells"] = pa.array([""] * count, pa.string())
    return pa.table(columns), unknown


def _recognise(name: str, header: list[str]) -> tuple[str | None, str]:
    by_name = table_from_name(name)
    if by_name:
        return by_name, "name"
    by_columns = table_from_columns(header)
    return by_columns, "columns"


def _quiet(error: Exception, path: Path) -> str:
    """A reader's own words about a damaged file, without the server's folders."""
    text = str(error).replace(str(path.resolve()), path.name).replace(str(path), path.name)
    return text.replace(str(path.resolve().parent), "…").replace(str(path.parent), "…")[:300]


def read_source(path: Path, limits: Limits | None = None) -> tuple[list[SourceTable], list[Unrecognised]]:
    """All tables in one file (a workbook may hold several), each file and sheet checked against
    `limits` before it is parsed."""
    limits = limits or Limits()
    suffix = path.suffix.lower()
    found: list[SourceTable] = []
    skipped: list[Unrecognised] = []
    if suffix in CSV_SUFFIXES:
        with CsvRecords(path, limits.max_field_chars) as records:
            header, header_line, rows = split_header(records)
            if not header:
                raise SourceError(f"{path.name}: tệp trống, không có dòng tiêu đề")
            table, how = _recognise(path.stem, header)
            if table is None:
                skipped.append(Unrecognised(path.name, None, header, "không nhận ra bảng theo tên tệp hay tên cột"))
            else:
                frame, unknown, problems = _frame(table, header, rows, file=path.name, sheet=None, limits=limits)
                found.append(SourceTable(table, path.name, None, frame, header_line, records.encoding,
                                         records.delimiter, unknown, how, problems))
    elif suffix in EXCEL_SUFFIXES:
        from python_calamine import CalamineWorkbook

        check_workbook(path, limits)
        try:
            workbook = CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises its own types for damaged files
            raise SourceError(f"{path.name}: không mở được sổ Excel ({_quiet(error, path)})") from error
        sheets = workbook.sheet_names
        for sheet in sheets:
            try:
                loaded = workbook.get_sheet_by_name(sheet)
            except Exception as error:  # calamine raises its own types for damaged sheets
                raise SourceError(f"{path.name}, trang tính “{sheet}”: không đọc được ({_quiet(error, path)})") from error
            if loaded.end is not None:
                check_sheet_range(path.name, sheet, loaded.end[0] + 1, loaded.end[1] + 1, limits)
            header, header_row, rows = split_header(sheet_records(loaded.to_python(skip_empty_area=False)))
            if not header:
                continue
            # One file per table: the file name decides; a workbook of tables: the sheet name does.
            table, how = _recognise(sheet, header)
            if table is None and len(sheets) == 1:
                table, how = _recognise(path.stem, header)
            if table is None:
                skipped.append(Unrecognised(path.name, sheet, header, "không nhận ra bảng theo tên trang tính hay tên cột"))
                continue
            frame, unknown, problems = _frame(table, header, rows, file=path.name, sheet=sheet, limits=limits)
            found.append(SourceTable(table, path.name, sheet, frame, header_row, None, None, unknown, how, problems))
    elif suffix in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq

        check_parquet(path, limits)
        try:
            arrow = pq.read_table(path)
        except Exception as error:  # pyarrow raises several types for damaged files
            raise SourceError(f"{path.name}: không đọc được tệp Parquet ({_quiet(error, path)})") from error
        header = list(arrow.column_names)
        table, how = _recognise(path.stem, header)
        if table is None:
            skipped.append(Unrecognised(path.name, None, header, "không nhận ra bảng theo tên tệp hay tên cột"))
        else:
            frame, unknown = _parquet_frame(table, arrow, file=path.name)
            found.append(SourceTable(table, path.name, None, frame, 1, None, None, unknown, how))
    return found, skipped


def discover(source: Path, on_file=None, limits: Limits | None = None
             ) -> tuple[list[SourceTable], list[Unrecognised], list[Path]]:
    """Tables in a folder, a workbook or a single file; plus unrecognised sheets and the files read."""
    source = Path(source)
    if source.is_dir():
        paths = [path for path in sorted(source.iterdir())
                 if path.is_file() and path.suffix.lower() in CSV_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES
                 and path.stem.lower() not in IGNORED_STEMS and not path.name.startswith((".", "~$"))]
    elif source.is_file():
        paths = [source]
    else:
        raise SourceError(f"Không tìm thấy: {source}")
    tables: list[SourceTable] = []
    skipped: list[Unrecognised] = []
    for index, path in enumerate(paths):
        found, unknown = read_source(path, limits)
        if on_file:
            on_file(path.name, index + 1, len(paths))
        tables.extend(found)
        skipped.extend(unknown)
    return tables, skipped, paths
