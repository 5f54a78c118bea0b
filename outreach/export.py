"""Writing extracts: CSV for Excel users (UTF-8 with BOM) and formatted XLSX."""

from __future__ import annotations

import io
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


def write_xlsx(frame: pd.DataFrame, target, *, sheet: str = "data", headers: dict[str, str] | None = None) -> None:
    """One sheet: bold frozen header row, autofilter, dates dd/mm/yyyy, rates as 0.0%."""
    clean = neutralise_formulas(frame)
    if headers:
        clean = clean.rename(columns=headers)
    with pd.ExcelWriter(target, engine="xlsxwriter", datetime_format="dd/mm/yyyy", date_format="dd/mm/yyyy") as writer:
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
