"""Write data/README.md (the export contract) from outreach.ingest.contract, so docs never drift."""

from __future__ import annotations

from pathlib import Path

from outreach.ingest import contract
from outreach.config import PROJECT_ROOT

README = PROJECT_ROOT / "data" / "README.md"

_TYPE_WORDS = {
    contract.TEXT: "text",
    contract.DATE: "date (YYYY-MM-DD or dd/mm/yyyy)",
    contract.INTEGER: "whole number",
    contract.DECIMAL: "number (1234.5 or 1.234,5)",
    contract.BOOLEAN: "yes/no (true/false, 1/0, có/không, x/blank)",
    contract.ENUM: "code",
}

INTRO = """# The export contract

<!-- Generated from outreach/ingest/contract.py by `python -m outreach docs`; edit that file, not this one. -->

An export is one file per table, named after the table (`communes.csv`, `visits.parquet`,
`feedback.xlsx`, ...), all in one folder. `python -m outreach ingest FOLDER` checks it against this
contract and builds the database. The metric definitions built on these tables are in
[docs/metrics.md](../docs/metrics.md).

General rules:

- One file per table (or several: one per district or month, unioned and accounted for per
  file), or one workbook with one sheet per table. Files and sheets are recognised by
  name in English or Vietnamese (`visits`, `Buổi xuống cơ sở`, `buoi_xuong_co_so`, `can_bo`), or by
  their columns; names outside the alias tables are recognised by similar words and by the
  contents, every guess reported, and an undecidable case stops with its candidates until a person
  maps it once (rules and the mapping file: [docs/import.md](../docs/import.md)). CSV may be UTF-8 (with or without BOM), UTF-16 or Windows-1258, separated by
  commas, semicolons or tabs; XLSX and Parquet are read too. The header is the first row that holds
  known column names (a title row above it is fine).
- Column names may be the English names below or the Vietnamese headers, in any case, with or
  without accents (`Mã xã`, `MA XA`, `ma_xa`, `commune_code`); more spellings are in
  `outreach/ingest/header_aliases.csv`, and headers with extra words, units, abbreviations or
  another word order (`Ngày làm việc`, `Định mức (buổi/tháng)`, `Mã CB`) are recognised too. Unknown columns are kept aside and reported, not loaded.
- Codes and ids are **text**: `00004` keeps its zeros. Commune codes that a spreadsheet turned into
  numbers (`4`) are re-padded to 5 digits, province codes to 2.
- Dates are calendar dates with no time zone: `2026-03-12`, `12/03/2026`, `12/3/26`, a date-time,
  or an Excel date cell.
- Yes/no columns accept `true`/`false`, `1`/`0`, `có`/`không`, `x`/blank (blank means no).
- Enum columns accept the code or its Vietnamese label (e.g. `Có mặt` for `present`, `Đã tổ chức`
  for `held`), in any case and with or without accents.
- Numbers accept Vietnamese separators: `24.310` (a whole number), `18,4`, `1.234,5`.
- Text is normalised to Unicode NFC, trimmed, and inner runs of spaces are folded.
- Required columns must exist (a missing required column fails the whole import, naming the columns
  expected and found) and required values must be filled. Optional columns may be absent.

What happens to a bad row: it is **rejected**, never silently dropped. The rejects file (default
`data/outreach_rejects.csv`, also downloadable on the Data page) has one line per rejected row: the
table, file, sheet, row number as the spreadsheet shows it, the row's key, the column, the value,
the reason and the whole row as read under the file's own headers. Corrected, it imports back on
top of the current data (only its rows, with the same checks; [docs/import.md](../docs/import.md)). Rows that refer to a rejected or unknown row (an attendance
row of an unknown visit) are rejected too. Two rows with the same key and identical content are
merged (counted as merged); two rows with the same key and different content are both rejected.
For every file, rows read = rows loaded + rows rejected + duplicate rows merged. Exit codes of
`ingest`: 0 loaded with nothing rejected, 2 loaded with some rows rejected, 1 failed (the previous
database is left untouched).

Further checks: dates before 2000-01-01 or more than two years ahead are rejected; events dated after
the export (a held visit, receiving, forwarding, replying, resolving) are rejected; a reply, forward
or resolution dated before the item was received is rejected; an assignment or an official whose end
date is before its start is rejected; an attendance row that is not on the roster (listed = no) must
be a walk-in (present or late); numbers must lie in their range. Warnings (rows kept): unknown
columns, unrecognised files or sheets, cells beyond the named columns, and commune codes that are not
the national 2025 list's code for that unit (`vietnam-provinces`; the other code list in use is
recognised by province and name).

Every import is recorded (when, which files with their SHA-256, counts, as_of) in
`data/outreach_imports.jsonl`, shown on the Data page. The Data page also offers an XLSX template
with the Vietnamese headers and example rows.
"""


def render() -> str:
    parts = [INTRO]
    for table in contract.TABLES:
        parts.append(f"\n## `{table.name}` — {table.title_vi}\n\n{table.meaning}\n\n"
                     f"Key: ({', '.join(table.key)}), unique.\n\n"
                     "| column | Vietnamese header | type | required | meaning | allowed values / refers to |\n"
                     "|---|---|---|---|---|---|\n")
        for column in table.columns:
            allowed = ", ".join(f"`{code}` ({label})" for code, label in column.allowed.items())
            if column.references:
                allowed = f"→ `{column.references[0]}.{column.references[1]}`"
            if column.minimum is not None:
                allowed = (allowed + "; " if allowed else "") + f"≥ {column.minimum:g}"
            meaning = column.meaning + (" **Personal data: masked unless the role allows it.**" if column.personal else "")
            parts.append(f"| `{column.name}` | {column.title_vi} | {_TYPE_WORDS[column.type]} | "
                         f"{'yes' if column.required else 'no'} | {meaning} | {allowed} |\n")
        header = "| " + " | ".join(table.column_names) + " |\n|" + "---|" * len(table.columns) + "\n"
        rows = "".join("| " + " | ".join(example.get(name, "") for name in table.column_names) + " |\n"
                       for example in table.example)
        parts.append(f"\nExample:\n\n{header}{rows}")
    return "".join(parts)


def write(path: Path = README) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
