"""Rejects that can be fixed: the rejects file, and a corrected one imported back on top of the
data already loaded.

The rejects file has one line per rejected row: where it came from (table, file, sheet, row as the
spreadsheet shows it), its key (visit_id, or visit_id|official_id), why (the reason codes, the
messages, the offending columns and values, several joined by "; " and " | "), `headers` (the
file's own headers in order, each with the column it was read as, as JSON) and then the whole row
as read, under the file's own headers (a header that is also one of the fixed names above gets
" (gốc)" added). An analyst corrects the cells, deletes the lines not worth fixing, and imports the
file back: only its rows are checked, with the same checks, against the rows already in the
database; a corrected row whose key is taken by a row already there with other content is rejected
and the row already there stays. Each table and original file of the rejects file is accounted
for on its own (rows read = loaded + rejected + merged).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from outreach.ingest import contract
from outreach.ingest.limits import SourceError
from outreach.ingest.sources import UNKNOWN_SEPARATOR, SourceTable

FIXED = ["table", "file", "sheet", "row", "key", "column", "value", "reason", "message", "headers"]
# The file name under which the rows already in the database are checked again with the corrected ones.
CURRENT = "(dữ liệu hiện có)"


def cell_name(header: str) -> str:
    return f"{header} (gốc)" if header in FIXED else header


# ---------------------------------------------------------------- writing

def rejects_frame(con: duckdb.DuckDBPyConnection, rejects: pd.DataFrame, parts: list[SourceTable]) -> pd.DataFrame:
    """One line per rejected row (rejects: one line per row, column and reason), with its key,
    its headers and its cells as read (original_<table>, outreach/ingest/checks.py)."""
    columns = list(FIXED)
    if rejects.empty:
        return pd.DataFrame(columns=columns)
    by_source = {(part.table, part.file, part.sheet or ""): part for part in parts}
    lines: list[dict] = []
    for table_name, group in rejects.groupby("table", sort=True):
        spec = contract.table(table_name)
        originals = con.execute(f"select * from original_{table_name}").df() if _exists(con, f"original_{table_name}") \
            else pd.DataFrame(columns=["_file", "_sheet", "_row"])
        originals = {(row["_file"], row["_sheet"], int(row["_row"])): row for row in originals.to_dict("records")}
        for (file, sheet, row), found in group.groupby(["file", "sheet", "row"], sort=True):
            part = by_source.get((table_name, file, sheet))
            original = originals.get((file, sheet, int(row)))
            line = {"table": table_name, "file": file, "sheet": sheet, "row": int(row)}
            line["key"] = "|".join(_text(original.get(f"v_{k}")) for k in spec.key) if original else ""
            line["column"] = "; ".join(dict.fromkeys(found["column"].fillna("").astype(str)))
            line["value"] = " | ".join(dict.fromkeys(found["value"].fillna("").astype(str)))
            line["reason"] = "; ".join(dict.fromkeys(found["reason"].astype(str)))
            line["message"] = " | ".join(dict.fromkeys(found["message"].fillna("").astype(str)))
            headers = part.headers if part else []
            mapping = part.mapping if part else {}
            line["headers"] = json.dumps([[h, mapping.get(h, "")] for h in headers], ensure_ascii=False)
            unknown = (_text(original.get("_unknown")).split(UNKNOWN_SEPARATOR) if original else [])
            position = 0
            for header in headers:
                name = cell_name(header)
                if name not in columns:
                    columns.append(name)
                if header in mapping:
                    line[name] = _text(original.get(f"v_{mapping[header]}")) if original else ""
                else:
                    line[name] = unknown[position] if position < len(unknown) else ""
                    position += 1
            lines.append(line)
    return pd.DataFrame(lines, columns=columns).fillna("")


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("select count(*) from duckdb_tables() where table_name = $n", {"n": name}).fetchone()[0])


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


# ---------------------------------------------------------------- reading a corrected file back

def is_corrections(part: SourceTable) -> bool:
    """A rejects file (corrected or not) rather than an export."""
    return {"table", "file", "row", "key", "reason", "headers"} <= set(part.headers)


def correction_parts(part: SourceTable) -> list[SourceTable]:
    """The lines of a corrected rejects file as sources, one per table and original file: each line's
    cells under its own headers, read as the columns they were read as the first time. The rows are
    numbered as in the rejects file, so what is rejected again points at its line there."""
    from outreach.ingest.recognise import apply

    frame = part.frame
    position = {header: index for index, header in enumerate(part.headers)}

    def cells(name: str) -> list[str]:
        return frame.column(f"#{position[name]}").to_pylist() if name in position else [""] * frame.num_rows

    tables, files, sheets, headers = cells("table"), cells("file"), cells("sheet"), cells("headers")
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for index, (table, file, sheet, header) in enumerate(zip(tables, files, sheets, headers)):
        groups.setdefault(((table or "").strip(), file or "", sheet or "", header or ""), []).append(index)
    rows = frame.column("_row").to_pylist()
    found = []
    for (table, file, sheet, header_json), indices in groups.items():
        if table not in contract.TABLES_BY_NAME:
            lines = ", ".join(str(rows[i]) for i in indices[:10])
            raise SourceError(f"{part.label}: dòng {lines}: cột table phải là tên một bảng của mẫu dữ liệu "
                              f"({', '.join(contract.TABLE_ORDER)}), không phải “{table}”")
        try:
            pairs = [(str(h), str(c)) for h, c in json.loads(header_json)]
        except (ValueError, TypeError) as error:
            raise SourceError(f"{part.label}: dòng {rows[indices[0]]}: cột headers đã bị sửa, không đọc được "
                              "(hãy giữ nguyên cột này)") from error
        chosen = pa.array(indices, pa.int64())
        label = f"{file} [{sheet}]" if sheet else file
        data = {"_file": pa.array([part.file] * len(indices), pa.string()),
                "_sheet": pa.array([label] * len(indices), pa.string()),
                "_row": pc.take(frame.column("_row"), chosen)}
        for index, (header, _) in enumerate(pairs):
            name = cell_name(header)
            data[f"#{index}"] = (pc.take(frame.column(f"#{position[name]}"), chosen) if name in position
                                 else pa.array([""] * len(indices), pa.string()))
        data["_extra_cells"] = pa.array([""] * len(indices), pa.string())
        source = SourceTable(None, part.file, label, pa.table(data), part.header_row, part.encoding, part.delimiter,
                             headers=[h for h, _ in pairs])
        mapping = {h: c for h, c in pairs if c in contract.table(table).column_names}
        found.append(apply(source, table, mapping, "corrections"))
    return found


def current_parts(database: Path) -> list[SourceTable]:
    """The rows already in the database, as text, one source per table (file CURRENT)."""
    target = Path(database)
    if not target.exists():
        raise SourceError("Nạp lại các dòng đã sửa cần dữ liệu đã nạp trước đó: chưa có cơ sở dữ liệu")
    found = []
    with duckdb.connect(str(target.resolve()), read_only=True) as con:
        for spec in contract.TABLES:
            arrow = con.execute(f"select * from {spec.name}").to_arrow_table()
            count = arrow.num_rows
            data = {"_file": pa.array([CURRENT] * count, pa.string()), "_sheet": pa.array([""] * count, pa.string()),
                    "_row": pa.array(range(1, count + 1), pa.int64())}
            for column in spec.column_names:
                data[column] = pc.fill_null(pc.cast(arrow.column(column), pa.string()), "")
            data["_extra_cells"] = pa.array([""] * count, pa.string())
            data["_unknown"] = pa.array([""] * count, pa.string())
            found.append(SourceTable(spec.name, CURRENT, None, pa.table(data), 1, recognised_by="current",
                                     headers=list(spec.column_names),
                                     mapping={c: c for c in spec.column_names}))
    return found


def copy_boundaries(con: duckdb.DuckDBPyConnection, database: Path) -> None:
    """The commune shapes of the current database into the new one (a correction brings none)."""
    path = str(Path(database).resolve()).replace("'", "''")
    con.execute(f"attach '{path}' as previous (read_only)")
    try:
        for table in ("commune_shapes", "boundary_features", "boundary_meta"):
            con.execute(f"insert into {table} select * from previous.{table}")
    finally:
        con.execute("detach previous")
